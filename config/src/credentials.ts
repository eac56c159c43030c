import { readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import {
  generatePassword,
  generatePostgresAccounts,
  postgresAccountsSchema,
  type PostgresAccounts,
} from './services/postgresRoles';
import { REDIS_USER, redisAccountSchema, type RedisAccount } from './services/redis';

// postgres and redis are optional so that a file written before they existed still reads; the
// missing entries are generated and added to it.
const storedSchema = z.object({
  orthanc: z.object({ username: z.string().min(1), password: z.string().min(8) }),
  postgres: postgresAccountsSchema.optional(),
  redis: redisAccountSchema.optional(),
});
type StoredCredentials = z.infer<typeof storedSchema>;

export interface StackCredentials {
  readonly orthanc: { readonly username: string; readonly password: string };
  /** The private PostgreSQL's superuser, owner and app roles. */
  readonly postgres: PostgresAccounts;
  /** The private Redis's ACL user. */
  readonly redis: RedisAccount;
}

export function credentialsFile(dataDir: string): string {
  return join(dataDir, 'credentials.json');
}

function parse(path: string, text: string): StoredCredentials {
  const parsed = storedSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(
      `${path} is not valid: ${z.prettifyError(parsed.error)}; fix it or delete it to generate new credentials`,
    );
  }
  return parsed.data;
}

/** What credentials.json holds, or undefined when there is none (the bridge reading npm start's file). */
export function readStoredCredentials(dataDir: string): StoredCredentials | undefined {
  const path = credentialsFile(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parse(path, text);
}

/**
 * The private stack's credentials, generated on first use and kept in `dataDir/credentials.json`
 * (mode 0600) so that a second start finds the same passwords: Orthanc's, the PostgreSQL roles'
 * and the Redis user's. An Orthanc password set in the environment wins and is not written down.
 */
export async function loadOrCreateCredentials(
  dataDir: string,
  wanted: { username: string; password: string | undefined },
): Promise<StackCredentials> {
  const path = credentialsFile(dataDir);
  let stored: StoredCredentials | undefined;
  try {
    stored = parse(path, await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const orthanc =
    stored && stored.orthanc.username === wanted.username
      ? stored.orthanc
      : { username: wanted.username, password: generatePassword() };
  const kept = {
    orthanc,
    postgres: stored?.postgres ?? generatePostgresAccounts(),
    redis: stored?.redis ?? { username: REDIS_USER, password: generatePassword() },
  };
  if (JSON.stringify(kept) !== JSON.stringify(stored)) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
  }
  await chmod(path, 0o600);
  return {
    ...kept,
    orthanc:
      wanted.password === undefined ? orthanc : { username: wanted.username, password: wanted.password },
  };
}
