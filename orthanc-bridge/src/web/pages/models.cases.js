// The cases where the two models decide differently, as the physician-admin judges them: each exam's
// four screening views as thumbnails, each model's score and decision, and the final reading. The
// images come through the bridge's DICOMweb relay, the viewer's own path: the user's patient scope
// is checked there and every image read is audited. The comparison API only names the study.
(function () {
  'use strict';
  // The four screening views in the order radiologists hang them.
  var VIEWS = ['RCC', 'LCC', 'RMLO', 'LMLO'];
  var IMAGE_LATERALITY = '00200062';
  var VIEW_POSITION = '00185101';
  var VIEW_CODE_SEQUENCE = '00540220';
  var MODALITY = '00080060';
  // Twice the figure's CSS size (8rem × 10rem), sharp on high-density screens.
  var THUMBNAIL_VIEWPORT = '256,320';
  // SNOMED CT codes of the view, when View Position is empty (PS3.16 CID 4014).
  var VIEW_CODES = { 399162004: 'CC', 399368009: 'MLO' };

  var first = function (instance, tag) {
    var attribute = instance[tag];
    return attribute && attribute.Value ? attribute.Value[0] : undefined;
  };
  var viewOf = function (instance) {
    var position = String(first(instance, VIEW_POSITION) || '').toUpperCase();
    if (position !== 'CC' && position !== 'MLO') {
      var code = first(instance, VIEW_CODE_SEQUENCE);
      position = (code && VIEW_CODES[first(code, '00080100')]) || '';
    }
    var laterality = String(first(instance, IMAGE_LATERALITY) || '').toUpperCase();
    return position && (laterality === 'R' || laterality === 'L') ? laterality + position : undefined;
  };

  // The study's MG images by view (the first image of each view), from one QIDO-RS search.
  function findViews(studyUid) {
    var study = '/dicom-web/studies/' + encodeURIComponent(studyUid);
    var query = [IMAGE_LATERALITY, VIEW_POSITION, VIEW_CODE_SEQUENCE, MODALITY]
      .map(function (tag) {
        return 'includefield=' + tag;
      })
      .join('&');
    return fetch(study + '/instances?' + query, { headers: { accept: 'application/dicom+json' } })
      .then(function (response) {
        if (!response.ok) throw new Error('QIDO-RS ' + response.status);
        return response.status === 204 ? [] : response.json();
      })
      .then(function (instances) {
        var byView = {};
        instances.forEach(function (instance) {
          var view = viewOf(instance);
          if (!view || byView[view] || first(instance, MODALITY) !== 'MG') return;
          byView[view] =
            study +
            '/series/' +
            encodeURIComponent(first(instance, '0020000E')) +
            '/instances/' +
            encodeURIComponent(first(instance, '00080018')) +
            // Small, as the page shows it (Orthanc's DICOMweb 1.7 has no /thumbnail).
            '/rendered?viewport=' +
            THUMBNAIL_VIEWPORT;
        });
        return byView;
      });
  }

  // A rendered image as a data: URL (the pages' CSP allows no blob:). Fetched rather than set as
  // an <img> source: Orthanc's DICOMweb refuses the Accept header a browser sends for images.
  function renderedImage(url) {
    return fetch(url, { headers: { accept: 'image/jpeg' } })
      .then(function (response) {
        if (!response.ok) throw new Error('WADO-RS ' + response.status);
        return response.blob();
      })
      .then(function (blob) {
        return new Promise(function (resolve, reject) {
          var reader = new FileReader();
          reader.onload = function () {
            resolve(reader.result);
          };
          reader.onerror = reject;
          reader.readAsDataURL(blob);
        });
      });
  }

  /**
   * `page`: SentinellePage's helpers; `number(v, digits)`: a decimal in the page's language.
   * Returns render(list, comparison): fills `list` with one item per disagreeing case.
   */
  window.SentinelleComparisonCases = function (page, number) {
    var t = page.t;
    var el = page.el;

    function viewFigures(studyUid) {
      var figures = {};
      var strip = el(
        'div',
        { className: 'views', testid: 'case-views' },
        VIEWS.map(function (view) {
          var caption = el('figcaption', { textContent: t('view-' + view) });
          figures[view] = el('figure', { testid: 'view-' + view }, [caption]);
          return figures[view];
        }),
      );
      findViews(studyUid)
        .then(function (byView) {
          VIEWS.forEach(function (view) {
            var figure = figures[view];
            if (!byView[view]) {
              figure.className = 'missing';
              figure.insertBefore(el('span', { textContent: t('viewMissing') }), figure.firstChild);
              return;
            }
            var img = el('img', { alt: t('view-' + view) });
            img.setAttribute('data-src', byView[view]);
            figure.insertBefore(img, figure.firstChild);
            renderedImage(byView[view])
              .then(function (src) {
                img.src = src;
              })
              .catch(function () {
                figure.className = 'missing';
                figure.replaceChild(el('span', { textContent: t('imageUnavailable') }), img);
              });
          });
        })
        .catch(function () {
          strip.textContent = t('imagesUnavailable');
        });
      return strip;
    }

    function decision(model, score, label) {
      var flagged = score >= model.threshold;
      return el('span', { className: flagged ? 'flagged' : '' }, [
        document.createTextNode(
          t('caseScore', {
            model: label,
            score: number(score, 3),
            decision: t(flagged ? 'flaggedWord' : 'notFlaggedWord'),
          }),
        ),
      ]);
    }

    return function render(list, c) {
      list.textContent = '';
      c.disagreements.forEach(function (d) {
        list.appendChild(
          el('li', { testid: 'disagreement', className: 'case' }, [
            el('p', {}, [
              el('a', {
                href: d.viewerUrl,
                textContent: d.studyInstanceUid,
                target: '_blank',
                rel: 'noopener',
              }),
            ]),
            el('p', { testid: 'case-decisions' }, [
              decision(c.current, d.current, t('currentShort')),
              document.createTextNode(' · '),
              decision(c.candidate, d.candidate, t('candidateShort')),
              document.createTextNode(' · '),
              el('strong', {
                testid: 'case-truth',
                textContent: t(d.recall ? 'recalled' : 'notRecalled'),
              }),
            ]),
            viewFigures(d.studyInstanceUid),
          ]),
        );
      });
      if (c.disagreements.length === 0) list.appendChild(el('li', { textContent: t('noDisagreement') }));
      if (c.disagreementsElsewhere > 0)
        list.appendChild(el('li', { textContent: t('elsewhere', { n: c.disagreementsElsewhere }) }));
    };
  };
})();
