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

  var origin = window.location.origin;
  window.config = {
    name: 'sentinelle',
    routerBasename: '/',
    whiteLabeling: {},
    extensions: [origin + '/sentinelle/extension-mammo-ai.js'],
    modes: [origin + '/sentinelle/mode-mammo-ai.js'],
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
