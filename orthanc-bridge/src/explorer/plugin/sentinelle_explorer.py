"""Sentinelle's Orthanc Explorer extension (orthanc-python 4.0, Orthanc 1.10).

On a study page of Orthanc Explorer it shows the AI analysis of the study and offers
"Analyse now (urgent)" and, when a viewer URL is configured, "Open in viewer".
The browser only talks to Orthanc; two REST routes of this plugin forward to the bridge:

    GET  /sentinelle/studies/<StudyInstanceUID>/analysis  ->  GET  <bridge>/api/studies/<uid>/analysis
    POST /sentinelle/studies/<StudyInstanceUID>/analyse   ->  POST <bridge>/api/studies/<uid>/analyse

The bridge keeps all the logic; this plugin checks its settings, forwards, and relays the answer
(2xx as 200, errors with the bridge's status and JSON body; 502 when the bridge does not answer).

Settings, from the "Sentinelle" section of the Orthanc configuration, else the environment:
    BridgeUrl  / SENTINELLE_BRIDGE_URL  the bridge's base URL, e.g. http://127.0.0.1:3000 (required)
    Network    / SENTINELLE_NETWORK     "loopback" (default: BridgeUrl must be a loopback address)
                                        or "container" (a private container network)
    ViewerUrl                           the viewer page; when set, "Open in viewer" links to
                                        <ViewerUrl>?StudyInstanceUIDs=<uid> (hidden otherwise)
Wrong settings stop Orthanc at start with one log line starting with [sentinelle-explorer].
"""

import ipaddress
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request

import orthanc

TAG = '[sentinelle-explorer]'
# Also the marker the tests look for in /plugins/explorer.js.
EXPLORER_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'sentinelle_explorer.js')
STUDY_UID = re.compile(r'^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$')
FORWARD_TIMEOUT_S = 10
MAX_BODY_BYTES = 16 * 1024


class SettingsError(Exception):
    pass


def _is_loopback(host):
    if host.lower() == 'localhost':
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _base_url(name, raw, network):
    """A checked http(s) base URL without a trailing slash."""
    url = urllib.parse.urlsplit(raw.strip())
    if url.scheme not in ('http', 'https') or not url.hostname:
        raise SettingsError('%s must be an http(s) URL such as http://127.0.0.1:3000, got %r' % (name, raw))
    if url.username or url.password or url.query or url.fragment:
        raise SettingsError('%s must not hold credentials, a query or a fragment, got %r' % (name, raw))
    if network == 'loopback' and not _is_loopback(url.hostname):
        raise SettingsError(
            '%s must name a loopback address (127.0.0.1, ::1 or localhost), got %r; '
            'set Network to "container" only inside a private container network' % (name, raw)
        )
    return urllib.parse.urlunsplit((url.scheme, url.netloc, url.path.rstrip('/'), '', ''))


def read_settings(configuration, environ):
    section = configuration.get('Sentinelle') or {}
    if not isinstance(section, dict):
        raise SettingsError('the "Sentinelle" section of the Orthanc configuration must be an object')
    network = section.get('Network') or environ.get('SENTINELLE_NETWORK') or 'loopback'
    if network not in ('loopback', 'container'):
        raise SettingsError('Network must be "loopback" or "container", got %r' % (network,))
    bridge = section.get('BridgeUrl') or environ.get('SENTINELLE_BRIDGE_URL')
    if not bridge:
        raise SettingsError(
            'no bridge URL: set "Sentinelle": {"BridgeUrl": "http://127.0.0.1:3000"} in the Orthanc '
            'configuration, or the environment variable SENTINELLE_BRIDGE_URL'
        )
    viewer = section.get('ViewerUrl')
    return {
        'bridge': _base_url('BridgeUrl', str(bridge), network),
        # The browser opens the viewer itself: it need not be on loopback.
        'viewer': _base_url('ViewerUrl', str(viewer), 'container') if viewer else None,
    }


def _explorer_js(settings):
    with open(EXPLORER_JS, encoding='utf-8') as f:
        js = f.read()
    browser_settings = json.dumps({'viewerUrl': settings['viewer']}, separators=(',', ':'))
    if '__SENTINELLE_SETTINGS__' not in js:
        raise SettingsError('%s lacks its __SENTINELLE_SETTINGS__ placeholder' % EXPLORER_JS)
    return js.replace('__SENTINELLE_SETTINGS__', browser_settings)


