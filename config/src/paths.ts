import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding the root package.json). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The `shared/` folder beside the repository: datasets and test fixtures, never committed here. */
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');

/**
 * The real four-view FFDM screening exam in the shared fixtures (16-bit PNG, lesion masks beside
 * them). It comes from an AGPL-3.0 repository: images derived from it are built at `npm start`
 * under the data dir, never committed.
 */
export const FFDM_PNG_DIR = resolve(SHARED_DIR, 'fixtures', 'ffdm-png');

/** Where the local stack keeps its data unless SENTINELLE_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '.data');

/** Sentinelle's own programs, as `npm run bridge` and `npm run worker` run them (tsx, from REPO_ROOT). */
export const BRIDGE_MAIN = resolve(REPO_ROOT, 'orthanc-bridge', 'src', 'main.ts');
export const WORKER_MAIN = resolve(REPO_ROOT, 'inference-worker', 'src', 'worker', 'main.ts');

/** The bridge's Orthanc Explorer extension, an orthanc-python script (Orthanc's PythonScript). */
export const ORTHANC_EXPLORER_EXTENSION = resolve(
  REPO_ROOT,
  'orthanc-bridge',
  'src',
  'explorer',
  'plugin',
  'sentinelle_explorer.py',
);

/** The demo studies `npm start` loads into its Orthanc (built by `npm run demo:build`). */
export const DEMO_DIR = resolve(REPO_ROOT, 'config', 'demo');

/**
 * The worker's CLI that builds the four-view FFDM demo study from FFDM_PNG_DIR. `npm start` runs
 * it as a subprocess (config does not import the worker, which depends on config).
 */
export const FFDM_DEMO_BUILDER = resolve(REPO_ROOT, 'inference-worker', 'src', 'cli', 'buildFfdmDemo.ts');
