// AI models page (model:manage): the model in use, a candidate in shadow, its comparison with the
// model in use on the site's read cases, promotion and rollback. The API checks every rule; this
// page shows the numbers and the refusals in the user's language.
(function () {
  'use strict';
  var STRINGS = {
    fr: {
      inUse: '{model} — {since}',
      configured: 'modèle par défaut du registre',
      promotedBy: 'promu par {who} le {at}',
      rolledBackBy: 'rétabli par {who} le {at}',
      noCandidate: 'Aucun candidat en évaluation.',
      candidate:
        '{model}, depuis le {at} — examens analysés : {done}, en attente : {pending}, en échec : {failed}',
      cases:
        '{cases} examens comparés : {positives} rappelés, {negatives} non rappelés (minimum pour promouvoir : {minPositives} et {minNegatives}).',
      tooFew: 'Trop peu de cas pour promouvoir.',
      auc: 'Aire sous la courbe ROC (IC 95 %)',
      sensitivity: 'Sensibilité au seuil (IC 95 %)',
      specificity: 'Spécificité au seuil (IC 95 %)',
      flagged: 'Part des examens signalés (IC 95 %)',
      threshold: 'Seuil de rappel',
      delong: 'DeLong : p = {p}',
      mcnemar: 'McNemar : p = {p}',
      noStatistics: 'Il faut au moins 2 cas rappelés et 2 non rappelés pour calculer les statistiques.',
      proportion: '{value} ({successes}/{total})',
      proportionCi: '{value} ({successes}/{total} ; {low}–{high})',
      discordant: '{p} ; candidat seul : {candidate}, modèle en service seul : {current}',
      currentShort: 'modèle en service',
      candidateShort: 'candidat',
      caseScore: '{model} {score}, {decision}',
      flaggedWord: 'signalé',
      notFlaggedWord: 'non signalé',
      recalled: 'lecture finale : rappel',
      notRecalled: 'lecture finale : pas de rappel',
      'view-RCC': 'CC droite',
      'view-LCC': 'CC gauche',
      'view-RMLO': 'OML droite',
      'view-LMLO': 'OML gauche',
      viewMissing: 'absente',
      imagesUnavailable: 'Images indisponibles.',
      imageUnavailable: 'indisponible',
      elsewhere: '{n} autre(s) examen(s) d’autres sites (non affichés).',
      noDisagreement: 'Aucun.',
      promoteConfirm:
        'Promouvoir {model} ? Les nouvelles analyses utiliseront ce modèle et les lecteurs verront ses résultats.',
      rollbackConfirm: 'Revenir à {model} ?',
      promoted: '{model} est maintenant en service.',
      rolledBack: '{model} est de nouveau en service.',
      shadowStarted: '{model} est en évaluation.',
      shadowStopped: "L'évaluation est arrêtée.",
      'action-promote': 'promotion',
      'action-rollback': 'retour arrière',
      historyLine: '{at} — {action} : {model} (avant : {previous}), par {who}',
      noHistory: 'Aucun changement : le modèle par défaut du registre est en service.',
      errors: {
        'model-not-in-registry': "Ce modèle n'est pas dans le registre.",
        'model-file-unusable': 'Le fichier de ce modèle est absent ou ne correspond pas au registre.',
        'candidate-in-use': 'Ce modèle est déjà en service.',
        'candidate-version-clash': 'Ce modèle a la même version que le modèle en service.',
        'shadow-already-running': 'Un autre candidat est déjà en évaluation : arrêtez-le d’abord.',
        'no-shadow-candidate': 'Aucun candidat en évaluation.',
        'comparison-needed': 'Une promotion se décide sur une comparaison : comparez d’abord.',
        'comparison-not-found': 'Comparaison introuvable.',
        'comparison-outdated': 'Le modèle en service ou le candidat a changé : comparez de nouveau.',
        'too-few-cases':
          'Trop peu de cas : {positives} rappelés et {negatives} non rappelés ; il en faut au moins {minimumPositives} et {minimumNegatives}.',
        'nothing-to-roll-back': 'Il n’y a pas de promotion à annuler.',
      },
    },
    en: {
      title: 'AI models',
      inUseTitle: 'Model in use',
      rollback: 'Roll back to the previous model',
      shadowTitle: 'Candidate in shadow evaluation',
      shadowHint:
        'The candidate analyses new studies and studies already read; its results are shown only here, ' +
        'never to readers (not in the viewer, the worklist or a report).',
      candidateModel: 'Candidate model',
      startShadow: 'Start the evaluation',
      compare: 'Compare on the read cases',
      stopShadow: 'Stop the evaluation',
      comparisonTitle: 'Comparison',
      truthHint:
        'Truth: the final reading (last signed report, else last validation), recall (BI-RADS 0, 3, 4, 5, 6) ' +
        'or not. Pathology outcomes are not recorded yet: a recall stands in for cancer, and readers had ' +
        "seen the model in use's marks.",
      test: 'Paired test',
      disagreementsTitle: 'Studies where the models differ',
      promote: 'Promote the candidate',
      historyTitle: 'History',
      inUse: '{model} — {since}',
      configured: "the registry's default model",
      promotedBy: 'promoted by {who} on {at}',
      rolledBackBy: 'restored by {who} on {at}',
      noCandidate: 'No candidate in evaluation.',
      candidate: '{model}, since {at} — studies analysed: {done}, waiting: {pending}, failed: {failed}',
      cases:
        '{cases} studies compared: {positives} recalled, {negatives} not recalled (minimum to promote: {minPositives} and {minNegatives}).',
      tooFew: 'Too few cases to promote.',
      auc: 'Area under the ROC curve (95% CI)',
      sensitivity: 'Sensitivity at threshold (95% CI)',
      specificity: 'Specificity at threshold (95% CI)',
      flagged: 'Share of studies flagged (95% CI)',
      threshold: 'Recall threshold',
      delong: 'DeLong: p = {p}',
      mcnemar: 'McNemar: p = {p}',
      noStatistics: 'At least 2 recalled and 2 not-recalled cases are needed for the statistics.',
      proportion: '{value} ({successes}/{total})',
      proportionCi: '{value} ({successes}/{total}; {low}–{high})',
      discordant: '{p}; candidate only: {candidate}, model in use only: {current}',
      currentShort: 'model in use',
      candidateShort: 'candidate',
      caseScore: '{model} {score}, {decision}',
      flaggedWord: 'flagged',
      notFlaggedWord: 'not flagged',
      recalled: 'final reading: recall',
      notRecalled: 'final reading: no recall',
      'view-RCC': 'RCC',
      'view-LCC': 'LCC',
      'view-RMLO': 'RMLO',
      'view-LMLO': 'LMLO',
      viewMissing: 'not in this exam',
      imagesUnavailable: 'Images unavailable.',
      imageUnavailable: 'unavailable',
      elsewhere: '{n} other stud(ies) of other sites (not shown).',
      noDisagreement: 'None.',
      promoteConfirm: 'Promote {model}? New analyses will use it and readers will see its results.',
      rollbackConfirm: 'Go back to {model}?',
      promoted: '{model} is now in use.',
      rolledBack: '{model} is in use again.',
      shadowStarted: '{model} is in evaluation.',
      shadowStopped: 'The evaluation is stopped.',
      'action-promote': 'promotion',
      'action-rollback': 'rollback',
      historyLine: '{at} — {action}: {model} (before: {previous}), by {who}',
      noHistory: "No change: the registry's default model is in use.",
      errors: {
        'model-not-in-registry': 'This model is not in the registry.',
        'model-file-unusable': "This model's file is missing or does not match the registry.",
        'candidate-in-use': 'This model is already in use.',
        'candidate-version-clash': 'This model has the same version as the model in use.',
        'shadow-already-running': 'Another candidate is already in evaluation: stop it first.',
        'no-shadow-candidate': 'No candidate in evaluation.',
        'comparison-needed': 'A promotion is decided on a comparison: compare first.',
        'comparison-not-found': 'Comparison not found.',
        'comparison-outdated': 'The model in use or the candidate changed: compare again.',
        'too-few-cases':
          'Too few cases: {positives} recalled and {negatives} not recalled; at least {minimumPositives} and {minimumNegatives} are needed.',
        'nothing-to-roll-back': 'There is no promotion to undo.',
      },
    },
  };
  var page = window.SentinellePage(STRINGS);
  var $ = page.$;
  var t = page.t;
  var el = page.el;
  var language = window.SentinelleLanguage;

  // The refusals of this page's API in the user's language; the others as every page shows them.
  var shared = language.errorText;
  language.errorText = function (status, code, params) {
    var own = code && STRINGS[language.lang].errors[code];
    if (!own) return shared(status, code, params);
    Object.keys(params || {}).forEach(function (name) {
      own = own.split('{' + name + '}').join(String(params[name]));
    });
    return own;
  };

  var state = null;
  var comparison = null;
  var named = function (m) {
    return m.id + ' ' + m.version;
  };
  var locale = language.lang === 'en' ? 'en-GB' : 'fr-FR';
  // Decimals as each language writes them: 0,641 in French, 0.641 in English.
  var number = function (v, digits) {
    if (v === null || v === undefined) return '—';
    return new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(v);
  };
  var pValue = function (p) {
    return p < 0.001 ? '< ' + number(0.001, 3) : number(p, 3);
  };
  var interval = function (v, ci) {
    return number(v, 3) + (ci ? ' (' + number(ci[0], 3) + '–' + number(ci[1], 3) + ')' : '');
  };
  // A share as each language writes it (66,7 % in French, 66.7% in English), with its counts.
  var percent = function (v) {
    if (v === null || v === undefined) return '—';
    return new Intl.NumberFormat(locale, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }).format(v);
  };
  var proportion = function (p) {
    var counts = { value: percent(p.value), successes: p.successes, total: p.total };
    if (!p.ci95) return t('proportion', counts);
    counts.low = percent(p.ci95[0]);
    counts.high = percent(p.ci95[1]);
    return t('proportionCi', counts);
  };
  var mcnemar = function (m) {
    return t('discordant', {
      p: t('mcnemar', { p: pValue(m.pExact) }),
      candidate: m.onlyA,
      current: m.onlyB,
    });
  };
  var renderCases = window.SentinelleComparisonCases(page, number);

  function showState(json) {
    state = json;
    var last = json.promotions[0];
    $('in-use').textContent = t('inUse', {
      model: named(json.inUse),
      since: last
        ? t(last.action === 'promote' ? 'promotedBy' : 'rolledBackBy', {
            who: last.decidedBy.displayName,
            at: language.dateTime(last.at),
          })
        : t('configured'),
    });
    $('rollback').hidden = !last || last.action !== 'promote';
    var candidate = json.candidate;
    $('candidate').textContent = candidate
      ? t('candidate', {
          model: named(candidate),
          at: language.dateTime(candidate.startedAt),
          done: candidate.progress.done,
          pending: candidate.progress.queued + candidate.progress.running,
          failed: candidate.progress.failed,
        })
      : t('noCandidate');
    $('start-shadow').hidden = !!candidate;
    $('candidate-actions').hidden = !candidate;
    var select = $('candidate-model');
    select.textContent = '';
    json.registry
      .filter(function (m) {
        return m.id !== json.inUse.id;
      })
      .forEach(function (m) {
        select.appendChild(el('option', { value: m.id, textContent: named(m) }));
      });
    var history = $('history');
    history.textContent = '';
    json.promotions.forEach(function (p) {
      history.appendChild(
        el('li', {
          textContent: t('historyLine', {
            at: language.dateTime(p.at),
            action: t('action-' + p.action),
            model: named(p.model),
            previous: named(p.previous),
            who: p.decidedBy.displayName,
          }),
        }),
      );
    });
    if (json.promotions.length === 0) history.appendChild(el('li', { textContent: t('noHistory') }));
    if (!candidate) $('comparison').hidden = true;
  }

  function statRow(label, current, candidate, test, name) {
    return el('tr', name ? { testid: 'row-' + name } : {}, [
      el('th', { textContent: label }),
      el('td', { textContent: current }),
      el('td', { textContent: candidate }),
      el('td', { textContent: test || '' }),
    ]);
  }

  function showComparison(json) {
    comparison = json;
    var c = json.comparison;
    $('comparison').hidden = false;
    $('comparison-cases').textContent =
      t('cases', {
        cases: c.cases,
        positives: c.positives,
        negatives: c.negatives,
        minPositives: c.minimum.positives,
        minNegatives: c.minimum.negatives,
      }) + (c.enough ? '' : ' ' + t('tooFew'));
    $('head-current').textContent = named(c.current);
    $('head-candidate').textContent = named(c.candidate);
    var rows = $('comparison-rows');
    rows.textContent = '';
    rows.appendChild(
      statRow(
        t('threshold'),
        number(c.current.threshold, 3),
        number(c.candidate.threshold, 3),
        '',
        'threshold',
      ),
    );
    var s = c.statistics;
    if (!s) {
      rows.appendChild(el('tr', {}, [el('td', { colSpan: 4, textContent: t('noStatistics') })]));
    } else {
      var op = s.atOperatingPoint;
      rows.appendChild(
        statRow(
          t('auc'),
          interval(s.auc.current.auc, s.auc.current.ci95),
          interval(s.auc.candidate.auc, s.auc.candidate.ci95),
          t('delong', { p: pValue(s.auc.delong.p) }),
          'auc',
        ),
      );
      ['sensitivity', 'specificity'].forEach(function (measure) {
        rows.appendChild(
          statRow(
            t(measure),
            proportion(op.current[measure]),
            proportion(op.candidate[measure]),
            mcnemar(op[measure + 'McNemar']),
            measure,
          ),
        );
      });
      rows.appendChild(
        statRow(
          t('flagged'),
          proportion(op.current.flagged),
          proportion(op.candidate.flagged),
          '',
          'flagged',
        ),
      );
    }
    renderCases($('disagreements'), c);
    $('promote').disabled = !c.enough;
  }

  function load() {
    return page.call('GET', '/models').then(function (json) {
      if (json) showState(json);
    });
  }

  function act(method, path, body, done) {
    return page
      .call(method, path, body)
      .then(function (json) {
        if (json) $('saved').textContent = done(json);
        return load();
      })
      .catch(page.fail);
  }

  $('start').addEventListener('click', function () {
    act('POST', '/models/shadow', { modelId: $('candidate-model').value }, function (json) {
      return t('shadowStarted', { model: named(json.candidate) });
    });
  });
  $('stop').addEventListener('click', function () {
    act('DELETE', '/models/shadow', undefined, function () {
      return t('shadowStopped');
    });
  });
  $('compare').addEventListener('click', function () {
    page
      .call('POST', '/models/comparisons', {})
      .then(function (json) {
        if (json) showComparison(json);
      })
      .catch(page.fail);
  });
  $('promote').addEventListener('click', function () {
    if (!comparison) return;
    if (!window.confirm(t('promoteConfirm', { model: named(comparison.comparison.candidate) }))) return;
    act('POST', '/models/promotions', { comparisonId: comparison.id }, function (json) {
      $('comparison').hidden = true;
      return t('promoted', { model: named(json.promotion.model) });
    });
  });
  $('rollback').addEventListener('click', function () {
    var last = state && state.promotions[0];
    if (!last || !window.confirm(t('rollbackConfirm', { model: named(last.previous) }))) return;
    act('POST', '/models/rollback', {}, function (json) {
      return t('rolledBack', { model: named(json.rollback.model) });
    });
  });

  page.start(load);
})();
