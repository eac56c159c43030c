import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../testing/sharedData';
import { projectKeyFile } from './keyStore';
import type { VerificationReport } from './verify/report';
import { fileWithHiddenIdentity, fixtureFile, SIEMENS_FIXTURE, studyWithResults } from './testSets';

const run = promisify(execFile);

let work: string;
let input: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-anonymize-'));
  input = join(work, 'in');
  mkdirSync(join(input, 'nested'), { recursive: true });
  const siemens = fixtureFile(SIEMENS_FIXTURE);
  writeFileSync(join(input, 'siemens.dcm'), siemens.bytes);
  for (const file of studyWithResults(join(work, 'study')))
    writeFileSync(join(input, 'nested', file.name.split('/').pop()!), file.bytes);
  writeFileSync(join(input, 'hidden.dcm'), fileWithHiddenIdentity().bytes);
  writeFileSync(join(input, 'README.txt'), 'not a DICOM file');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `npm run anonymize` as a user runs it (tsx, from the repository root), with its own data dir. */
async function anonymize(args: string[]): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SENTINELLE_DATA_DIR: join(work, 'data') };
  delete env.SENTINELLE_DEID_KEY;
  try {
    const { stdout, stderr } = await run(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [join(REPO_ROOT, 'inference-worker', 'src', 'cli', 'anonymize.ts'), ...args],
      { cwd: REPO_ROOT, env, timeout: 300_000 },
    );
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const dicomFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.dcm'))
    .sort();

test('anonymize de-identifies a folder, verifies it and releases it to --out with its report, the same UIDs on a second run', async () => {
  const out = join(work, 'out-1');
  const first = await anonymize(['--in', input, '--out', out, '--project', 'e2e', '--site', 'site-a']);
  expect(first.output).toContain('verification passed');
  expect(first.code).toBe(0);
  expect(first.output).toContain('skipped README.txt');
  const files = dicomFiles(out);
  expect(files).toHaveLength(8);
  const report = JSON.parse(
    readFileSync(join(out, 'verification-report.json'), 'utf8'),
  ) as VerificationReport;
  expect(report.passed).toBe(true);
  expect(report.counts).toEqual({ instances: 8, studies: 3, patients: 3 });
  expect(readFileSync(join(out, 'verification-report.md'), 'utf8')).toContain('PASSED');
  // No staging folder left behind, the key file private, the key never printed.
  expect(readdirSync(work).filter((name) => name.includes('staging'))).toEqual([]);
  const keyFile = projectKeyFile(join(work, 'data'), 'e2e');
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  expect(first.output).not.toContain(readFileSync(keyFile, 'utf8').trim());

  const again = await anonymize(['--in', input, '--out', join(work, 'out-2'), '--project', 'e2e']);
  expect(again.code).toBe(0);
  expect(dicomFiles(join(work, 'out-2'))).toEqual(files);
});

test('anonymize refuses to release a set whose verification fails, and says why', async () => {
  const out = join(work, 'out-kept');
  const result = await anonymize(['--in', input, '--out', out, '--project', 'e2e', '--keep', '0020,4000']);
  expect(result.code).toBe(1);
  expect(result.output).toContain('verification FAILED');
  expect(result.output).toMatch(
    /hidden\.dcm: \[identifying-value\] Image Comments \(0020,4000\): contains the source's Patient's Name/,
  );
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(work).filter((name) => name.includes('staging'))).toEqual([]);
  const failed = JSON.parse(
    readFileSync(join(work, 'out-kept.verification-report-failed.json'), 'utf8'),
  ) as VerificationReport;
  expect(failed.passed).toBe(false);
});

test('anonymize refuses an existing --out folder and a missing --in, with a usage line when arguments are missing', async () => {
  const existing = join(work, 'existing');
  mkdirSync(existing);
  expect(await anonymize(['--in', input, '--out', existing])).toEqual({
    code: 1,
    output: expect.stringContaining('already exists'),
  });
  expect((await anonymize(['--in', input])).output).toContain('usage: anonymize');
});
