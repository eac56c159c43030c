/**
 * Sentinelle's OHIF configuration, served by the bridge at /app-config.js in place of the one in
 * the published @ohif/app build. Everything is same-origin: DICOMweb through the bridge's proxy
 * (/dicom-web), the Sentinelle extension and mode as ES modules (/sentinelle/*.js).
 */
(function () {
  // French first: the language the user last chose (?lng=, cookie, storage) wins, else French.
  try {
    var chosen = /(?:^|;\s*)i18next=/.test(document.cookie) || window.localStorage.getItem('i18nextLng');
    if (!chosen && !/[?&]lng=/.test(window.location.search)) window.localStorage.setItem('i18nextLng', 'fr');
  } catch (_error) {
    // Storage disabled: OHIF falls back to the browser's language.
  }

  // Sentinelle's name wherever OHIF would show its own.
  document.title = 'Sentinelle';

  /** Sentinelle's logo (a watchful eye over a breast outline) and name, drawn with OHIF's React. */
  function sentinelleLogo(React) {
    var h = React.createElement;
    return h(
      'span',
      {
        'data-testid': 'sentinelle-logo',
        'aria-label': 'Sentinelle',
        style: { display: 'inline-flex', alignItems: 'center', gap: 8, height: 28, color: '#5acce6' },
      },
      h(
        'svg',
        { viewBox: '0 0 32 32', width: 26, height: 26, 'aria-hidden': 'true', focusable: 'false' },
        h('circle', { cx: 16, cy: 16, r: 14, fill: 'none', stroke: 'currentColor', strokeWidth: 2.5 }),
        h('path', {
          d: 'M5 16c3-5 7-7.5 11-7.5S24 11 27 16c-3 5-7 7.5-11 7.5S8 21 5 16z',
          fill: 'none',
          stroke: 'currentColor',
          strokeWidth: 2,
        }),
        h('circle', { cx: 16, cy: 16, r: 3.5, fill: 'currentColor' }),
      ),
      h(
        'span',
        { style: { fontSize: 19, fontWeight: 600, letterSpacing: 0.5, color: '#ffffff' } },
        'Sentinelle',
      ),
    );
  }

  var origin = window.location.origin;
  window.config = {
    name: 'sentinelle',
    routerBasename: '/',
    whiteLabeling: { createLogoComponentFn: sentinelleLogo },
    extensions: [origin + '/sentinelle/extension-mammo-ai.js'],
    modes: [origin + '/sentinelle/mode-mammo-ai.js'],
    // The build's own modes that accept a mammogram (OHIF's basic viewer, its segmentation mode) are
    // not offered: they are neither translated nor part of the reading workflow. Their routes stay
    // (a bookmark still opens); the worklist's "open with" lists ours only. OHIF's other modes refuse
    // MG studies and are never listed. `hide` goes through the modes' own modeFactory.
    modesConfiguration: {
      '@ohif/mode-longitudinal': { hide: { $set: true } },
      '@ohif/mode-basic': { hide: { $set: true } },
      '@ohif/mode-segmentation': { hide: { $set: true } },
    },
    customizationService: {},
    showStudyList: true,
    maxNumberOfWebWorkers: 2,
    showWarningMessageForCrossOrigin: false,
    showCPUFallbackMessage: false,
    showLoadingIndicator: true,
    // The first drag on an inactive viewport draws (and activates it) rather than only activating it.
    activateViewportBeforeInteraction: false,
    investigationalUseDialog: { option: 'never' },
    strictZSpacingForVolumeViewport: true,
    groupEnabledModesFirst: true,
    maxNumRequests: { interaction: 100, thumbnail: 5, prefetch: 10 },
    showErrorDetails: 'always',
    defaultDataSourceName: 'sentinelle',
    dataSources: [
      {
        // The default DICOMweb source, with each study's AI status and score added to the worklist.
        namespace: '@sentinelle/extension-mammo-ai.dataSourcesModule.sentinelle-dicomweb',
        sourceName: 'sentinelle',
        configuration: {
          friendlyName: 'Sentinelle (Orthanc)',
          name: 'sentinelle',
          qidoRoot: origin + '/dicom-web',
          wadoRoot: origin + '/dicom-web',
          wadoUriRoot: origin + '/dicom-web',
          bridgeApiRoot: origin + '/api',
          qidoSupportsIncludeField: false,
          supportsReject: false,
          imageRendering: 'wadors',
          thumbnailRendering: 'wadors',
          enableStudyLazyLoad: true,
          supportsFuzzyMatching: false,
          supportsWildcard: true,
          staticWado: false,
          singlepart: 'bulkdata,video',
          omitQuotationForMultipartRequest: true,
          bulkDataURI: { enabled: true, relativeResolution: 'studies' },
        },
      },
    ],
  };
})();
