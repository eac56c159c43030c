// Identity conflicts page (patient:write): images whose name, birth date or sex disagree with the
// patient's recorded identity. The physician accepts the new identity or keeps the recorded one;
// the API records and audits the decision.
(function () {
  'use strict';
  var STRINGS = {
    fr: {
      accept: 'Adopter la nouvelle identité',
      keep: "Garder l'identité enregistrée",
      open: 'à décider',
      accepted: 'nouvelle identité adoptée',
      kept: 'identité enregistrée gardée',
      by: 'par',
      none: 'Aucun conflit.',
      decided: 'Décision enregistrée.',
      born: 'née le',
    },
    en: {
      title: 'Identity conflicts',
      intro:
        'Images received under a patient ID carry another name, birth date or sex. The recorded ' +
        'identity is kept until you decide; reports already signed keep the identity they were signed with.',
      patient: 'Patient (ID)',
      study: 'Study',
      current: 'Recorded identity',
      incoming: 'Identity of the new images',
      status: 'Decision',
      accept: 'Accept the new identity',
      keep: 'Keep the recorded identity',
      open: 'to decide',
      accepted: 'new identity accepted',
      kept: 'recorded identity kept',
      by: 'by',
      none: 'No conflict.',
      decided: 'Decision recorded.',
      born: 'born',
    },
  };
  var page = window.SentinellePage(STRINGS);
  var $ = page.$;
  var t = page.t;
  var el = page.el;

  // "Marie DUPONT, born 12/03/1964, F": DICOM values shown as a person reads them, the date
  // dd/mm/yyyy as every date of Sentinelle in both languages.
  function identity(who) {
    if (!who) return '';
    var name = (who.name || '?').split('^').filter(Boolean).join(' ');
    var born = /^\d{8}$/.test(who.birthDate || '')
      ? ', ' +
        t('born') +
        ' ' +
        who.birthDate.slice(6) +
        '/' +
        who.birthDate.slice(4, 6) +
        '/' +
        who.birthDate.slice(0, 4)
      : '';
    return name + born + (who.sex ? ', ' + who.sex : '');
  }

  function row(conflict) {
    var id = 'conflict-' + conflict.id;
    var decision = el('td', {
      testid: id + '-status',
      textContent:
        t(conflict.status) + (conflict.decidedBy ? ' (' + t('by') + ' ' + conflict.decidedBy + ')' : ''),
    });
    var buttons = [];
    if (conflict.status === 'open') {
      ['accept', 'keep'].forEach(function (choice) {
        var button = el('button', { type: 'button', textContent: t(choice), testid: id + '-' + choice });
        button.addEventListener('click', function () {
          page
            .call('POST', '/patients/identity-conflicts/' + conflict.id + '/decision', { decision: choice })
            .then(function () {
              $('saved').textContent = t('decided');
              return load();
            })
            .catch(page.fail);
        });
        buttons.push(button);
      });
    }
    return el('tr', { testid: id }, [
      el('td', { textContent: conflict.patientId + (conflict.issuer ? ' (' + conflict.issuer + ')' : '') }),
      el('td', { textContent: conflict.studyInstanceUid }),
      el('td', { testid: id + '-current', textContent: identity(conflict.current) }),
      el('td', { testid: id + '-incoming', textContent: identity(conflict.incoming) }),
      decision,
      el('td', {}, buttons),
    ]);
  }

  function load() {
    return page.call('GET', '/patients/identity-conflicts').then(function (json) {
      if (!json) return;
      var body = $('conflicts');
      body.textContent = '';
      json.conflicts.forEach(function (conflict) {
        body.appendChild(row(conflict));
      });
      if (json.conflicts.length === 0)
        body.appendChild(el('tr', {}, [el('td', { colSpan: 6, textContent: t('none') })]));
    });
  }

  page.start(load);
})();
