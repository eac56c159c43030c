import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { cleanInstances } from './deidentifyInstances';
import { DeidentificationError } from './errors';
import type { DeidentificationProject } from './project';
import type { VerificationReport } from './verify/report';
import { reportMarkdown } from './verify/reportMarkdown';
import { verifyDeidentifiedSet } from './verify/verifySet';

export interface AnonymizeFolderResult {
  readonly released: boolean;
  readonly report: VerificationReport;
  /** Where the report was written: inside --out when released, beside it when not. */
  readonly reportFiles: { readonly json: string; readonly markdown: string };
  /** Files of --in that are not DICOM Part 10 (no DICM marker), left out. */
  readonly skipped: readonly string[];
  /** The sources' paths under --in, by the report's sourceIndex (for the operator's console only). */
  readonly sourceNames: readonly string[];
}

export const REPORT_JSON = 'verification-report.json';
export const REPORT_MARKDOWN = 'verification-report.md';

/**
 * `npm run anonymize`: every DICOM file under `inDir` de-identified into a private staging folder
 * beside `outDir`, the staging files re-read and verified, and the folder moved to `outDir` only
 * when the verification passes. A failed set is deleted; its report (which names attributes, never
 * values) is left beside `outDir` so the reasons can be read.
 */
export async function anonymizeFolder(options: {
  readonly inDir: string;
  readonly outDir: string;
  readonly project: DeidentificationProject;
  readonly site?: string;
}): Promise<AnonymizeFolderResult> {
  const outDir = resolve(options.outDir);
  await refuseExisting(outDir);
  const files = await listFiles(resolve(options.inDir));
  const sources: { name: string; bytes: Uint8Array; site?: string }[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file));
    const name = relative(resolve(options.inDir), file);
    if (isPart10(bytes))
      sources.push({ name, bytes, ...(options.site !== undefined && { site: options.site }) });
    else skipped.push(name);
  }
  if (sources.length === 0) {
    throw new DeidentificationError('no_sources', null, `no DICOM Part 10 file under ${options.inDir}`);
  }

  const staging = join(dirname(outDir), `.${basename(outDir)}.staging-${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    const instances = await cleanInstances(sources, options.project);
    const written: string[] = [];
    for (const instance of instances) {
      const path = join(staging, instance.studyInstanceUid, `${instance.sopInstanceUid}.dcm`);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFile(path, instance.bytes, { mode: 0o600 });
      written.push(path);
    }
    // Verify what is on disk, not what was in memory.
    const report = await verifyDeidentifiedSet(
      await Promise.all(
        instances.map(async (instance, i) => ({
          sourceName: sources[i]!.name,
          source: sources[i]!.bytes,
          outputName: relative(staging, written[i]!),
          output: new Uint8Array(await readFile(written[i]!)),
          ...(sources[i]!.site !== undefined && { site: sources[i]!.site }),
        })),
      ),
      options.project,
    );
    if (report.passed) {
      const reportFiles = await writeReport(staging, report, REPORT_JSON, REPORT_MARKDOWN);
      await rename(staging, outDir);
      return {
        released: true,
        report,
        reportFiles: {
          json: join(outDir, basename(reportFiles.json)),
          markdown: join(outDir, basename(reportFiles.markdown)),
        },
        skipped,
        sourceNames: sources.map((s) => s.name),
      };
    }
    const reportFiles = await writeReport(
      dirname(outDir),
      report,
      `${basename(outDir)}.${REPORT_JSON.replace('.json', '-failed.json')}`,
      `${basename(outDir)}.${REPORT_MARKDOWN.replace('.md', '-failed.md')}`,
    );
    return { released: false, report, reportFiles, skipped, sourceNames: sources.map((s) => s.name) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function writeReport(dir: string, report: VerificationReport, json: string, markdown: string) {
  const files = { json: join(dir, json), markdown: join(dir, markdown) };
  await writeFile(files.json, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
  await writeFile(files.markdown, reportMarkdown(report), { mode: 0o600 });
  return files;
}

async function refuseExisting(outDir: string): Promise<void> {
  const existing = await stat(outDir).catch(() => null);
  if (existing)
    throw new Error(`--out ${outDir} already exists; name a new folder so nothing is overwritten`);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function isPart10(bytes: Uint8Array): boolean {
  return bytes.length > 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
}
