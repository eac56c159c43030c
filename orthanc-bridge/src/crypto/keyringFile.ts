/**
 * The keyring file: where it lives, reading it (only when no other user can), creating it at first
 * start, and adding a key during a rotation. Writes go to a temporary file renamed over the old one,
 * so a reader sees the old keyring or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Keyring, KeyringError } from './keyring';

/** The keyring of a Sentinelle data directory (`npm start`'s SENTINELLE_DATA_DIR). */
export function keyringFile(dataDir: string): string {
  return join(dataDir, 'keys', 'keyring.json');
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Reads the keyring at `path`. Refused when group or others have any access to the file: 0600 (or
 * the stricter 0400) only. The mode is read from the opened file, not the path, so the file checked
 * is the file read.
 */
export async function loadKeyring(path: string): Promise<Keyring> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errno(error) === 'ENOENT')
      throw new KeyringError(
        `the keyring ${path} does not exist: the bridge creates it at its first start; if the database holds sealed values, restore it from its backup`,
        { cause: error },
      );
    throw new KeyringError(`the keyring ${path} cannot be opened: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const { mode } = await handle.stat();
    if ((mode & 0o077) !== 0) {
      const octal = (mode & 0o777).toString(8).padStart(4, '0');
      throw new KeyringError(
        `the keyring ${path} is accessible to other users (mode ${octal}): run chmod 600 ${path}, and replace its keys if someone may have read them`,
      );
    }
    return Keyring.parse(await handle.readFile('utf8'), path);
  } finally {
    await handle.close();
  }
}

/** Writes a new file at `path` with mode 0600; fails with EEXIST when one is there. */
async function writeNew(path: string, keyring: Keyring): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, keyring.serialize(), { mode: 0o600, flag: 'wx' });
}

/**
 * The keyring at `path`, created with one fresh key when there is none. `created` tells the caller
 * to say so: a new keyring must be backed up before it protects anything.
 */
export async function ensureKeyring(path: string): Promise<{ keyring: Keyring; created: boolean }> {
  const keyring = Keyring.generate();
  try {
    await writeNew(path, keyring);
    return { keyring, created: true };
  } catch (error) {
    // Another process created it first (two starts at once), or it was there already.
    if (errno(error) !== 'EEXIST') throw error;
    return { keyring: await loadKeyring(path), created: false };
  }
}

/**
 * Adds a fresh key to the keyring at `path` and makes it active; returns the new keyring. The old
 * keys stay: values not yet re-wrapped still open. Run it inside withKeyringLock.
 */
export async function addActiveKey(path: string): Promise<Keyring> {
  const keyring = (await loadKeyring(path)).withNewActiveKey();
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeNew(temporary, keyring);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return keyring;
}

/**
 * Runs `fn` while holding `<path>.lock`. Two rotations at once would each add a key to the keyring
 * they read, and the second write would drop the first one's key while values were re-wrapped
 * under it: the lock makes the second rotation fail instead.
 */
export async function withKeyringLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  let handle;
  try {
    handle = await open(lock, 'wx', 0o600);
  } catch (error) {
    if (errno(error) === 'EEXIST')
      throw new KeyringError(
        `the keyring ${path} is locked by another key rotation (${lock} exists); if none is running, remove ${lock}`,
        { cause: error },
      );
    throw error;
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    return await fn();
  } finally {
    await handle.close();
    await rm(lock, { force: true });
  }
}
