// Audit trail page (audit:read): filter by user, patient and dates; pages of 100, newest first.
// The dates are typed dd/mm/yyyy in both languages, as every date of Sentinelle reads: a native
// date input would be drawn in the browser's locale (mm/dd/yyyy in a US Chromium), not the user's.
(function () {
  'use strict';
  var FR = {
    datePlaceholder: 'jj/mm/aaaa',
    badDate: 'Date invalide : écrivez-la jj/mm/aaaa (par exemple 07/12/2026).',
  };
  var EN = {
    datePlaceholder: 'dd/mm/yyyy',
    badDate: 'Invalid date: write it dd/mm/yyyy (for example 07/12/2026).',
    title: 'Audit trail',
    actor: 'User',
    patient: 'Patient (ID)',
    from: 'From',
    to: 'To',
    search: 'Search',
    when: 'When',
    action: 'Action',
    what: 'What',
    where: 'From where',
    outcome: 'Outcome',
    more: 'Older',
  };
  var language = window.SentinelleLanguage;
  var words = language.lang === 'en' ? EN : FR;
  if (language.lang === 'en') {
    document.querySelectorAll('[data-t]').forEach(function (el) {
      el.textContent = EN[el.getAttribute('data-t')];
    });
  }
  document.querySelectorAll('[data-t-placeholder]').forEach(function (el) {
    el.placeholder = words[el.getAttribute('data-t-placeholder')];
  });

  // "07/12/2026" → "2026-12-07"; '' for an empty field; null for anything else (31/02, 2026-12-07…).
  function isoDate(text) {
    var value = text.trim();
    if (!value) return '';
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    if (!m) return null;
    var date = new Date(Date.UTC(+m[3], +m[2] - 1, +m[1]));
    if (date.getUTCFullYear() !== +m[3] || date.getUTCMonth() !== +m[2] - 1 || date.getUTCDate() !== +m[1])
      return null;
    return date.toISOString().slice(0, 10);
  }
  document.title = 'Sentinelle — ' + document.querySelector('h1').textContent;
  var cursor = null;
  var body = document.getElementById('entries');

  function cell(row, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : String(text);
    row.appendChild(td);
  }
  function load(append) {
    var form = document.getElementById('filters');
    var query = new URLSearchParams();
    ['actor', 'patientId'].forEach(function (name) {
      if (form[name].value.trim()) query.set(name, form[name].value.trim());
    });
    var from = isoDate(form.from.value);
    var to = isoDate(form.to.value);
    document.getElementById('error').textContent = '';
    if (from === null || to === null) {
      // Nothing asked: the list shown stays the last one found.
      document.getElementById('error').textContent = words.badDate;
      (from === null ? form.from : form.to).focus();
      return;
    }
    if (from) query.set('from', from);
    // "To" includes its whole day.
    if (to) query.set('to', new Date(new Date(to).getTime() + 86400000).toISOString().slice(0, 10));
    if (append && cursor) query.set('cursor', cursor);
    fetch('/api/audit?' + query)
      .then(function (response) {
        if (response.status === 401) return location.assign('/login?next=/audit');
        return response.json().then(function (json) {
          if (!response.ok)
            throw new Error(
              language.errorText(
                response.status,
                json.error && json.error.code,
                json.error && json.error.params,
              ),
            );
          if (!append) body.textContent = '';
          json.entries.forEach(function (e) {
            var row = document.createElement('tr');
            cell(row, language.dateTime(e.occurredAt));
            cell(row, e.actor + (e.actorRole ? ' (' + e.actorRole + ')' : ''));
            cell(row, e.action);
            cell(row, e.resourceType + (e.resourceId ? ' ' + e.resourceId : ''));
            cell(row, e.patientId);
            cell(row, e.sourceIp);
            cell(row, e.outcome + (e.httpStatus ? ' ' + e.httpStatus : ''));
            body.appendChild(row);
          });
          cursor = json.nextCursor;
          document.getElementById('more').hidden = !cursor;
        });
      })
      .catch(function (error) {
        document.getElementById('error').textContent = error.message;
      });
  }
  document.getElementById('filters').addEventListener('submit', function (event) {
    event.preventDefault();
    load(false);
  });
  document.getElementById('more').addEventListener('click', function () {
    load(true);
  });
  load(false);
})();
