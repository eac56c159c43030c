import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding the root package.json). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the local stack keeps its data unless SENTINELLE_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '.data');

/** Sentinelle's own programs, as `npm run bridge` and `npm run worker` run them (tsx, from REPO_ROOT). */
export const BRIDGE_MAIN = resolve(REPO_ROOT, 'orthanc-bridge', 'src', 'main.ts');
export const WORKER_MAIN = resolve(REPO_ROOT, 'inference-worker', 'src', 'worker', 'main.ts');

/** The bridge's Orthanc Explorer extension, an orthanc-python script (Orthanc's PythonScript). */
export const ORTHANC_EXPLORER_EXTENSION = resolve(
  REPO_ROOT,
  'orthanc-bridge',
  'orthanc-plugin',
  'sentinelle_explorer.py',
);

/** The demo studies `npm start` loads into its Orthanc (built by `npm run demo:build`). */
export const DEMO_DIR = resolve(REPO_ROOT, 'config', 'demo');
