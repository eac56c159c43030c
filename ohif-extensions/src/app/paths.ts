import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The ohif-extensions package folder. */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Prepared artefacts (the unpacked OHIF build, our bundled modules); never committed. */
export const CACHE_DIR = resolve(PACKAGE_DIR, '.cache');

/** Our OHIF configuration, served in place of the build's own app-config.js. */
export const APP_CONFIG_PATH = resolve(PACKAGE_DIR, 'app', 'app-config.js');

const OhifPinSchema = z.strictObject({
  package: z.literal('@ohif/app'),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'an exact version'),
  integrity: z.string().regex(/^sha512-[A-Za-z0-9+/]+=*$/, 'an npm sha512 integrity'),
});
export type OhifPin = z.infer<typeof OhifPinSchema>;

/** The pinned OHIF build: exact version and the registry tarball's sha512 integrity. */
export function readOhifPin(): OhifPin {
  const path = resolve(PACKAGE_DIR, 'app', 'ohif-app.lock.json');
  return OhifPinSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Where the pinned build's `dist/` is unpacked. */
export function ohifAppDir(pin: OhifPin = readOhifPin()): string {
  return resolve(CACHE_DIR, `ohif-app-${pin.version}`);
}

/** Where the extension and mode bundles are written (served at /sentinelle/). */
export const MODULES_DIR = resolve(CACHE_DIR, 'modules');
