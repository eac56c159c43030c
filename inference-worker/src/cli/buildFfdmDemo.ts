/**
 * npm run demo:ffdm -- --out DIR [--ffdm ../shared/fixtures/ffdm-png]
 *
 * Builds the four-view FFDM demo study (DEMO^Quatre-incidences: R/L × CC/MLO of the real screening
 * exam in the shared fixtures) and its prior a year earlier into DIR, with their studies.json. `npm start` runs it once into
 * <data dir>/demo-ffdm/; the images come from an AGPL-3.0 repository, so DIR must not be committed.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoManifest } from '../demo/demoFiles';
import { FFDM_DEMO_KEYS } from '@sentinelle/config';
import { buildFfdmDemoStudies, FFDM_DEMO_ATTRIBUTION } from '../demo/ffdmDemo';
import { FFDM_PNG } from '../demo/ffdmExam';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { ffdm: { type: 'string', default: FFDM_PNG }, out: { type: 'string' } },
  });
  if (!values.out) throw new Error('--out DIR is required (e.g. .data/demo-ffdm; never committed)');
  const outDir = resolve(values.out);
  const work = await mkdtemp(join(tmpdir(), 'sentinelle-demo-ffdm-'));
  try {
    for (const key of FFDM_DEMO_KEYS) await mkdir(join(outDir, key), { recursive: true });
    const studies = await buildFfdmDemoStudies(resolve(values.ffdm), outDir, work);
    for (const line of await writeDemoManifest(outDir, FFDM_DEMO_ATTRIBUTION, studies)) console.log(line);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
