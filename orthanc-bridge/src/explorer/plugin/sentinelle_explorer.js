/**
 * sentinelle-explorer: the Sentinelle AI panel on Orthanc Explorer's study page (Orthanc 1.10,
 * jQuery Mobile 1.1). Loaded by sentinelle_explorer.py, which replaces the settings placeholder
 * below with {"viewerUrl": ...}. Everything goes through Orthanc's own REST API: the study's UID
 * from ../studies/<id>, the analysis from the plugin's ../sentinelle/studies/<uid>/... routes.
 */
(function (settings) {
  'use strict';

  var TAG = '[sentinelle-explorer]';
  var POLL_MS = 3000;
  var current = { orthancId: null, uid: null, timer: null };

  function text(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : d.toLocaleString();
  }

  function seconds(ms) {
    return typeof ms === 'number' ? (ms / 1000).toFixed(1) + ' s' : '';
  }

  /** One line a PACS admin can read, for each analysis status. */
  function describe(analysis) {
    var model = analysis.model ? analysis.model.id + ' ' + analysis.model.version : '';
    switch (analysis.status) {
      case 'queued':
        return 'Queued (priority ' + analysis.priority + ', since ' + when(analysis.requestedAt) + ')';
      case 'running':
        return 'Running (priority ' + analysis.priority + ', started ' + when(analysis.startedAt) + ')';
      case 'done': {
        var score = typeof analysis.malignancyScore === 'number' ? analysis.malignancyScore.toFixed(2) : '?';
        var result = analysis.result || {};
        var lesions = typeof result.lesions === 'number' ? ', ' + result.lesions + ' lesion(s) flagged' : '';
        var took = analysis.timings ? ' in ' + seconds(analysis.timings.total) : '';
        var by = ' (' + model + ', ' + when(analysis.finishedAt) + took + ')';
        return 'Done: malignancy probability ' + score + lesions + by;
      }
      case 'failed':
        return 'Failed: ' + text(analysis.reason);
      case 'skipped':
        return 'Skipped: ' + text(analysis.reason);
      default:
        return text(analysis.status);
    }
  }

  function errorMessage(xhr) {
    try {
      var body = JSON.parse(xhr.responseText);
      if (body && body.error && body.error.message) return body.error.message;
    } catch {
      // not JSON: fall through
    }
    return 'HTTP ' + xhr.status + ' ' + text(xhr.statusText);
  }

  function show(status, note) {
    $('#sentinelle-ai-status').text(status);
    $('#sentinelle-ai-note')
      .text(note || '')
      .toggle(!!note);
    $('#sentinelle-ai').listview('refresh');
  }

  function stopPolling() {
    if (current.timer) clearTimeout(current.timer);
    current.timer = null;
  }

  /** False once the admin left this study's page: late answers and polls are dropped. */
  function onStudyPage(orthancId) {
    return orthancId !== null && current.orthancId === orthancId;
  }

  function load(orthancId, note) {
    stopPolling();
    $.ajax({
      url: '../sentinelle/studies/' + encodeURIComponent(current.uid) + '/analysis',
      dataType: 'json',
      cache: false,
      success: function (answer) {
        if (!onStudyPage(orthancId)) return;
        var analysis = answer.analysis;
        show(describe(analysis), note);
        if (analysis.status === 'queued' || analysis.status === 'running') {
          current.timer = setTimeout(function () {
            if (onStudyPage(orthancId)) load(orthancId);
          }, POLL_MS);
        }
      },
      error: function (xhr) {
        if (!onStudyPage(orthancId)) return;
        if (xhr.status === 404) {
          show('No AI analysis yet (the bridge records a study once Orthanc declares it stable)', note);
        } else {
          show('AI status unavailable: ' + errorMessage(xhr), note);
        }
      },
    });
  }

  /**
   * The session's CSRF token, which the bridge wants with every write (through the bridge, the
   * panel's routes are the bridge's API); null on Orthanc itself, which has no such route.
   */
  function withCsrfToken(then) {
    $.ajax({
      url: '../sentinelle/auth/session',
      dataType: 'json',
      cache: false,
      success: function (session) {
        then((session && session.csrfToken) || null);
      },
      error: function () {
        then(null);
      },
    });
  }

  function analyseNow() {
    var orthancId = current.orthancId;
    var uid = current.uid;
    if (!uid) return false;
    show('Requesting an urgent analysis…');
    withCsrfToken(function (token) {
      $.ajax({
        url: '../sentinelle/studies/' + encodeURIComponent(uid) + '/analyse',
        type: 'POST',
        contentType: 'application/json',
        headers: token ? { 'X-CSRF-Token': token } : {},
        data: JSON.stringify({ priority: 'stat' }),
        dataType: 'json',
        success: function () {
          if (onStudyPage(orthancId)) load(orthancId, 'Urgent analysis requested.');
        },
        error: function (xhr) {
          if (onStudyPage(orthancId)) load(orthancId, errorMessage(xhr));
        },
      });
    });
    return false;
  }

  /** The panel, above the study page's "Access" list; built once, enhanced like the page's own lists. */
  function ensurePanel() {
    if ($('#sentinelle-ai').length) return;
    var panel = $('<ul data-role="listview" data-inset="true" data-theme="d" data-divider-theme="c">')
      .attr('id', 'sentinelle-ai')
      .append($('<li data-role="list-divider">').text('Sentinelle AI'))
      .append($('<li>').attr('id', 'sentinelle-ai-status').css('white-space', 'normal').text('…'))
      .append($('<li data-theme="e">').attr('id', 'sentinelle-ai-note').css('white-space', 'normal').hide())
      .append(
        $('<li data-icon="alert">').append(
          $('<a href="#">')
            .attr('id', 'sentinelle-ai-analyse')
            .text('Analyse now (urgent)')
            .click(analyseNow),
        ),
      );
    if (settings.viewerUrl) {
      panel.append(
        $('<li data-icon="search">').append(
          $('<a href="#" target="_blank" rel="noopener">')
            .attr('id', 'sentinelle-ai-viewer')
            .text('Open in viewer'),
        ),
      );
    }
    panel.insertBefore($('#study-access'));
    panel.listview();
  }

  function open() {
    var orthancId = ($.mobile.pageData && $.mobile.pageData.uuid) || null;
    stopPolling();
    current = { orthancId: orthancId, uid: null, timer: null };
    if (!orthancId) return;
    ensurePanel();
    show('…');
    $.ajax({
      url: '../studies/' + encodeURIComponent(orthancId),
      dataType: 'json',
      cache: false,
      success: function (study) {
        if (!onStudyPage(orthancId)) return;
        current.uid = study.MainDicomTags && study.MainDicomTags.StudyInstanceUID;
        if (!current.uid) {
          show('This study has no StudyInstanceUID');
          return;
        }
        if (settings.viewerUrl) {
          $('#sentinelle-ai-viewer').attr(
            'href',
            settings.viewerUrl + '?StudyInstanceUIDs=' + encodeURIComponent(current.uid),
          );
        }
        load(orthancId);
      },
      error: function (xhr) {
        if (onStudyPage(orthancId)) show('Cannot read this study from Orthanc: ' + errorMessage(xhr));
        if (window.console) window.console.warn(TAG, 'cannot read the study', xhr.status);
      },
    });
  }

  $('#study').live('pagebeforeshow', open);
  $('#study').live('pagehide', function () {
    stopPolling();
    current = { orthancId: null, uid: null, timer: null };
  });
  // The back button can move from one study to another without showing the page again.
  $(window).bind('hashchange', function () {
    var active = $.mobile.activePage && $.mobile.activePage.attr('id');
    var uuid = $.mobile.pageData && $.mobile.pageData.uuid;
    if (active === 'study' && uuid && uuid !== current.orthancId) open();
  });
})(__SENTINELLE_SETTINGS__);
