import { FFDM_PNG_DIR } from '@sentinelle/config';
import type { PngView } from '../dicomWrap/index';

/**
 * The real four-view FFDM screening exam of the shared fixtures (16-bit PNG, one file per view,
 * lesion masks beside them), as the demo builder and the integration tests wrap it.
 */
export const FFDM_PNG = FFDM_PNG_DIR;
/** Its pixel spacing (the PNG files do not record it). */
export const FFDM_PIXEL_SPACING_MM = 0.1;
export const FFDM_VIEWS: readonly PngView[] = [
  { laterality: 'L', view: 'CC', file: '0_L-CC.png' },
  { laterality: 'L', view: 'MLO', file: '0_L-MLO.png' },
  { laterality: 'R', view: 'CC', file: '0_R-CC.png' },
  { laterality: 'R', view: 'MLO', file: '0_R-MLO.png' },
];
