import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FieldCipher } from './fieldCipher';
import { KeyringError } from './keyring';
import { addActiveKey, ensureKeyring, keyringFile, loadKeyring, withKeyringLock } from './keyringFile';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sentinelle-keyring-'));
  path = keyringFile(join(dir, 'data'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keyring file', () => {
  test('ensureKeyring creates a 0600 keyring of one key once, then loads the same one', async () => {
    const first = await ensureKeyring(path);
    expect(first.created).toBe(true);
    expect(path).toBe(join(dir, 'data', 'keys', 'keyring.json'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(first.keyring.keyIds).toEqual([first.keyring.activeKeyId]);
    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(file).toEqual({
      format: 'sentinelle-keyring/1',
      active: first.keyring.activeKeyId,
      keys: [{ id: first.keyring.activeKeyId, createdAt: expect.any(String), key: expect.any(String) }],
    });
    expect(Buffer.from(file.keys[0].key, 'base64')).toHaveLength(32);

    const second = await ensureKeyring(path);
    expect(second.created).toBe(false);
    const sealed = new FieldCipher(first.keyring).seal('x', 'c');
    expect(new FieldCipher(second.keyring).open(sealed, 'c')).toBe('x');
  });

  test('loadKeyring refuses a keyring other users can read, naming the fix', async () => {
    await ensureKeyring(path);
    await chmod(path, 0o644);
    await expect(loadKeyring(path)).rejects.toThrow(
      new KeyringError(
        `the keyring ${path} is accessible to other users (mode 0644): run chmod 600 ${path}, and replace its keys if someone may have read them`,
      ),
    );
    await chmod(path, 0o640);
    await expect(ensureKeyring(path)).rejects.toThrow(/mode 0640/);
    await chmod(path, 0o400);
    await expect(loadKeyring(path)).resolves.toBeDefined();
  });

  test('loadKeyring refuses a missing, invalid or inconsistent keyring', async () => {
    await expect(loadKeyring(path)).rejects.toThrow(
      /^the keyring .* does not exist: .* restore it from its backup$/,
    );
    await ensureKeyring(path);
    const file = JSON.parse(await readFile(path, 'utf8'));
    const write = (content: unknown) => writeFile(path, JSON.stringify(content));
    await write({ ...file, active: 'k-missing' });
    await expect(loadKeyring(path)).rejects.toThrow(`names k-missing active but holds no such key`);
    await write({ ...file, keys: [{ ...file.keys[0], key: Buffer.alloc(16).toString('base64') }] });
    await expect(loadKeyring(path)).rejects.toThrow(/is not valid: .*must be 32 bytes in base64/s);
    await write({ ...file, keys: [file.keys[0], file.keys[0]] });
    await expect(loadKeyring(path)).rejects.toThrow(`holds key ${file.active} twice`);
  });

  test('addActiveKey adds a key and makes it active, keeping the old ones and the mode', async () => {
    const { keyring } = await ensureKeyring(path);
    const rotated = await addActiveKey(path);
    expect(rotated.activeKeyId).not.toBe(keyring.activeKeyId);
    expect(rotated.keyIds).toEqual([keyring.activeKeyId, rotated.activeKeyId]);
    expect((await loadKeyring(path)).activeKeyId).toBe(rotated.activeKeyId);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const sealed = new FieldCipher(keyring).seal('x', 'c');
    expect(new FieldCipher(rotated).open(sealed, 'c')).toBe('x');
  });

  test('withKeyringLock refuses a second holder while the first one runs, then lets go', async () => {
    await ensureKeyring(path);
    await withKeyringLock(path, async () => {
      await expect(withKeyringLock(path, async () => 'second')).rejects.toThrow(
        `the keyring ${path} is locked by another key rotation (${path}.lock exists); if none is running, remove ${path}.lock`,
      );
    });
    await expect(withKeyringLock(path, async () => 'again')).resolves.toBe('again');
  });
});
