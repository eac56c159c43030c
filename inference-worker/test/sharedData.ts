import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root and the `shared/` folder that sits beside it (datasets and fixtures). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SHARED = resolve(REPO_ROOT, '..', 'shared');
export const MINI_MIAS = resolve(SHARED, 'datasets', 'mini-mias');
export const FIXTURES = resolve(SHARED, 'fixtures');
/** Debian's Python, which has python3-torch; never a pyenv or venv interpreter. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
