import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeidentificationError } from './errors';

/** The environment variable that, when set, holds the key (64 hex digits) for the project run. */
export const KEY_ENV = 'SENTINELLE_DEID_KEY';
const KEY_BYTES = 32;
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `<dataDir>/deidentification/keys/<project>.key`: one 0600 file per project. */
export function projectKeyFile(dataDir: string, project: string): string {
  return join(resolve(dataDir), 'deidentification', 'keys', `${project}.key`);
}

/**
 * A project's secret key: from SENTINELLE_DEID_KEY when set, else from the project's key file,
 * created (32 random bytes, mode 0600, folder 0700) the first time the project is used. The same
 * key must be used for every export of a project, or its pseudonyms and UIDs will not match; losing
 * it only means new exports no longer link to older ones. The key is never logged.
 */
export function loadProjectKey(
  project: string,
  options: { readonly dataDir: string; readonly env?: NodeJS.ProcessEnv },
): { key: Uint8Array; source: 'environment' | 'file'; file?: string } {
  if (!PROJECT_NAME.test(project)) {
    throw new DeidentificationError(
      'key_unavailable',
      null,
      `project name "${project}" must be 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  const fromEnv = (options.env ?? process.env)[KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '')
    return { key: parseKey(fromEnv, KEY_ENV), source: 'environment' };

  const file = projectKeyFile(options.dataDir, project);
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  try {
    // 'wx': create only if absent, so two runs starting together never overwrite each other's key.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${Buffer.from(randomBytes(KEY_BYTES)).toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new DeidentificationError(
      'key_unavailable',
      null,
      `the key file ${file} is readable by other users (mode ${mode.toString(8)}); run chmod 600 on it`,
    );
  }
  return { key: parseKey(readFileSync(file, 'utf8'), file), source: 'file', file };
}

function parseKey(text: string, where: string): Uint8Array {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64,}$/.test(hex) || hex.length % 2 !== 0) {
    throw new DeidentificationError(
      'key_unavailable',
      null,
      `${where} must hold at least ${KEY_BYTES} bytes as hex digits`,
    );
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
