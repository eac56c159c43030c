import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding the root package.json). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the local stack keeps its data unless SENTINELLE_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '.data');
