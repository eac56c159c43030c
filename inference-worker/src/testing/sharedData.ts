import { resolve } from 'node:path';
import { REPO_ROOT, SHARED_DIR } from '@sentinelle/config';

/** The `shared/` folder beside the repository (datasets and fixtures), as tests and tools read it. */
export const SHARED = SHARED_DIR;
export const MINI_MIAS = resolve(SHARED, 'datasets', 'mini-mias');
export const FIXTURES = resolve(SHARED, 'fixtures');
/** Debian's Python, which has python3-torch; never a pyenv or venv interpreter. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
export { REPO_ROOT };
