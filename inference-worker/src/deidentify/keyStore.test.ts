import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeidentificationError } from './errors';
import { KEY_ENV, loadProjectKey, projectKeyFile } from './keyStore';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sentinelle-keys-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

test('loadProjectKey creates a 32-byte key file with mode 0600 on first use and reads the same key after', () => {
  const first = loadProjectKey('screening-2026', { dataDir, env: {} });
  expect(first.source).toBe('file');
  expect(first.key).toHaveLength(32);
  const file = projectKeyFile(dataDir, 'screening-2026');
  expect(first.file).toBe(file);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
  expect(readFileSync(file, 'utf8').trim()).toBe(Buffer.from(first.key).toString('hex'));
  expect(loadProjectKey('screening-2026', { dataDir, env: {} }).key).toEqual(first.key);
  expect(loadProjectKey('another', { dataDir, env: {} }).key).not.toEqual(first.key);
});

test('loadProjectKey takes the key from SENTINELLE_DEID_KEY when set, and writes no file', () => {
  const hex = 'ab'.repeat(32);
  const loaded = loadProjectKey('p1', { dataDir, env: { [KEY_ENV]: hex } });
  expect(loaded).toEqual({ key: new Uint8Array(Buffer.from(hex, 'hex')), source: 'environment' });
  expect(() => statSync(projectKeyFile(dataDir, 'p1'))).toThrow();
});

test('loadProjectKey refuses a short key, a key file others can read, and a project name that is a path', () => {
  expect(() => loadProjectKey('p1', { dataDir, env: { [KEY_ENV]: 'abcd' } })).toThrow(DeidentificationError);
  loadProjectKey('p2', { dataDir, env: {} });
  chmodSync(projectKeyFile(dataDir, 'p2'), 0o644);
  expect(() => loadProjectKey('p2', { dataDir, env: {} })).toThrow(/readable by other users.*chmod 600/);
  expect(() => loadProjectKey('../etc', { dataDir, env: {} })).toThrow(/project name/);
});
