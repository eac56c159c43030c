import { statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialsFile, loadOrCreateCredentials, readStoredCredentials } from './credentials';

describe('loadOrCreateCredentials', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sentinelle-credentials-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('loadOrCreateCredentials generates the Orthanc, PostgreSQL and Redis passwords once and finds them again', async () => {
    const first = await loadOrCreateCredentials(dataDir, { username: 'sentinelle', password: undefined });
    expect(first.postgres).toMatchObject({
      superuser: { user: 'sentinelle' },
      owner: { user: 'sentinelle_owner' },
      app: { user: 'sentinelle_app' },
    });
    const passwords = [
      first.orthanc,
      first.postgres.superuser,
      first.postgres.owner,
      first.postgres.app,
      first.redis,
    ].map((a) => a.password);
    expect(new Set(passwords).size).toBe(5);
    for (const p of passwords) expect(p.length).toBeGreaterThanOrEqual(20);
    expect(statSync(credentialsFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateCredentials(dataDir, { username: 'sentinelle', password: undefined })).toEqual(
      first,
    );
    expect(readStoredCredentials(dataDir)).toEqual(first);
  });

  test('loadOrCreateCredentials adds the PostgreSQL and Redis entries to a file written before they existed', async () => {
    const old = { orthanc: { username: 'sentinelle', password: 'kept-orthanc-password' } };
    await writeFile(credentialsFile(dataDir), JSON.stringify(old), { mode: 0o644 });
    const credentials = await loadOrCreateCredentials(dataDir, {
      username: 'sentinelle',
      password: undefined,
    });
    expect(credentials.orthanc).toEqual(old.orthanc);
    const stored = JSON.parse(await readFile(credentialsFile(dataDir), 'utf8')) as Record<string, unknown>;
    expect(stored).toEqual({
      orthanc: old.orthanc,
      postgres: credentials.postgres,
      redis: credentials.redis,
    });
    expect(statSync(credentialsFile(dataDir)).mode & 0o777).toBe(0o600);
  });

  test('loadOrCreateCredentials does not write down an Orthanc password given in the environment', async () => {
    const credentials = await loadOrCreateCredentials(dataDir, {
      username: 'sentinelle',
      password: 'from-the-env',
    });
    expect(credentials.orthanc.password).toBe('from-the-env');
    expect(await readFile(credentialsFile(dataDir), 'utf8')).not.toContain('from-the-env');
  });
});
