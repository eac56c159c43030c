// Report templates page: the site's layout of its reports, per language (header, sections and their
// order, wording). Anyone reading studies sees it; a physician-admin (report:template) changes it,
// each save a new version. The API checks the template and who may save it.
(function () {
  'use strict';
  // Every section a template may hold, in their usual order: the API lists them.
  var allSections = [];
  var MAX_ADDRESS_LINES = 6;
  var MAX_LOGO_BASE64 = 1400000;
  var PNG_DATA_URL = 'data:image/png;base64,';
  var STRINGS = {
    fr: {
      info: 'Site {site} — version {version} — {kind}',
      defaultTemplate: 'modèle par défaut, pas encore modifié pour le site',
      siteTemplate: 'modèle du site',
      up: 'Monter',
      down: 'Descendre',
      remove: 'Retirer',
      add: 'Ajouter',
      none: 'Aucune.',
      heading: 'Intitulé de la section « {section} »',
      defaultWording: 'Libellé par défaut',
      savedVersion: 'Modèle enregistré (version {version}).',
      tooManyLines: "L'adresse tient en 6 lignes au plus.",
      notPng: 'Le logo doit être une image PNG.',
      logoTooBig: 'Le logo dépasse 1 Mo.',
      sectionNames: {
        indication: 'Indication',
        comparison: 'Comparaison',
        technique: 'Technique',
        composition: 'Composition mammaire',
        findings: 'Résultats',
        'ai-summary': "Synthèse de l'IA",
        impression: 'Conclusion',
        recommendations: 'Recommandations',
        notes: 'Notes',
      },
    },
    en: {
      title: 'Report templates',
      locale: 'Template language',
      readOnly: 'Only physician-admins can change report templates.',
      header: 'Header',
      institutionName: 'Institution name',
      institutionNameHint: "Left empty: the study's Institution Name.",
      addressLines: 'Address (one line per line, 6 at most)',
      logo: 'Logo (PNG image)',
      removeLogo: 'Remove the logo',
      sections: 'Sections',
      sectionsHint: 'In the order of the printed report.',
      otherSections: 'Sections left out',
      wording: 'Wording',
      wordingHint: 'Left empty: the default wording.',
      reportTitle: 'Report title',
      save: 'Save',
      info: 'Site {site} — version {version} — {kind}',
      defaultTemplate: 'default template, not changed for the site yet',
      siteTemplate: "the site's own template",
      up: 'Move up',
      down: 'Move down',
      remove: 'Remove',
      add: 'Add',
      none: 'None.',
      heading: 'Heading of the “{section}” section',
      defaultWording: 'Default wording',
      savedVersion: 'Template saved (version {version}).',
      tooManyLines: 'The address takes 6 lines at most.',
      notPng: 'The logo must be a PNG image.',
      logoTooBig: 'The logo is over 1 MB.',
      sectionNames: {
        indication: 'Indication',
        comparison: 'Comparison',
        technique: 'Technique',
        composition: 'Breast composition',
        findings: 'Findings',
        'ai-summary': 'AI summary',
        impression: 'Impression',
        recommendations: 'Recommendations',
        notes: 'Notes',
      },
    },
  };
  var page = window.SentinellePage(STRINGS);
  var $ = page.$;
  var t = page.t;
  var el = page.el;
  var call = page.call;
  var fail = page.fail;
  function sectionName(section) {
    return STRINGS[page.lang].sectionNames[section] || section;
  }
  var mayEdit = false;
  // The template being edited: its sections in order, the headings typed (kept for a section taken
  // out and put back before saving), the logo as base64.
  var state = { sections: [], headings: {}, logoPng: null };

  function button(text, testid, onClick, disabled) {
    var node = el('button', { type: 'button', textContent: text, testid: testid, disabled: !!disabled });
    node.addEventListener('click', onClick);
    return node;
  }
  function move(index, by) {
    var section = state.sections[index];
    state.sections.splice(index, 1);
    state.sections.splice(index + by, 0, section);
    renderSections();
  }
  function renderSections() {
    var list = $('sections');
    list.textContent = '';
    var last = state.sections.length - 1;
    state.sections.forEach(function (section, index) {
      var id = 'section-' + section;
      var up = button('↑', id + '-up', move.bind(null, index, -1), index === 0);
      var down = button('↓', id + '-down', move.bind(null, index, 1), index === last);
      up.title = t('up');
      up.setAttribute('aria-label', t('up') + ' : ' + sectionName(section));
      down.title = t('down');
      down.setAttribute('aria-label', t('down') + ' : ' + sectionName(section));
      // A template keeps at least one section.
      var remove = button(
        t('remove'),
        id + '-remove',
        function () {
          state.sections.splice(index, 1);
          renderSections();
        },
        last === 0,
      );
      list.appendChild(
        el('li', { testid: id }, [
          el('span', { className: 'name', textContent: sectionName(section) }),
          up,
          down,
          remove,
        ]),
      );
    });

    var others = $('other-sections');
    others.textContent = '';
    allSections
      .filter(function (section) {
        return state.sections.indexOf(section) < 0;
      })
      .forEach(function (section) {
        var add = button(t('add'), 'section-add-' + section, function () {
          state.sections.push(section);
          renderSections();
        });
        others.appendChild(
          el('li', { testid: 'section-other-' + section }, [
            el('span', { className: 'name', textContent: sectionName(section) }),
            add,
          ]),
        );
      });
    if (!others.firstChild) others.appendChild(el('li', { className: 'hint', textContent: t('none') }));
    renderHeadings();
  }
  function renderHeadings() {
    var box = $('headings');
    box.textContent = '';
    state.sections.forEach(function (section) {
      var input = el('input', {
        value: state.headings[section] || '',
        maxLength: 100,
        placeholder: t('defaultWording'),
        testid: 'heading-' + section,
      });
      input.addEventListener('input', function () {
        state.headings[section] = input.value;
      });
      box.appendChild(
        el('label', {}, [
          el('span', { textContent: t('heading', { section: sectionName(section) }) }),
          input,
        ]),
      );
    });
  }
  function showLogo() {
    var preview = $('logo-preview');
    if (state.logoPng) preview.src = PNG_DATA_URL + state.logoPng;
    else preview.removeAttribute('src');
    preview.hidden = !state.logoPng;
    $('logo-remove').hidden = !state.logoPng;
  }

  function show(json) {
    var template = json.template;
    var wording = template.wording || {};
    state = {
      sections: template.sections.slice(),
      headings: Object.assign({}, wording.headings || {}),
      logoPng: template.header.logoPng,
    };
    $('institution-name').value = template.header.institutionName || '';
    $('address-lines').value = template.header.addressLines.join('\n');
    $('logo-file').value = '';
    $('report-title').value = wording.title || '';
    showLogo();
    renderSections();
    $('info').textContent = t('info', {
      site: json.site,
      version: template.version,
      kind: t(json.isDefault ? 'defaultTemplate' : 'siteTemplate'),
    });
    $('fields').disabled = !mayEdit;
  }
  function load() {
    var locale = $('locale').value;
    return call('GET', '/templates/' + locale).then(function (json) {
      // Another language may have been chosen while this one was on its way.
      if (!json || locale !== $('locale').value) return;
      allSections = json.sections;
      show(json);
    });
  }

  /** The template as PUT takes it, or null (and the reason shown) when the page can tell it is wrong. */
  function edited() {
    var addressLines = $('address-lines')
      .value.split('\n')
      .map(function (line) {
        return line.trim();
      })
      .filter(Boolean);
    if (addressLines.length > MAX_ADDRESS_LINES) {
      $('error').textContent = t('tooManyLines');
      return null;
    }
    var template = {
      header: {
        institutionName: $('institution-name').value.trim() || null,
        addressLines: addressLines,
        logoPng: state.logoPng,
      },
      sections: state.sections.slice(),
    };
    var wording = {};
    var title = $('report-title').value.trim();
    if (title) wording.title = title;
    var headings = {};
    state.sections.forEach(function (section) {
      var heading = (state.headings[section] || '').trim();
      if (heading) headings[section] = heading;
    });
    if (Object.keys(headings).length) wording.headings = headings;
    if (Object.keys(wording).length) template.wording = wording;
    return template;
  }

  $('locale').value = page.lang;
  $('locale').addEventListener('change', function () {
    $('error').textContent = '';
    $('saved').textContent = '';
    $('fields').disabled = true;
    load().catch(fail);
  });
  $('logo-file').addEventListener('change', function () {
    var file = this.files && this.files[0];
    if (!file) return;
    $('error').textContent = '';
    var reader = new FileReader();
    reader.onload = function () {
      var url = String(reader.result);
      if (url.indexOf(PNG_DATA_URL) !== 0) {
        $('error').textContent = t('notPng');
        return;
      }
      var base64 = url.slice(PNG_DATA_URL.length);
      if (base64.length > MAX_LOGO_BASE64) {
        $('error').textContent = t('logoTooBig');
        return;
      }
      state.logoPng = base64;
      showLogo();
    };
    reader.onerror = function () {
      fail(reader.error);
    };
    reader.readAsDataURL(file);
  });
  $('logo-remove').addEventListener('click', function () {
    state.logoPng = null;
    $('logo-file').value = '';
    showLogo();
  });
  $('template').addEventListener('submit', function (event) {
    event.preventDefault();
    $('error').textContent = '';
    $('saved').textContent = '';
    var template = edited();
    if (!template) return;
    call('PUT', '/templates/' + $('locale').value, template)
      .then(function (json) {
        if (!json) return;
        $('saved').textContent = t('savedVersion', { version: json.template.version });
        return load();
      })
      .catch(fail);
  });

  page.start(function (user) {
    mayEdit = user.permissions.indexOf('report:template') >= 0;
    $('read-only').hidden = mayEdit;
    return load();
  });
})();
