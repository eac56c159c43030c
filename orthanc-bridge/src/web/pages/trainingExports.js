// Training exports page (model:manage): choose read cases, start a de-identified export, follow it
// while the worker writes it, and read an export's verification report and provenance. The API
// selects, checks and refuses; this page asks and shows, in the user's language. Dates are typed
// dd/mm/yyyy in both languages, as on the audit page (a native date input follows the browser's locale).
(function () {
  'use strict';
  // The categories the API accepts for the final reading.
  var CATEGORIES = ['0', '1', '2', '3', '4', '4A', '4B', '4C', '5', '6'];
  // Polling a job page: the worker reports progress per case, so two seconds follow it closely.
  var POLL_MS = 2000;
  var ANNEX_E = 'DICOM PS3.15 Annex E, Table E.1-1';
  var STRINGS = {
    fr: {
      datePlaceholder: 'jj/mm/aaaa',
      'state-queued': 'en attente',
      'state-running': 'en cours',
      'state-released': 'disponible',
      'state-failed-verification': 'vérification échouée',
      'state-failed': 'échec',
      'stage-fetching': 'lecture des images',
      'stage-de-identifying': 'anonymisation et vérification',
      'stage-writing': 'écriture',
      progress: '{state} : {done} examen(s) sur {cases}, {stage}',
      range: 'du {from} au {to}',
      anyCategory: 'toutes catégories',
      categories: 'BI-RADS {list}',
      deviceKept: 'appareil gardé',
      attributesKept: 'gardés : {list}',
      open: 'Voir le rapport',
      none: 'Aucun export.',
      started: 'Export demandé : {cases} examen(s) retenu(s).',
      leftOut:
        'Non retenus : {awaiting} en attente du résultat anatomopathologique, {other} d’une autre catégorie, {noImages} sans analyse terminée.',
      notReleased: 'non disponible',
      inFolder:
        '{location} (dans le dossier des exports du serveur : SENTINELLE_DATA_DIR/training-exports, .data/training-exports par défaut)',
      detailTitle: 'Export {project} du {at}',
      detailState: 'État : {state}. Demandé par {who}. {images}',
      images: '{n} image(s).',
      noReport: 'Pas encore de rapport : l’export n’est pas terminé.',
      failedBefore: 'Pas de rapport : l’export a échoué avant d’être vérifié.',
      passed: 'Vérification réussie : aucune donnée identifiante trouvée.',
      notPassed: 'Vérification échouée : l’export n’est pas mis à disposition.',
      checkedAt: 'Vérifié le {at} selon {standard}.',
      annexE: 'DICOM PS3.15, annexe E, table E.1-1',
      counts:
        '{files} fichier(s) contrôlé(s) ({attributes} attributs), {studies} examen(s), {patients} patiente(s).',
      ocr: 'Texte trouvé dans les pixels après nettoyage : {n} zone(s).',
      methods: 'Méthodes appliquées (DICOM CID 7050) :',
      findingsTitle: 'Constats',
      noFinding: 'Aucun constat.',
      finding: '{file} — {check}{attribute} : {message}',
      wholeSet: 'l’ensemble',
      kAnonymity: 'k-anonymat sur la tranche d’âge, le sexe et le site : k = {k}',
      group: '{age} ans, sexe {sex}, site {site} : {n} patiente(s)',
      unknown: 'inconnu',
      requestedAt: 'Demandé par {who} le {at} ; écrit le {written}.',
      criteriaLine: 'Sélection : examens {range}, {categories}, projet {project}.',
      keySource: 'Clé du projet : {source}.',
      'key-file': 'fichier du dossier de données du serveur',
      'key-environment': 'variable d’environnement',
      labelRule:
        'Étiquette par sein d’après la lecture finale (dernière version signée du compte rendu) : BI-RADS 1 normal, 2 bénin, 6 malin ; les seins classés 0, 3, 4 ou 5 sont écartés. Aucun résultat anatomopathologique ni aucune étiquette de cas ne sont utilisés : Sentinelle n’en enregistre pas encore.',
      marksLeftOut: 'Marques sur des seins normaux, non écrites comme lésions : {n}.',
      folder:
        'Le dossier contient les images anonymisées (images/), labels.csv (lu par npm run prepare:training), le rapport de vérification (verification-report.md et .json) et provenance.json.',
      caseLine:
        '{patient} (site {site}) : {images} image(s) ; {breasts} ; compte rendu v{version} signé par {signer} le {at} ; marques : {marks}',
      breast: '{side} BI-RADS {assessment} → {label}',
      'side-L': 'sein gauche',
      'side-R': 'sein droit',
      'label-normal': 'normal',
      'label-benign': 'bénin',
      'label-malignant': 'malin',
      noMark: 'aucune',
      markReader: '{n} du lecteur {reader}',
      markModel: '{n} du modèle {model} gardée(s) par {reader}',
      'method-113100': 'profil de base de confidentialité',
      'method-113101': 'nettoyage des pixels',
      'method-113104': 'nettoyage du contenu structuré',
      'method-113105': 'nettoyage des descriptions',
      'method-113107': 'dates décalées, chronologie conservée',
      'method-113108': 'caractéristiques de la patiente conservées (âge, sexe)',
      'method-113109': 'identité de l’appareil conservée',
    },
    en: {
      title: 'Training exports',
      intro:
        'Your patients’ read and signed studies, de-identified (DICOM PS3.15 Annex E profile) and ' +
        'verified, to train a model. An export that fails its verification is not released.',
      selectionTitle: 'Choice of studies',
      from: 'Studies from',
      to: 'to',
      project: 'Project',
      assessments: 'BI-RADS category of the final reading (none ticked: all)',
      assessmentsHint:
        'Only categories 1 (normal), 2 (benign) and 6 (proven cancer) give a label today: breasts ' +
        'assessed 0, 3, 4 or 5 wait for the pathology outcome, which Sentinelle does not record yet.',
      deidentification: 'De-identification',
      retainDevice: 'Keep the device identity (manufacturer, model, serial number)',
      keepAttributes: 'Attributes kept verbatim (DICOM tags separated by spaces, e.g. 0020,4000)',
      keepHint: 'The verification checks these attributes too: an export that keeps identifying data fails.',
      start: 'Start the export',
      exportsTitle: 'Exports',
      requested: 'Requested on',
      projectColumn: 'Project',
      criteria: 'Selection',
      casesColumn: 'Studies',
      state: 'State',
      location: 'Folder on the server',
      verificationTitle: 'Verification report',
      provenanceTitle: 'Provenance',
      datePlaceholder: 'dd/mm/yyyy',
      'state-queued': 'queued',
      'state-running': 'running',
      'state-released': 'released',
      'state-failed-verification': 'verification failed',
      'state-failed': 'failed',
      'stage-fetching': 'reading the images',
      'stage-de-identifying': 'de-identifying and verifying',
      'stage-writing': 'writing',
      progress: '{state}: {done} of {cases} stud(ies), {stage}',
      range: 'from {from} to {to}',
      anyCategory: 'every category',
      categories: 'BI-RADS {list}',
      deviceKept: 'device kept',
      attributesKept: 'kept: {list}',
      open: 'Open the report',
      none: 'No export.',
      started: 'Export requested: {cases} stud(ies) taken.',
      leftOut:
        'Not taken: {awaiting} waiting for a pathology outcome, {other} of another category, {noImages} without a finished analysis.',
      notReleased: 'not released',
      inFolder:
        '{location} (in the server’s exports folder: SENTINELLE_DATA_DIR/training-exports, .data/training-exports by default)',
      detailTitle: 'Export {project} of {at}',
      detailState: 'State: {state}. Requested by {who}. {images}',
      images: '{n} image(s).',
      noReport: 'No report yet: the export is not finished.',
      failedBefore: 'No report: the export failed before it was verified.',
      passed: 'Verification passed: no identifying data found.',
      notPassed: 'Verification failed: the export is not released.',
      checkedAt: 'Checked on {at} against {standard}.',
      annexE: 'DICOM PS3.15, Annex E, Table E.1-1',
      counts:
        '{files} file(s) checked ({attributes} attributes), {studies} stud(ies), {patients} patient(s).',
      ocr: 'Text found in the pixels after cleaning: {n} region(s).',
      methods: 'Methods applied (DICOM CID 7050):',
      findingsTitle: 'Findings',
      noFinding: 'No finding.',
      finding: '{file} — {check}{attribute}: {message}',
      wholeSet: 'the set',
      kAnonymity: 'k-anonymity on age band, sex and site: k = {k}',
      group: 'aged {age}, sex {sex}, site {site}: {n} patient(s)',
      unknown: 'unknown',
      requestedAt: 'Requested by {who} on {at}; written on {written}.',
      criteriaLine: 'Selection: studies {range}, {categories}, project {project}.',
      keySource: 'Project key: {source}.',
      'key-file': 'a file in the server’s data folder',
      'key-environment': 'an environment variable',
      labelRule:
        'Label per breast from the final reading (latest signed report version): BI-RADS 1 normal, 2 benign, 6 malignant; breasts assessed 0, 3, 4 or 5 are left out. No pathology outcome and no case tag is used: Sentinelle records none yet.',
      marksLeftOut: 'Marks on normal breasts, not written as lesions: {n}.',
      folder:
        'The folder holds the de-identified images (images/), labels.csv (read by npm run prepare:training), the verification report (verification-report.md and .json) and provenance.json.',
      caseLine:
        '{patient} (site {site}): {images} image(s); {breasts}; report v{version} signed by {signer} on {at}; marks: {marks}',
      breast: '{side} BI-RADS {assessment} → {label}',
      'side-L': 'left breast',
      'side-R': 'right breast',
      'label-normal': 'normal',
      'label-benign': 'benign',
      'label-malignant': 'malignant',
      noMark: 'none',
      markReader: '{n} by reader {reader}',
      markModel: '{n} by model {model} kept by {reader}',
      'method-113100': 'basic confidentiality profile',
      'method-113101': 'clean pixel data',
      'method-113104': 'clean structured content',
      'method-113105': 'clean descriptors',
      'method-113107': 'dates shifted, chronology kept',
      'method-113108': 'patient characteristics kept (age, sex)',
      'method-113109': 'device identity kept',
    },
  };
  var page = window.SentinellePage(STRINGS);
  var $ = page.$;
  var t = page.t;
  var el = page.el;
  var language = window.SentinelleLanguage;

  var shown = null; // id of the export whose report is open
  var timer = null;

  // "2025-03-01" as every date of Sentinelle: 01/03/2025.
  function day(iso) {
    return iso.slice(8, 10) + '/' + iso.slice(5, 7) + '/' + iso.slice(0, 4);
  }
  function stateWords(e) {
    var words = t('state-' + e.state);
    if (e.progress && (e.state === 'queued' || e.state === 'running'))
      return t('progress', {
        state: words,
        done: e.progress.casesDone,
        cases: e.progress.cases,
        stage: t('stage-' + e.progress.stage),
      });
    return words;
  }
  function criteriaWords(c) {
    var parts = [
      t('range', { from: day(c.from), to: day(c.to) }),
      c.assessments.length ? t('categories', { list: c.assessments.join(', ') }) : t('anyCategory'),
    ];
    if (c.retainDeviceIdentity) parts.push(t('deviceKept'));
    if (c.keepAttributes.length) parts.push(t('attributesKept', { list: c.keepAttributes.join(' ') }));
    return parts.join(', ');
  }
  function locationWords(e) {
    return e.location ? t('inFolder', { location: e.location }) : t('notReleased');
  }

  function showList(exports) {
    var body = $('exports');
    body.textContent = '';
    exports.forEach(function (e) {
      var row = 'export-' + e.id;
      var open = el('button', { type: 'button', textContent: t('open'), testid: row + '-open' });
      open.addEventListener('click', function () {
        shown = e.id;
        loadDetail().catch(page.fail);
      });
      body.appendChild(
        el('tr', { testid: row }, [
          el('td', { textContent: language.dateTime(e.createdAt) }),
          el('td', { textContent: e.project }),
          el('td', { textContent: criteriaWords(e.criteria) }),
          el('td', { textContent: String(e.cases) }),
          el('td', { textContent: stateWords(e), testid: row + '-state' }),
          el('td', { textContent: locationWords(e), testid: row + '-location' }),
          el('td', {}, [open]),
        ]),
      );
    });
    if (exports.length === 0)
      body.appendChild(el('tr', {}, [el('td', { colSpan: 7, textContent: t('none') })]));
  }

  function list(items, render) {
    return el(
      'ul',
      {},
      items.map(function (item) {
        return el('li', { textContent: render(item) });
      }),
    );
  }

  // What stands where a report is missing: not written yet, or never (the export failed first).
  function missing(e) {
    return el('p', { textContent: t(e.state === 'failed' ? 'failedBefore' : 'noReport') });
  }

  function showVerification(v, e) {
    var box = $('verification');
    box.textContent = '';
    if (!v) return box.appendChild(missing(e));
    var attributes = 0;
    var textRegions = 0;
    v.files.forEach(function (f) {
      attributes += f.attributesChecked;
      textRegions += f.textRegionsFound || 0;
    });
    var findings = [];
    v.files.forEach(function (f) {
      f.findings.forEach(function (finding) {
        findings.push({ file: f.outputName, finding: finding });
      });
    });
    v.setFindings.forEach(function (finding) {
      findings.push({ file: t('wholeSet'), finding: finding });
    });
    box.appendChild(
      el('p', {
        textContent: t(v.passed ? 'passed' : 'notPassed'),
        testid: 'verification-passed',
        className: v.passed ? 'saved' : 'error',
      }),
    );
    // The standard's name in the page's language; another one as the verifier wrote it.
    var standard = v.profile.standard === ANNEX_E ? t('annexE') : v.profile.standard;
    box.appendChild(
      el('p', { textContent: t('checkedAt', { at: language.dateTime(v.checkedAt), standard: standard }) }),
    );
    box.appendChild(
      el('p', {
        testid: 'verification-counts',
        textContent: t('counts', {
          files: v.files.length,
          attributes: attributes,
          studies: v.counts.studies,
          patients: v.counts.patients,
        }),
      }),
    );
    box.appendChild(el('p', { textContent: t('ocr', { n: textRegions }) }));
    box.appendChild(el('p', { textContent: t('methods') }));
    box.appendChild(
      list(v.profile.methods, function (m) {
        return m.value + ' — ' + t('method-' + m.value);
      }),
    );
    box.appendChild(el('h4', { textContent: t('findingsTitle') }));
    // A finding's words come from the verifier as written in the report file (English).
    var found = findings.length
      ? list(findings, function (f) {
          return t('finding', {
            file: f.file,
            check: f.finding.check,
            attribute: f.finding.attribute ? ' (' + f.finding.attribute + ')' : '',
            message: f.finding.message,
          });
        })
      : el('p', { textContent: t('noFinding') });
    found.setAttribute('data-testid', 'verification-findings');
    box.appendChild(found);
    box.appendChild(el('p', { testid: 'k-anonymity', textContent: t('kAnonymity', { k: v.kAnonymity.k }) }));
    box.appendChild(
      list(v.kAnonymity.groups, function (g) {
        var unknown = function (value) {
          return value === 'unknown' ? t('unknown') : value;
        };
        return t('group', { age: unknown(g.ageBand), sex: unknown(g.sex), site: g.site, n: g.patients });
      }),
    );
  }

  function marksWords(marks) {
    var keys = Object.keys(marks);
    if (keys.length === 0) return t('noMark');
    return keys
      .map(function (key) {
        var model = /^model:(.+) kept by (.+)$/.exec(key);
        if (model) return t('markModel', { n: marks[key], model: model[1], reader: model[2] });
        return t('markReader', { n: marks[key], reader: key.replace(/^reader:/, '') });
      })
      .join(', ');
  }

  function showProvenance(p, e) {
    var box = $('provenance');
    box.textContent = '';
    if (!p) return box.appendChild(missing(e));
    var c = p.criteria;
    box.appendChild(
      el('p', {
        textContent: t('requestedAt', {
          who: p.requestedBy.displayName + ' (' + p.requestedBy.login + ')',
          at: language.dateTime(p.requestedAt),
          written: language.dateTime(p.writtenAt),
        }),
      }),
    );
    box.appendChild(
      el('p', {
        textContent: t('criteriaLine', {
          range: t('range', { from: day(c.from), to: day(c.to) }),
          categories: c.assessments.length
            ? t('categories', { list: c.assessments.join(', ') })
            : t('anyCategory'),
          project: p.project,
        }),
      }),
    );
    box.appendChild(
      el('p', { textContent: t('keySource', { source: t('key-' + p.deidentification.keySource) }) }),
    );
    box.appendChild(el('p', { textContent: t('labelRule') }));
    box.appendChild(el('p', { textContent: t('marksLeftOut', { n: p.labels.marksLeftOut }) }));
    box.appendChild(el('p', { textContent: t('folder') }));
    var cases = list(p.cases, function (k) {
      return t('caseLine', {
        patient: k.patientPseudonym,
        site: k.site,
        images: k.images,
        breasts: k.breasts
          .map(function (b) {
            return t('breast', {
              side: t('side-' + b.laterality),
              assessment: b.assessment,
              label: t('label-' + b.label),
            });
          })
          .join(', '),
        version: k.reading.reportVersion,
        signer: k.reading.signedBy,
        at: language.dateTime(k.reading.signedAt),
        marks: marksWords(k.marks),
      });
    });
    cases.setAttribute('data-testid', 'provenance-cases');
    box.appendChild(cases);
  }

  function loadDetail() {
    if (!shown) return Promise.resolve();
    return page.call('GET', '/training-exports/' + encodeURIComponent(shown)).then(function (json) {
      if (!json) return;
      var e = json.export;
      $('detail').hidden = false;
      $('detail-title').textContent = t('detailTitle', {
        project: e.project,
        at: language.dateTime(e.createdAt),
      });
      $('detail-state').textContent =
        t('detailState', {
          state: stateWords(e),
          who: e.requestedBy.displayName,
          images: e.images === null ? '' : t('images', { n: e.images }),
        }) + (e.location ? ' ' + locationWords(e) : '');
      // Why an export that has no report failed, as the worker recorded it (technical, in English);
      // a failed verification's findings are in its report below.
      var reasons = $('detail-reasons');
      reasons.textContent = '';
      (json.verification ? [] : e.reasons).forEach(function (r) {
        reasons.appendChild(el('li', { textContent: r }));
      });
      showVerification(json.verification, e);
      showProvenance(json.provenance, e);
    });
  }

  // The list, and the open report, again every POLL_MS while an export is queued or running.
  function load() {
    clearTimeout(timer);
    return page.call('GET', '/training-exports').then(function (json) {
      if (!json) return;
      showList(json.exports);
      var busy = json.exports.some(function (e) {
        return e.state === 'queued' || e.state === 'running';
      });
      var refresh = json.exports.some(function (e) {
        return e.id === shown;
      })
        ? loadDetail()
        : Promise.resolve();
      return refresh.then(function () {
        if (busy)
          timer = setTimeout(function () {
            load().catch(page.fail);
          }, POLL_MS);
      });
    });
  }

  // dd/mm/yyyy as the API's yyyy-mm-dd; anything else goes as typed, for the API to refuse.
  function isoDate(text) {
    var m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
    var two = function (n) {
      return ('0' + n).slice(-2);
    };
    return m ? m[3] + '-' + two(m[2]) + '-' + two(m[1]) : text.trim();
  }

  function request() {
    var assessments = CATEGORIES.filter(function (c) {
      return $('assessment-' + c).checked;
    });
    var keep = $('keep-attributes')
      .value.split(/[\s;]+/)
      .filter(Boolean);
    var body = {
      from: isoDate($('from').value),
      to: isoDate($('to').value),
      assessments: assessments,
      retainDeviceIdentity: $('retain-device').checked,
      keepAttributes: keep,
    };
    var project = $('project').value.trim();
    if (project) body.project = project;
    return body;
  }

  $('from').placeholder = t('datePlaceholder');
  $('to').placeholder = t('datePlaceholder');
  CATEGORIES.forEach(function (c) {
    $('assessments').appendChild(
      el('label', { className: 'check' }, [
        el('input', { type: 'checkbox', id: 'assessment-' + c, value: c, testid: 'assessment-' + c }),
        el('span', { textContent: ' ' + c }),
      ]),
    );
  });

  $('selection').addEventListener('submit', function (event) {
    event.preventDefault();
    $('selected').textContent = '';
    $('start').disabled = true;
    page
      .call('POST', '/training-exports', request())
      .then(function (json) {
        if (!json) return;
        $('saved').textContent = t('started', { cases: json.export.cases });
        $('selected').textContent = t('leftOut', {
          awaiting: json.leftOut['awaiting-outcome'],
          other: json.leftOut['other-assessment'],
          noImages: json.leftOut['no-images'],
        });
        shown = json.export.id;
        return load();
      })
      .catch(page.fail)
      .then(function () {
        $('start').disabled = false;
      });
  });

  page.start(function () {
    return load();
  });
})();
