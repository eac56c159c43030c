/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Mode "Mammography AI" (route /mammo, MG studies): the four screening views hung back to back,
 * the AI overlay, and on the right the findings and reading panel and the report panel.
 */
const MODE_ID = '@sentinelle/mode-mammo-ai';
const SENTINELLE = '@sentinelle/extension-mammo-ai';

/** Every module this mode uses, by full id. */
const ids = {
  layout: '@ohif/extension-default.layoutTemplateModule.viewerLayout',
  stack: '@ohif/extension-default.sopClassHandlerModule.stack',
  seriesList: '@ohif/extension-default.panelModule.seriesList',
  cornerstoneViewport: '@ohif/extension-cornerstone.viewportModule.cornerstone',
  cornerstoneTools: '@ohif/extension-cornerstone.utilityModule.tools',
  findingsPanel: `${SENTINELLE}.panelModule.findings`,
  reportPanel: `${SENTINELLE}.panelModule.report`,
  session: `${SENTINELLE}.utilityModule.session`,
  hangingProtocol: '@sentinelle/hpMammoAi',
} as const;

/**
 * OHIF imports each dependency by its key: ours by the URL it was loaded from (beside this
 * mode's bundle), so the import returns the extension already registered.
 */
const extensionDependencies = {
  '@ohif/extension-default': '^3.0.0',
  '@ohif/extension-cornerstone': '^3.0.0',
  [new URL('./extension-mammo-ai.js', import.meta.url).href]: '^0.1.0',
};

const toolButton = (id: string, icon: string, label: string, toolName = id) => ({
  id,
  uiType: 'ohif.toolButton',
  props: {
    icon,
    label,
    tooltip: label,
    commands: {
      commandName: 'setToolActive',
      commandOptions: { toolName, toolGroupIds: ['default'] },
      context: 'CORNERSTONE',
    },
    evaluate: 'evaluate.cornerstoneTool',
  },
});

const toolbarButtons = [
  toolButton('Zoom', 'tool-zoom', 'Zoom'),
  toolButton('WindowLevel', 'tool-window-level', 'Fenêtrage / Window'),
  toolButton('Pan', 'tool-move', 'Déplacer / Pan'),
  toolButton('EllipticalROI', 'tool-ellipse', 'Ellipse'),
  toolButton('PlanarFreehandROI', 'icon-tool-freehand-roi', 'Contour libre / Freehand'),
  toolButton('Probe', 'tool-probe', 'Point / Probe'),
  {
    id: 'SentinelleAi',
    uiType: 'ohif.toolButton',
    props: {
      icon: 'tab-linear',
      label: 'IA on/off',
      tooltip: 'Afficher / masquer l’IA — Show / hide AI',
      commands: 'sentinelleToggleAiOverlay',
      evaluate: 'evaluate.action',
    },
  },
];

function modeFactory() {
  return {
    id: MODE_ID,
    routeName: 'mammo',
    displayName: 'Mammographie IA / Mammography AI',
    onModeEnter: ({ servicesManager, extensionManager }: any) => {
      const { toolbarService, toolGroupService } = servicesManager.services;
      const session = extensionManager.getModuleEntry(ids.session).exports;
      session.registerAiFindingTool();
      const { toolNames, Enums } = extensionManager.getModuleEntry(ids.cornerstoneTools).exports;
      toolGroupService.createToolGroupAndAddTools('default', {
        active: [
          { toolName: toolNames.WindowLevel, bindings: [{ mouseButton: Enums.MouseBindings.Primary }] },
          { toolName: toolNames.Pan, bindings: [{ mouseButton: Enums.MouseBindings.Auxiliary }] },
          { toolName: toolNames.Zoom, bindings: [{ mouseButton: Enums.MouseBindings.Secondary }] },
        ],
        passive: [
          { toolName: toolNames.EllipticalROI },
          { toolName: toolNames.PlanarFreehandROI },
          { toolName: toolNames.Probe },
        ],
        enabled: [{ toolName: 'SentinelleAiFinding' }],
      });
      toolbarService.register(toolbarButtons);
      toolbarService.updateSection(
        'primary',
        toolbarButtons.map((b) => b.id),
      );
      const studyUid = new URLSearchParams(window.location.search).get('StudyInstanceUIDs')?.split(',')[0];
      if (studyUid) void session.openStudySession(servicesManager, extensionManager, studyUid);
    },
    onModeExit: ({ servicesManager, extensionManager }: any) => {
      const { toolGroupService, uiDialogService, uiModalService } = servicesManager.services;
      const session = extensionManager.getModuleEntry(ids.session).exports;
      session.closeStudySession();
      session.resetOverlaySettings();
      uiDialogService.hideAll?.();
      uiModalService.hide?.();
      toolGroupService.destroy();
    },
    validationTags: { study: [], series: [] },
    isValidMode: ({ modalities }: { modalities: string }) => ({
      valid: modalities.split('\\').includes('MG'),
      description: 'Le mode Mammographie IA lit les examens MG / Mammography AI reads MG studies',
    }),
    routes: [
      {
        path: 'mammo',
        // Runs before OHIF loads the studies: the patient's prior exam joins the current one.
        init: async ({ extensionManager, studyInstanceUIDs }: any) => {
          const session = extensionManager.getModuleEntry(ids.session).exports;
          await session.addPriorStudy(extensionManager, studyInstanceUIDs);
        },
        layoutTemplate: () => ({
          id: ids.layout,
          props: {
            leftPanels: [ids.seriesList],
            leftPanelClosed: true,
            rightPanels: [ids.findingsPanel, ids.reportPanel],
            rightPanelClosed: false,
            viewports: [{ namespace: ids.cornerstoneViewport, displaySetsToDisplay: [ids.stack] }],
          },
        }),
      },
    ],
    extensions: extensionDependencies,
    hangingProtocol: ids.hangingProtocol,
    sopClassHandlers: [ids.stack],
  };
}

export default { id: MODE_ID, modeFactory, extensionDependencies };
