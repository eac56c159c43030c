// The language of the bridge's pages: the one the user chose anywhere in Sentinelle (?lng=, then
// i18next's storage key and cookie, which the viewer uses too), else French. Also the words for
// the API's refusals: the API answers in English with a stable `code`; the page shows it in the
// user's language.
(function () {
  'use strict';
  function chosen() {
    var fromUrl = new URLSearchParams(location.search).get('lng');
    var stored = null;
    try {
      stored = localStorage.getItem('i18nextLng');
    } catch {
      stored = null;
    }
    var cookie = /(?:^|;\s*)i18next=([^;]*)/.exec(document.cookie);
    var value = fromUrl || stored || (cookie && decodeURIComponent(cookie[1])) || 'fr';
    return value.toLowerCase().indexOf('en') === 0 ? 'en' : 'fr';
  }
  var ERRORS = {
    fr: {
      'wrong-password': 'Mot de passe incorrect.',
      'wrong-code': 'Code incorrect.',
      'code-required': 'Saisissez aussi le code de votre application d’authentification.',
      locked: 'Trop d’essais manqués : le compte est verrouillé un moment.',
      'too-many-attempts': 'Trop d’essais depuis cette adresse : réessayez dans une minute.',
      'permission-needed': 'Votre compte n’a pas l’autorisation de faire ceci.',
      'invalid-training-export':
        'Demande d’export invalide : vérifiez les dates (jj/mm/aaaa, la première au plus tard le jour de la seconde), le nom du projet (minuscules, chiffres, tirets) et les étiquettes DICOM (par ex. 0020,4000).',
      'empty-training-selection':
        'Aucun examen ne convient : aucun examen de vos patientes à ces dates n’a de compte rendu signé classant un sein BI-RADS 1, 2 ou 6 (parmi les catégories cochées, le cas échéant).',
      400: 'La demande est incomplète ou invalide.',
      401: 'Session expirée : reconnectez-vous.',
      403: 'Votre compte n’a pas l’autorisation de faire ceci.',
      404: 'Introuvable : l’élément a peut-être été supprimé.',
      409: 'Quelqu’un a modifié ceci entre-temps : rechargez la page.',
      422: 'La demande a été refusée : vérifiez les données saisies.',
      423: 'Trop d’essais manqués : le compte est verrouillé un moment.',
      429: 'Trop d’essais depuis cette adresse : réessayez dans une minute.',
      other: 'L’opération a échoué ; réessayez ou prévenez l’administrateur.',
    },
    en: {
      'wrong-password': 'Wrong password.',
      'wrong-code': 'Wrong code.',
      'code-required': 'Give your authenticator app’s code too.',
      locked: 'Too many failed attempts: the account is locked for a while.',
      'too-many-attempts': 'Too many attempts from this address: try again in a minute.',
      'permission-needed': 'Your account is not allowed to do this.',
      'invalid-training-export':
        'Invalid export request: check the dates (dd/mm/yyyy, the first no later than the second), the project name (lower-case letters, digits, dashes) and the DICOM tags (e.g. 0020,4000).',
      'empty-training-selection':
        'No study fits: no study of your patients in these dates has a signed report assessing a breast BI-RADS 1, 2 or 6 (among the ticked categories, if any).',
      400: 'The request is incomplete or invalid.',
      401: 'Session expired: sign in again.',
      403: 'Your account is not allowed to do this.',
      404: 'Not found: it may have been deleted.',
      409: 'Someone changed this in the meantime: reload the page.',
      422: 'The request was refused: check what was entered.',
      423: 'Too many failed attempts: the account is locked for a while.',
      429: 'Too many attempts from this address: try again in a minute.',
      other: 'The operation failed; try again or tell the administrator.',
    },
  };
  var lang = chosen();
  document.documentElement.lang = lang;
  window.SentinelleLanguage = {
    lang: lang,
    // Remembers the choice where the viewer reads it too, then shows the page again in it.
    choose: function (next) {
      try {
        localStorage.setItem('i18nextLng', next);
      } catch {
        // storage disabled: the cookie carries it
      }
      document.cookie = 'i18next=' + next + '; path=/; max-age=31536000; samesite=lax';
      var url = new URL(location.href);
      url.searchParams.delete('lng');
      location.assign(url.toString());
    },
    // An API refusal ({ error: { status, code, params } }) in the page's language, with the
    // permission it needs when it names one (what to ask an administrator for).
    errorText: function (status, code, params) {
      var words = ERRORS[lang];
      var text = (code && words[code]) || words[status] || words.other;
      return params && params.permission ? text.replace(/\.$/, '') + ' (' + params.permission + ').' : text;
    },
    // "07/12/2026 19:39" in French, "07/12/2026, 19:39" in English.
    dateTime: function (iso) {
      return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', {
        dateStyle: 'short',
        timeStyle: 'short',
      }).format(new Date(iso));
    },
  };
})();
