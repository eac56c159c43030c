/**
 * The OHIF side of Sentinelle: preparing the pinned OHIF build and our extension and mode for the
 * bridge to serve. The browser code itself lives in extension-mammo-ai/ and mode-mammo-ai/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildModules, MODULE_ENTRIES } from './app/buildModules';
import { APP_CONFIG_PATH, MODULES_DIR, ohifAppDir } from './app/paths';
import { prepareOhifApp } from './app/prepareOhifApp';

export { buildModules, MODULE_ENTRIES } from './app/buildModules';
export { OhifAppError, prepareOhifApp } from './app/prepareOhifApp';
export { readOhifPin, type OhifPin } from './app/paths';

/** The files the bridge serves as the viewer (see orthanc-bridge's viewerRoutes). */
export interface ViewerFiles {
  readonly appDir: string;
  readonly appConfigPath: string;
  readonly modulesDir: string;
}

/** Where the prepared viewer is, whether or not it was prepared yet. */
export function viewerFiles(): ViewerFiles {
  return { appDir: ohifAppDir(), appConfigPath: APP_CONFIG_PATH, modulesDir: MODULES_DIR };
}

/** True when the OHIF build and our bundled modules are in place (the bridge checks at start). */
export function isViewerPrepared(files: ViewerFiles): boolean {
  return (
    existsSync(join(files.appDir, 'index.html')) &&
    existsSync(files.appConfigPath) &&
    Object.keys(MODULE_ENTRIES).every((name) => existsSync(join(files.modulesDir, `${name}.js`)))
  );
}

/** Unpacks the pinned OHIF build (once) and bundles our extension and mode (each time: < 1 s). */
export async function prepareViewer(): Promise<ViewerFiles> {
  await Promise.all([prepareOhifApp(), buildModules()]);
  return viewerFiles();
}
