/**
 * What every demo study builder shares: JPEG Lossless files checked by dciodvfy, the triage a
 * study description gets, and the manifest (`studies.json`) that `npm start` loads studies from.
 */
import { execFile } from 'node:child_process';
import { rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DEFAULT_TRIAGE_RULES,
  DEMO_MANIFEST,
  demoManifestSchema,
  type DemoManifest,
  type DemoStudy,
  type Priority,
} from '@sentinelle/config';

const run = promisify(execFile);

/**
 * Writes `dicom` to `outDir/file` compressed with dcmtk's dcmcjpeg (JPEG Lossless, first-order
 * prediction, transfer syntax 1.2.840.10008.1.2.4.70; the SOP Instance UID is kept) and checks
 * the result with dciodvfy: any "Error" line throws. `work` holds the uncompressed file meanwhile.
 */
export async function writeLosslessDemoImage(
  dicom: Uint8Array,
  outDir: string,
  file: string,
  work: string,
): Promise<void> {
  const raw = join(work, file.replaceAll('/', '-'));
  const out = join(outDir, file);
  await writeFile(raw, dicom);
  await run('dcmcjpeg', ['--encode-lossless-sv1', '--uid-never', raw, out]);
  const { stderr } = await run('dciodvfy', [out]).catch((e: { stderr?: string }) => ({
    stderr: e.stderr ?? String(e),
  }));
  const errors = stderr.split('\n').filter((l) => l.startsWith('Error'));
  if (errors.length) throw new Error(`${file} does not validate:\n${errors.join('\n')}`);
}

/** The priority the default triage rules give a study with this StudyDescription. */
export function expectedPriority(description: string): Priority {
  const order: Priority[] = ['stat', 'diagnostic', 'screening'];
  const matching = DEFAULT_TRIAGE_RULES.filter(
    (r) => r.field === 'StudyDescription' && new RegExp(r.pattern, r.flags).test(description),
  ).map((r) => r.priority);
  return order.find((p) => matching.includes(p)) ?? 'screening';
}

/**
 * Checks and writes the manifest of the studies built in `outDir`, last, so that a build cut
 * short leaves no manifest (and `npm start` builds again). Returns one line per file with its
 * size and source, and a total.
 */
export async function writeDemoManifest(
  outDir: string,
  attribution: string,
  studies: readonly DemoStudy[],
): Promise<string[]> {
  const manifest: DemoManifest = demoManifestSchema.parse({ attribution, studies });
  const path = join(outDir, DEMO_MANIFEST);
  // Whole or absent, even when the build is killed while writing it.
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
  const lines: string[] = [];
  let total = 0;
  for (const study of manifest.studies) {
    for (const image of study.images) {
      const { size } = await stat(join(outDir, image.file));
      total += size;
      lines.push(`${image.file}  ${(size / 1024).toFixed(0)} KiB  ${image.source}`);
    }
  }
  const count = manifest.studies.length;
  lines.push(
    `${count} ${count === 1 ? 'study' : 'studies'}, ${(total / 1024 / 1024).toFixed(2)} MiB in ${outDir}`,
  );
  return lines;
}
