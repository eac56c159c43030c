import { resolve } from 'node:path';
import { REPO_ROOT } from '@sentinelle/config';

/** The `shared/` folder beside the repository (datasets and fixtures), as tests and tools read it. */
export const SHARED = resolve(REPO_ROOT, '..', 'shared');
export const MINI_MIAS = resolve(SHARED, 'datasets', 'mini-mias');
export const FIXTURES = resolve(SHARED, 'fixtures');
/** Debian's Python, which has python3-torch; never a pyenv or venv interpreter. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
export { REPO_ROOT };
