import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '@sentinelle/config';
import { useAuditDatabase } from '../testing/auditDatabase';
import { ensureTestPki, testKeyringPath, testReportSigning } from '../../testing/harness';
import { auditBundleProblems } from '../testing/fhirAuditShape';

const t = useAuditDatabase();

beforeAll(async () => {
  await ensureTestPki();
});

/** The tests' keyring (the one useAuditDatabase keys the chain with) and signing certificate. */
const keys = () => ['--keyring', testKeyringPath(), '--pki-dir', dirname(testReportSigning().signingP12Path)];

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command (a path under src) as `npm run audit:*` does (node with tsx's loader). */
function command(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  // The test says which database: never the one of the environment.
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join('orthanc-bridge', 'src', script), ...args],
      { cwd: REPO_ROOT, env: { ...inherited, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('audit commands', () => {
  test('audit:verify prints the intact chain, signs a checkpoint of its head and exits 0, then names the altered entry and exits 1', async () => {
    const entries = await t.appendSome(3);
    const intact = await command('audit/cli/verifyAudit.ts', ['--database-url', t.url, ...keys()]);
    expect(intact).toEqual({
      code: 0,
      stdout: expect.stringMatching(
        new RegExp(
          `^audit chain intact: 3 entries, 0 checkpoints verified\nlast entry: 3 ${entries[2]!.hash}\ncheckpoint 1 signed: entry 3 at \\d{4}-.*Z\n$`,
        ),
      ),
      stderr: '',
    });
    await t.appendSome(1);
    expect((await command('audit/cli/verifyAudit.ts', ['--database-url', t.url, ...keys()])).stdout).toMatch(
      /^audit chain intact: 4 entries, 1 checkpoint verified\nlast entry: 4 [0-9a-f]{64}\ncheckpoint 2 signed: entry 4 at /,
    );
    // Without the institution's certificate the chain is checked, and it says what was not.
    expect(
      await command('audit/cli/verifyAudit.ts', [
        '--database-url',
        t.url,
        '--keyring',
        testKeyringPath(),
        '--pki-dir',
        '/nonexistent',
      ]),
    ).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /^audit chain intact: 4 entries\n.*\ncheckpoints not checked nor signed: no signing certificate in \/nonexistent\n$/,
      ),
    });

    await t.tamper(`UPDATE audit_event SET patient_id = 'P42' WHERE id = 2`);
    const altered = await command('audit/cli/verifyAudit.ts', keys(), { DATABASE_URL: t.url });
    expect(altered).toMatchObject({
      code: 1,
      stdout: 'audit chain broken at entry 2: hash mismatch: the entry was altered after it was recorded\n',
    });
  });

  test('audit:verify names the entry after a deleted one', async () => {
    await t.appendSome(4);
    await t.tamper('DELETE FROM audit_event WHERE id = 2');
    const ran = await command('audit/cli/verifyAudit.ts', ['--database-url', t.url, ...keys()]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(
      /^audit chain broken at entry 3: prev_hash mismatch: it does not follow entry 1 /,
    );
  });

  test('audit:verify exits 2 when it cannot check: no database, or no audit trail in it', async () => {
    const unreachable = await command('audit/cli/verifyAudit.ts', [
      '--database-url',
      'postgres://sentinelle@127.0.0.1:1/none',
      ...keys(),
    ]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^audit:verify: the database is unreachable/);

    await t.superuser('DROP TABLE audit_event');
    const missing = await command('audit/cli/verifyAudit.ts', ['--database-url', t.url, ...keys()]);
    expect(missing).toMatchObject({
      code: 2,
      stderr:
        'audit:verify: the database has no audit trail (table audit_event): start the bridge once to apply its migrations\n',
    });
  });

  test('audit:export writes the entries of a filter as a FHIR Bundle of AuditEvents, sealed in a file, and refuses a bad date', async () => {
    await t.appendSome(3);
    await t.appendSome(2, { actor: 'dr.bernard' });
    const dir = await mkdtemp(join(tmpdir(), 'sentinelle-audit-export-'));
    const keyring = testKeyringPath();
    try {
      const out = join(dir, 'audit.json.sealed');
      const ran = await command('audit/cli/exportAudit.ts', [
        '--database-url',
        t.url,
        '--actor',
        'dr.bernard',
        '--keyring',
        keyring,
        '--out',
        out,
      ]);
      expect(ran).toMatchObject({ code: 0, stderr: `2 audit events written to ${out} (sealed)\n` });
      // On disk the export names nobody: the file is sealed with the keyring.
      const sealed = await readFile(out);
      expect(sealed.subarray(0, 7).toString('ascii')).toBe('SNTLENC');
      expect(sealed.includes('dr.bernard')).toBe(false);
      expect(sealed.includes('AuditEvent')).toBe(false);
      const opened = await command('keys/cli/openSealedFile.ts', [
        out,
        '--context',
        'audit-export',
        '--keyring',
        keyring,
      ]);
      expect(opened.code).toBe(0);
      const bundle = JSON.parse(opened.stdout);
      expect(bundle.type).toBe('collection');
      expect(bundle.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual(['5', '4']);
      expect(auditBundleProblems(bundle)).toEqual([]);
      // Opened as something else, it does not open.
      const wrongContext = await command('keys/cli/openSealedFile.ts', [
        out,
        '--context',
        'report',
        '--keyring',
        keyring,
      ]);
      expect(wrongContext.code).toBe(1);
      expect(wrongContext.stdout).toBe('');

      const plain = join(dir, 'audit.json');
      const clear = await command('audit/cli/exportAudit.ts', [
        '--database-url',
        t.url,
        '--keyring',
        keyring,
        '--plain',
        '--out',
        plain,
      ]);
      expect(clear).toMatchObject({ code: 0, stderr: `5 audit events written to ${plain}\n` });
      expect(JSON.parse(await readFile(plain, 'utf8')).entry).toHaveLength(5);

      const stdout = await command('audit/cli/exportAudit.ts', ['--patient', 'P1', '--keyring', keyring], {
        DATABASE_URL: t.url,
      });
      expect(stdout.code).toBe(0);
      expect(JSON.parse(stdout.stdout).entry).toHaveLength(3);

      const bad = await command('audit/cli/exportAudit.ts', [
        '--database-url',
        t.url,
        '--keyring',
        keyring,
        '--from',
        'last tuesday',
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^audit:export: invalid audit filter: .*from/s);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
