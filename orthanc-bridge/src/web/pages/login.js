// Sign-in page: password, then the second factor or its enrolment, then back to where the user was going.
(function () {
  'use strict';
  var STRINGS = {
    fr: {
      login: 'Identifiant',
      password: 'Mot de passe',
      signIn: 'Se connecter',
      code: 'Code',
      verify: 'Vérifier',
      codeHelp: "Saisissez le code de votre application d'authentification, ou un code de secours.",
      enrolHelp:
        "Votre rôle exige un second facteur. Scannez ce code avec une application d'authentification (TOTP), puis saisissez le code affiché.",
      secret: 'Clé\u00a0:',
      confirm: 'Confirmer',
      continue: 'Continuer',
      recoveryHelp:
        'Codes de secours : chacun sert une fois si vous perdez votre téléphone. Conservez-les en lieu sûr ; ils ne seront plus affichés.',
      other: 'English',
      sso: "Se connecter avec le compte de l'établissement",
      failed: 'Échec de la connexion',
      401: 'Identifiant, mot de passe ou code incorrect.',
      423: 'Trop de tentatives : compte verrouillé temporairement.',
      429: 'Trop de tentatives depuis cette adresse : réessayez dans une minute.',
    },
    en: {
      login: 'Login',
      password: 'Password',
      signIn: 'Sign in',
      code: 'Code',
      verify: 'Verify',
      codeHelp: 'Enter the code of your authenticator app, or a recovery code.',
      enrolHelp:
        'Your role requires a second factor. Scan this code with an authenticator app (TOTP), then enter the code it shows.',
      secret: 'Key:',
      confirm: 'Confirm',
      continue: 'Continue',
      recoveryHelp:
        'Recovery codes: each works once if you lose your phone. Keep them somewhere safe; they will not be shown again.',
      other: 'Français',
      sso: 'Sign in with your hospital account',
      failed: 'Sign-in failed',
      401: 'Wrong login, password or code.',
      423: 'Too many attempts: the account is locked for a while.',
      429: 'Too many attempts from this address: try again in a minute.',
    },
  };
  var language = window.SentinelleLanguage;
  var lang = language.lang;
  var csrf = '';
  var $ = function (id) {
    return document.getElementById(id);
  };

  function t(key) {
    return STRINGS[lang][key] || key;
  }
  function translate() {
    document.querySelectorAll('[data-t]').forEach(function (el) {
      el.textContent = t(el.getAttribute('data-t'));
    });
    $('lang').textContent = t('other');
  }
  function show(id) {
    ['password-step', 'code-step', 'enrol-step', 'recovery-step'].forEach(function (s) {
      $(s).hidden = s !== id;
    });
    $('error').textContent = '';
    var input = $(id).querySelector('input');
    if (input) input.focus();
  }
  var query = new URLSearchParams(location.search);
  // Where to go once signed in: a path of this site only, read as the URL parser reads it (it drops
  // tabs and newlines, reads '\' as '/' and resolves '/.//host' to '//host'), percent-decoded too.
  // The server's rule (src/auth/localPath.ts), for the single sign-on; anything else goes home.
  function singleSlash(path) {
    return /^\/(?![/\\])/.test(path);
  }
  function decoded(path) {
    for (var i = 0; i < 4; i++) {
      var once;
      try {
        once = decodeURIComponent(path);
      } catch {
        return null;
      }
      if (once === path) return path;
      path = once;
    }
    return null;
  }
  function nextPath() {
    var raw = query.get('next') || '/';
    // eslint-disable-next-line no-control-regex
    if (raw.length > 2000 || !singleSlash(raw) || /[\u0000-\u0020\u007f\\]/.test(raw)) return '/';
    var url;
    try {
      url = new URL(raw, location.origin);
    } catch {
      return '/';
    }
    var path = decoded(url.pathname);
    if (url.origin !== location.origin || path === null || !singleSlash(url.pathname)) return '/';
    if (!singleSlash(path) || path.indexOf('\\') >= 0) return '/';
    return url.pathname + url.search + url.hash;
  }
  function next() {
    location.assign(nextPath());
  }
  function post(path, body) {
    return fetch('/api/auth/' + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok)
          throw Object.assign(new Error(t('failed')), {
            status: response.status,
            code: json.error && json.error.code,
          });
        if (json.csrfToken) csrf = json.csrfToken;
        return json;
      });
    });
  }
  function fail(error) {
    // Security errors say little: a wrong login, password or code reads the same.
    $('error').textContent =
      t(error.status) !== String(error.status)
        ? t(error.status)
        : error.status
          ? language.errorText(error.status, error.code)
          : t('failed');
  }
  function atStage(stage) {
    if (stage === 'signed-in') return next();
    if (stage === 'second-factor') return show('code-step');
    if (stage === 'enrolment') {
      return post('totp/enrolment').then(function (enrolment) {
        $('qr').innerHTML = enrolment.qrSvg; // our own server's SVG
        $('secret').textContent = enrolment.secret;
        show('enrol-step');
      });
    }
    show('password-step');
  }

  $('lang').addEventListener('click', function () {
    language.choose(lang === 'fr' ? 'en' : 'fr');
  });
  $('password-step').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    post('login', { login: form.login.value, password: form.password.value })
      .then(function (json) {
        form.password.value = '';
        return atStage(json.stage);
      })
      .catch(fail);
  });
  $('code-step').addEventListener('submit', function (event) {
    event.preventDefault();
    post('second-factor', { code: event.target.code.value })
      .then(function (json) {
        return atStage(json.stage);
      })
      .catch(fail);
  });
  $('enrol-step').addEventListener('submit', function (event) {
    event.preventDefault();
    post('totp/enrolment/confirm', { code: event.target.code.value })
      .then(function (json) {
        $('recovery-codes').textContent = json.recoveryCodes.join('\n');
        show('recovery-step');
      })
      .catch(fail);
  });
  $('continue').addEventListener('click', next);

  translate();
  fetch('/api/auth/session')
    .then(function (response) {
      return response.json();
    })
    .then(function (json) {
      csrf = json.csrfToken || '';
      if (json.singleSignOn) {
        $('sso-link').href = '/api/auth/oidc/login?next=' + encodeURIComponent(nextPath());
        $('sso').hidden = false;
      }
      var refusal = query.get('error');
      atStage(json.stage);
      // A refused single sign-on comes back here with the reason (shown as text, never as HTML).
      if (refusal) $('error').textContent = refusal;
    })
    .catch(fail);
})();
