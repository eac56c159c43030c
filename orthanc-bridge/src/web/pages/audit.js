// Audit trail page (audit:read): filter by user, patient and dates; pages of 100, newest first.
(function () {
  'use strict';
  var EN = {
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
  if (language.lang === 'en') {
    document.querySelectorAll('[data-t]').forEach(function (el) {
      el.textContent = EN[el.getAttribute('data-t')];
    });
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
    if (form.from.value) query.set('from', form.from.value);
    if (form.to.value)
      query.set('to', new Date(new Date(form.to.value).getTime() + 86400000).toISOString().slice(0, 10));
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