# The bridge is on loopback (or a private network): never go through an HTTP proxy.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _error(status, message):
    return status, json.dumps({'error': {'status': status, 'message': message}})


def _call_bridge(bridge, method, path, body=None):
    """(status, text) of the bridge's answer, or a 502 saying why it did not answer."""
    headers = {'Accept': 'application/json'}
    if body is not None:
        headers['Content-Type'] = 'application/json'
    request = urllib.request.Request(bridge + path, data=body, method=method, headers=headers)
    try:
        with _opener.open(request, timeout=FORWARD_TIMEOUT_S) as response:
            return response.status, response.read().decode('utf-8', 'replace')
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode('utf-8', 'replace')
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, 'reason', e)
        orthanc.LogWarning('%s the bridge at %s did not answer %s %s: %s' % (TAG, bridge, method, path, reason))
        return _error(502, 'the Sentinelle bridge at %s did not answer (%s)' % (bridge, reason))


def _reply(output, status, text):
    if 200 <= status < 300:
        output.AnswerBuffer(text, 'application/json')
        return
    # Orthanc reserves 401 and 405 for its own calls, and the browser must not see the bridge's
    # 401 as a request for Orthanc credentials.
    if status in (401, 403):
        status, text = _error(502, 'the Sentinelle bridge refused the Orthanc plugin (HTTP %d)' % status)
    elif status == 405 or status < 400 or status > 599:
        status, text = _error(502, 'unexpected answer from the Sentinelle bridge (HTTP %d)' % status)
    output.SetHttpHeader('Content-Type', 'application/json')
    # orthanc-python 4.0 wants (status, body as str, body size in bytes).
    output.SendHttpStatus(status, text, len(text.encode('utf-8')))


def _study_uid(output, request):
    uid = request['groups'][0]
    if not STUDY_UID.match(uid) or len(uid) > 64:
        _reply(output, *_error(400, '%r is not a StudyInstanceUID' % uid[:80]))
        return None
    return uid


def install(settings):
    bridge = settings['bridge']

    def get_analysis(output, uri, **request):
        if request['method'] != 'GET':
            output.SendMethodNotAllowed('GET')
            return
        uid = _study_uid(output, request)
        if uid:
            _reply(output, *_call_bridge(bridge, 'GET', '/api/studies/%s/analysis' % uid))

    def analyse(output, uri, **request):
        if request['method'] != 'POST':
            output.SendMethodNotAllowed('POST')
            return
        uid = _study_uid(output, request)
        if not uid:
            return
        # A cross-site HTML form cannot send application/json: this keeps the browser's cached
        # Orthanc credentials from being used to queue analyses from another site.
        content_type = request.get('headers', {}).get('content-type', '')
        if content_type.split(';')[0].strip().lower() != 'application/json':
            _reply(output, *_error(415, 'send the analysis request as application/json, e.g. {"priority": "stat"}'))
            return
        body = request.get('body') or b''
        if len(body) > MAX_BODY_BYTES:
            _reply(output, *_error(413, 'the analysis request is larger than %d bytes' % MAX_BODY_BYTES))
            return
        _reply(output, *_call_bridge(bridge, 'POST', '/api/studies/%s/analyse' % uid, body))

    orthanc.RegisterRestCallback('/sentinelle/studies/([^/]+)/analysis', get_analysis)
    orthanc.RegisterRestCallback('/sentinelle/studies/([^/]+)/analyse', analyse)
    orthanc.ExtendOrthancExplorer(_explorer_js(settings))
    orthanc.LogWarning(
        '%s installed: study pages show the AI analysis from the bridge at %s%s'
        % (TAG, bridge, '' if settings['viewer'] else ' (no ViewerUrl: "Open in viewer" hidden)')
    )


def _initialise():
    try:
        settings = read_settings(json.loads(orthanc.GetConfiguration()), os.environ)
        install(settings)
    except (SettingsError, OSError) as e:
        # Raising here makes Orthanc stop at start: better than an Explorer that silently lacks AI.
        # The short exception keeps the log line above among the last lines of Orthanc's log.
        orthanc.LogError('%s cannot start: %s' % (TAG, e))
        raise RuntimeError('%s cannot start (see the line above)' % TAG) from None


_initialise()
