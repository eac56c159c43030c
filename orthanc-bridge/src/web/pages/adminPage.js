// What the bridge's management pages (/users, /templates) share: the page's language and strings,
// elements built without HTML parsing, and API calls on the signed-in session (CSRF token, back
// to /login when the session is gone). Each page calls SentinellePage(strings) first.
(function () {
  'use strict';
  window.SentinellePage = function (strings) {
    var lang = window.SentinelleLanguage.lang;
    var english = lang === 'en';
    var csrf = '';
    var signIn = '/login?next=' + encodeURIComponent(location.pathname);
    function $(id) {
      return document.getElementById(id);
    }
    // The string for `key` in the page's language, `{name}` filled from `values`.
    function t(key, values) {
      var text = strings[lang][key] || key;
      Object.keys(values || {}).forEach(function (name) {
        text = text.split('{' + name + '}').join(String(values[name]));
      });
      return text;
    }
    function el(tag, props, children) {
      var node = document.createElement(tag);
      Object.keys(props || {}).forEach(function (key) {
        if (key === 'testid') node.setAttribute('data-testid', props[key]);
        else node[key] = props[key];
      });
      (children || []).forEach(function (child) {
        node.appendChild(child);
      });
      return node;
    }
    // A write clears the last message; an error answer rejects with the API's message.
    function call(method, path, body) {
      if (method !== 'GET') {
        $('error').textContent = '';
        $('saved').textContent = '';
      }
      return fetch('/api' + path, {
        method: method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(function (response) {
        if (response.status === 401) return location.assign(signIn);
        if (response.status === 204) return null;
        return response.json().then(function (json) {
          if (!response.ok)
            throw new Error(
              window.SentinelleLanguage.errorText(
                response.status,
                json.error && json.error.code,
                json.error && json.error.params,
              ),
            );
          return json;
        });
      });
    }
    function fail(error) {
      $('error').textContent = error.message;
    }
    // Reads the session (its CSRF token), then hands its user to `ready`.
    function start(ready) {
      fetch('/api/auth/session')
        .then(function (response) {
          return response.json();
        })
        .then(function (json) {
          if (!json.user) return location.assign(signIn);
          csrf = json.csrfToken || '';
          return ready(json.user);
        })
        .catch(fail);
    }
    if (english) {
      document.querySelectorAll('[data-t]').forEach(function (node) {
        node.textContent = t(node.getAttribute('data-t'));
      });
    }
    var heading = document.querySelector('h1');
    if (heading) document.title = 'Sentinelle — ' + heading.textContent;
    return { lang: lang, $: $, t: t, el: el, call: call, fail: fail, start: start };
  };
})();
