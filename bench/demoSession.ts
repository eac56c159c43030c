/**
 * The benchmarks act as the demo's radiologist: sign in with the password `npm start` wrote in the
 * data directory, and keep the session cookie.
 */
import { loadConfig, readDemoPasswords } from '@sentinelle/config';

export async function demoSession(
  base: string,
  dataDir = loadConfig(process.env).dataDir,
  login = 'dr.martin',
): Promise<{ cookie: string; value: string }> {
  const password = readDemoPasswords(dataDir)[login];
  if (!password)
    throw new Error(`no password for ${login} in ${dataDir}: start the stack with npm start first`);
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!response.ok || !cookie)
    throw new Error(`${login} could not sign in at ${base}: HTTP ${response.status}`);
  return { cookie, value: cookie.slice(cookie.indexOf('=') + 1) };
}
