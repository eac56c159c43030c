import { MODULE_IDS } from '../id';
import type { ExtensionManager } from '../ohif';
import { MAMMO_VIEW_ATTRIBUTE, VIEW_CODES } from './mammoView';
import { t } from './viewingStrings';

const { CC, MLO } = VIEW_CODES;
type Breast = 'R' | 'L';
type View = typeof CC | typeof MLO;

/**
 * A current or prior image of one breast and view: laterality and view are required. The view is
 * ours (mammoView.ts), not OHIF's `ViewCode`, which throws on an image without View Code Sequence.
 */
function selector(laterality: Breast, view: View, prior: boolean) {
  return {
    seriesMatchingRules: [
      { attribute: MAMMO_VIEW_ATTRIBUTE, constraint: { contains: view }, required: true, weight: 10 },
      { attribute: 'ImageLaterality', constraint: { equals: laterality }, required: true, weight: 10 },
    ],
    studyMatchingRules: prior
      ? [
          {
            attribute: 'studyInstanceUIDsIndex',
            from: 'options',
            required: true,
            constraint: { equals: { value: 1 } },
          },
        ]
      : [
          {
            attribute: 'studyInstanceUIDsIndex',
            from: 'options',
            required: true,
            constraint: { equals: { value: 0 } },
          },
        ],
  };
}

/**
 * Right breasts hang on the left of the screen with their chest wall on the centre line, left
 * breasts on the right: the two breasts back to back, as radiologists read (the anchoring of
 * OHIF's @ohif/hpMammo). The whole image fits its viewport: hpMammo's 80 % area would crop the
 * top and bottom tenth, where the AI may have marked a lesion.
 */
export const CHEST_WALL_ANCHORS = {
  R: { imagePoint: [1, 0.5], canvasPoint: [1, 0.5] },
  L: { imagePoint: [0, 0.5], canvasPoint: [0, 0.5] },
} as const;

const fitted = (breast: Breast) => ({
  storeAsInitialCamera: true,
  imageArea: [1, 1],
  imageCanvasPoint: CHEST_WALL_ANCHORS[breast],
});

/** The viewports of the protocol: a breast and view, current or prior. */
export const VIEWPORT_IDS = [
  'RCC',
  'LCC',
  'RMLO',
  'LMLO',
  'RCCPrior',
  'LCCPrior',
  'RMLOPrior',
  'LMLOPrior',
] as const;
export type ViewportId = (typeof VIEWPORT_IDS)[number];

/** What a viewport of this protocol is for, from its id ("LMLOPrior": left, MLO, prior). */
export function viewportRole(id: string): { breast: Breast; view: 'CC' | 'MLO'; prior: boolean } | null {
  const match = /^([RL])(CC|MLO)(Prior)?$/.exec(id);
  if (!match) return null;
  return { breast: match[1] as Breast, view: match[2] as 'CC' | 'MLO', prior: Boolean(match[3]) };
}

function viewport(id: ViewportId) {
  const role = viewportRole(id)!;
  return {
    viewportOptions: {
      viewportId: id,
      toolGroupId: 'default',
      viewportType: 'stack',
      displayArea: fitted(role.breast),
      allowUnmatchedView: true,
      // Zoom and pan move both breasts of a pair (same view, same exam) together.
      syncGroups: [
        {
          type: 'zoompan',
          id: `mammo-${role.view.toLowerCase()}${role.prior ? '-prior' : ''}`,
          source: true,
          target: true,
        },
      ],
    },
    displaySets: [{ id }],
  };
}

/** The stage ids: the four current views, and current over prior. */
export const STAGES = { screening: 'screening', compare: 'compare' } as const;

/**
 * "Mammography AI": the four views in one row, RCC | LCC | RMLO | LMLO, each pair back to back. A
 * mammogram is tall and narrow (about 2:5): in a 2×2 grid of landscape viewports each image fits by
 * its height and fills a third of its viewport; in one row of tall viewports it is about three times
 * larger, as screening workstations hang it. A comparison stage puts each view of the
 * current exam over the same view of the prior MG study (when there is one). Extends OHIF's @ohif/hpMammo
 * (matching rules, display areas) with required laterality and our viewports' sync groups.
 */
export function getHangingProtocolModule({ extensionManager }: { extensionManager: ExtensionManager }) {
  const base = extensionManager.getModuleEntry(
    '@ohif/extension-default.hangingProtocolModule.@ohif/hpMammo',
  )?.protocol;
  const protocol = {
    ...(base ?? {}),
    id: MODULE_IDS.hangingProtocol,
    name: 'Mammography AI',
    locked: true,
    protocolMatchingRules: [
      {
        id: 'mammography',
        weight: 200,
        attribute: 'ModalitiesInStudy',
        constraint: { contains: 'MG' },
        required: true,
      },
    ],
    toolGroupIds: ['default'],
    numberOfPriorsReferenced: 0,
    displaySetSelectors: {
      RCC: selector('R', CC, false),
      LCC: selector('L', CC, false),
      RMLO: selector('R', MLO, false),
      LMLO: selector('L', MLO, false),
      RCCPrior: selector('R', CC, true),
      LCCPrior: selector('L', CC, true),
      RMLOPrior: selector('R', MLO, true),
      LMLOPrior: selector('L', MLO, true),
    },
    stages: [
      {
        id: STAGES.screening,
        name: t('stage.screening'),
        viewportStructure: { layoutType: 'grid', properties: { rows: 1, columns: 4 } },
        viewports: (['RCC', 'LCC', 'RMLO', 'LMLO'] as const).map(viewport),
      },
      {
        // Each view's current image over the prior's: RCC | LCC | RMLO | LMLO, then the same views
        // of the prior exam. Always offered: without a prior its row says so (viewportLabels).
        id: STAGES.compare,
        name: t('stage.compare'),
        viewportStructure: { layoutType: 'grid', properties: { rows: 2, columns: 4 } },
        viewports: (
          ['RCC', 'LCC', 'RMLO', 'LMLO', 'RCCPrior', 'LCCPrior', 'RMLOPrior', 'LMLOPrior'] as const
        ).map(viewport),
      },
    ],
  };
  return [{ name: MODULE_IDS.hangingProtocol, protocol }];
}
