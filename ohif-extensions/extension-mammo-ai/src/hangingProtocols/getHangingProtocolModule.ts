import { MODULE_IDS } from '../id';
import type { ExtensionManager } from '../ohif';

const CC = 'SCT:399162004';
const MLO = 'SCT:399368009';
type Breast = 'R' | 'L';
type View = typeof CC | typeof MLO;

/** A current or prior image of one breast and view: laterality and view code are required. */
function selector(laterality: Breast, view: View, prior: boolean) {
  return {
    seriesMatchingRules: [
      { attribute: 'ViewCode', constraint: { contains: view }, required: true, weight: 10 },
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
const DISPLAY_AREAS = {
  right: {
    storeAsInitialCamera: true,
    imageArea: [1, 1],
    imageCanvasPoint: { imagePoint: [1, 0.5], canvasPoint: [1, 0.5] },
  },
  left: {
    storeAsInitialCamera: true,
    imageArea: [1, 1],
    imageCanvasPoint: { imagePoint: [0, 0.5], canvasPoint: [0, 0.5] },
  },
};

function viewport(id: string, displayArea: unknown, row: string) {
  return {
    viewportOptions: {
      viewportId: id,
      toolGroupId: 'default',
      viewportType: 'stack',
      displayArea,
      allowUnmatchedView: true,
      // Zoom and pan move both breasts of a row together.
      syncGroups: [{ type: 'zoompan', id: `mammo-row-${row}`, source: true, target: true }],
    },
    displaySets: [{ id }],
  };
}

/**
 * "Mammography AI": 2×2 with RCC | LCC over RMLO | LMLO; with a prior MG study, a comparison
 * stage puts current and prior of the same view side by side. Extends OHIF's @ohif/hpMammo
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
        id: 'screening',
        name: 'CC / MLO',
        viewportStructure: { layoutType: 'grid', properties: { rows: 2, columns: 2 } },
        viewports: [
          viewport('RCC', DISPLAY_AREAS.right, 'cc'),
          viewport('LCC', DISPLAY_AREAS.left, 'cc'),
          viewport('RMLO', DISPLAY_AREAS.right, 'mlo'),
          viewport('LMLO', DISPLAY_AREAS.left, 'mlo'),
        ],
      },
      {
        id: 'compare',
        name: 'Comparaison / Compare',
        // Only offered when the prior's four views were found.
        stageActivation: { enabled: { minViewportsMatched: 8 } },
        viewportStructure: { layoutType: 'grid', properties: { rows: 2, columns: 4 } },
        viewports: [
          viewport('RCC', DISPLAY_AREAS.right, 'cc'),
          viewport('RCCPrior', DISPLAY_AREAS.right, 'cc'),
          viewport('LCCPrior', DISPLAY_AREAS.left, 'cc'),
          viewport('LCC', DISPLAY_AREAS.left, 'cc'),
          viewport('RMLO', DISPLAY_AREAS.right, 'mlo'),
          viewport('RMLOPrior', DISPLAY_AREAS.right, 'mlo'),
          viewport('LMLOPrior', DISPLAY_AREAS.left, 'mlo'),
          viewport('LMLO', DISPLAY_AREAS.left, 'mlo'),
        ],
      },
    ],
  };
  return [{ name: MODULE_IDS.hangingProtocol, protocol }];
}
