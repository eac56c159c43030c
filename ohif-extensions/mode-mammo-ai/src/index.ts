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
  viewing: `${SENTINELLE}.utilityModule.viewing`,
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

/**
 * The mode's own words, for OHIF's list of workflows: in the reader's language as the extension
 * reads it (?lng=, else i18next's storage key), French first. The page is loaded again when she
 * changes it.
 */
function modeWords(): { name: string; invalid: string } {
  let chosen: string | null = new URLSearchParams(window.location.search).get('lng');
  try {
    chosen ??= window.localStorage.getItem('i18nextLng');
  } catch {
    // storage disabled: French
  }
  return (chosen ?? 'fr').toLowerCase().startsWith('en')
    ? { name: 'Mammography AI', invalid: 'Mammography AI reads mammography (MG) studies' }
    : { name: 'Mammographie IA', invalid: 'Le mode Mammographie IA lit les examens de mammographie (MG)' };
}

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

/** A toolbar button that runs one of the extension's commands. */
const actionButton = (id: string, icon: string, label: string, tooltip: string, commands: string) => ({
  id,
  uiType: 'ohif.toolButton',
  props: { icon, label, tooltip, commands, evaluate: 'evaluate.action' },
});

/** The toolbar, in the reader's language (`t` from the extension's viewing strings). */
function toolbarButtons(
  t: (key: string) => string,
  commands: { toggleTrueSize: string; toggleComparison: string },
) {
  return [
    toolButton('Zoom', 'tool-zoom', t('tool.zoom')),
    toolButton('WindowLevel', 'tool-window-level', t('tool.windowLevel')),
    toolButton('Pan', 'tool-move', t('tool.pan')),
    toolButton('Magnify', 'tool-magnify', t('tool.magnify')),
    actionButton(
      'TrueSize',
      'tool-calibration',
      t('tool.trueSize'),
      t('tool.trueSize.tooltip'),
      commands.toggleTrueSize,
    ),
    actionButton(
      'Comparison',
      'tool-layout',
      t('tool.compare'),
      t('tool.compare.tooltip'),
      commands.toggleComparison,
    ),
    toolButton('EllipticalROI', 'tool-ellipse', t('tool.ellipse')),
    toolButton('PlanarFreehandROI', 'icon-tool-freehand-roi', t('tool.freehand')),
    toolButton('Probe', 'tool-probe', t('tool.probe')),
    actionButton(
      'SentinelleAi',
      'tab-linear',
      t('tool.ai'),
      t('tool.ai.tooltip'),
      'sentinelleToggleAiOverlay',
    ),
  ];
}

/** What onModeEnter started and onModeExit stops. */
let stopViewing: (() => void) | null = null;

function modeFactory() {
  return {
    id: MODE_ID,
    routeName: 'mammo',
    displayName: modeWords().name,
    onModeEnter: ({ servicesManager, extensionManager, commandsManager }: any) => {
      const { toolbarService, toolGroupService } = servicesManager.services;
      const session = extensionManager.getModuleEntry(ids.session).exports;
      const viewing = extensionManager.getModuleEntry(ids.viewing).exports;
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
          { toolName: toolNames.Magnify },
        ],
        enabled: [{ toolName: 'SentinelleAiFinding' }],
      });
      const buttons = toolbarButtons(viewing.t, viewing.commands);
      toolbarService.register(buttons);
      toolbarService.updateSection(
        'primary',
        buttons.map((b) => b.id),
      );
      stopViewing = viewing.startViewing(servicesManager, commandsManager);
      const studyUid = new URLSearchParams(window.location.search).get('StudyInstanceUIDs')?.split(',')[0];
      if (studyUid) void session.openStudySession(servicesManager, extensionManager, studyUid);
    },
    onModeExit: ({ servicesManager, extensionManager }: any) => {
      const { toolGroupService, uiDialogService, uiModalService } = servicesManager.services;
      const session = extensionManager.getModuleEntry(ids.session).exports;
      session.closeStudySession();
      session.resetOverlaySettings();
      stopViewing?.();
      stopViewing = null;
      uiDialogService.hideAll?.();
      uiModalService.hide?.();
      toolGroupService.destroy();
    },
    validationTags: { study: [], series: [] },
    isValidMode: ({ modalities }: { modalities: string }) => ({
      valid: modalities.split('\\').includes('MG'),
      description: modeWords().invalid,
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
