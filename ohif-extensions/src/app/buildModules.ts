import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { MODULES_DIR, PACKAGE_DIR } from './paths';

/** Our OHIF modules: each source entry becomes one ES module OHIF loads with import(). */
export const MODULE_ENTRIES = {
  'extension-mammo-ai': resolve(PACKAGE_DIR, 'extension-mammo-ai', 'src', 'index.ts'),
  'mode-mammo-ai': resolve(PACKAGE_DIR, 'mode-mammo-ai', 'src', 'index.ts'),
} as const;

/**
 * Bundles the extension and the mode into MODULES_DIR. They carry their own React (OHIF does not
 * share its copy: our panels mount their own React roots) and use OHIF's cornerstone through the
 * globals OHIF sets, so nothing of OHIF is bundled twice.
 */
export async function buildModules(options: { minify?: boolean } = {}): Promise<string> {
  await mkdir(MODULES_DIR, { recursive: true });
  await build({
    entryPoints: MODULE_ENTRIES,
    outdir: MODULES_DIR,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: options.minify ?? true,
    sourcemap: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    legalComments: 'linked',
  });
  return MODULES_DIR;
}
