/** Full ids of what this extension registers: the mode composes them only through these. */
export const EXTENSION_ID = '@sentinelle/extension-mammo-ai';

export const MODULE_IDS = {
  dataSource: `${EXTENSION_ID}.dataSourcesModule.sentinelle-dicomweb`,
  findingsPanel: `${EXTENSION_ID}.panelModule.findings`,
  reportPanel: `${EXTENSION_ID}.panelModule.report`,
  hangingProtocol: '@sentinelle/hpMammoAi',
} as const;

/** The cornerstone tool drawing the AI's lesion marks (outline, centre, score label). */
export const AI_FINDING_TOOL = 'SentinelleAiFinding';

/** Log lines of this extension start with this tag. */
export const LOG_TAG = '[mammo-ai]';
