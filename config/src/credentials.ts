import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const credentialsSchema = z.object({
  orthanc: z.object({ username: z.string().min(1), password: z.string().min(8) }),
});
export type StackCredentials = z.infer<typeof credentialsSchema>;

export function credentialsFile(dataDir: string): string {
  return join(dataDir, 'credentials.json');
}

/**
 * The private stack's credentials, generated on first use and kept in `dataDir/credentials.json`
 * (mode 0600) so that a second start finds the same Orthanc password. A password set in the
 * environment wins and is not written down.
 */
export async function loadOrCreateCredentials(
  dataDir: string,
  wanted: { username: string; password: string | undefined },
): Promise<StackCredentials> {
  const path = credentialsFile(dataDir);
  let stored: StackCredentials | undefined;
  try {
    const parsed = credentialsSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.success) {
      throw new Error(
        `${path} is not valid: ${z.prettifyError(parsed.error)}; fix it or delete it to generate new credentials`,
      );
    }
    stored = parsed.data;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (wanted.password !== undefined)
    return { orthanc: { username: wanted.username, password: wanted.password } };
  if (stored && stored.orthanc.username === wanted.username) {
    await chmod(path, 0o600);
    return stored;
  }
  const created: StackCredentials = {
    orthanc: { username: wanted.username, password: randomBytes(18).toString('base64url') },
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return created;
}
