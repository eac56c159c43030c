import { resolve } from 'node:path';
import { FFDM_PNG_DIR, REPO_ROOT, SHARED_DIR } from '@sentinelle/config';
import type { PngView } from '../dicomWrap/index';

/** The `shared/` folder beside the repository (datasets and fixtures), as tests and tools read it. */
export const SHARED = SHARED_DIR;
export const MINI_MIAS = resolve(SHARED, 'datasets', 'mini-mias');
export const FIXTURES = resolve(SHARED, 'fixtures');
/** Debian's Python, which has python3-torch; never a pyenv or venv interpreter. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
export { REPO_ROOT };

/** The real 4-view FFDM screening exam: 16-bit PNG, one file per view, lesion masks beside them. */
export const FFDM_PNG = FFDM_PNG_DIR;
/** Its pixel spacing (the PNG files do not record it). */
export const FFDM_PIXEL_SPACING_MM = 0.1;
export const FFDM_VIEWS: readonly PngView[] = [
  { laterality: 'L', view: 'CC', file: '0_L-CC.png' },
  { laterality: 'L', view: 'MLO', file: '0_L-MLO.png' },
  { laterality: 'R', view: 'CC', file: '0_R-CC.png' },
  { laterality: 'R', view: 'MLO', file: '0_R-MLO.png' },
];
