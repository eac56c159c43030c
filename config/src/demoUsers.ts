/**
 * The demo's accounts, one per role (and a radiologist of a second site, to show patient scope),
 * created by the bridge when the demo is loaded. Their passwords are generated on the first start,
 * kept in `dataDir/demo-users.json` (mode 0600) and printed by `npm start`.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { SiteConfig } from './sites';

export interface DemoUser {
  readonly login: string;
  readonly personName: string;
  readonly displayName: string;
  readonly role: 'physician-admin' | 'radiologist' | 'pathologist' | 'sysadmin';
  readonly site: string;
}

/** The site of this installation: demo studies and their patients belong to it. */
export const DEMO_SITE = 'main';

/** The demo's institution: on its signed reports and in the subject of its signing certificate. */
export const DEMO_INSTITUTION = 'Hôpital de démonstration Sentinelle';

/** The InstitutionName of the demo study that site-b's clinic sent (DEMO_SITES). */
export const DEMO_SITE_B_INSTITUTION = 'Site B Clinic';

/**
 * The demo's sites, when npm start loads the demo and SENTINELLE_SITES(_FILE) is not set: the demo
 * studies ("Sentinelle demo") are site main's, and "Site B Clinic" feeds site-b, dr.roux's.
 */
export const DEMO_SITES: SiteConfig = Object.freeze({
  defaultSite: DEMO_SITE,
  sites: [
    { id: DEMO_SITE, institutions: ['Sentinelle demo'] },
    { id: 'site-b', institutions: [DEMO_SITE_B_INSTITUTION] },
  ],
  source: 'demo',
});

export const DEMO_USERS: readonly DemoUser[] = Object.freeze([
  {
    login: 'dr.martin',
    personName: 'Martin^Claire',
    displayName: 'Dr Claire Martin',
    role: 'radiologist',
    site: DEMO_SITE,
  },
  {
    login: 'dr.bernard',
    personName: 'Bernard^Paul',
    displayName: 'Dr Paul Bernard',
    role: 'radiologist',
    site: DEMO_SITE,
  },
  {
    login: 'dr.lefevre',
    personName: 'Lefevre^Anne',
    displayName: 'Dr Anne Lefèvre',
    role: 'physician-admin',
    site: DEMO_SITE,
  },
  {
    login: 'dr.moreau',
    personName: 'Moreau^Luc',
    displayName: 'Dr Luc Moreau',
    role: 'pathologist',
    site: DEMO_SITE,
  },
  {
    login: 'admin.dupont',
    personName: 'Dupont^Marc',
    displayName: 'Marc Dupont',
    role: 'sysadmin',
    site: DEMO_SITE,
  },
  {
    login: 'dr.roux',
    personName: 'Roux^Sophie',
    displayName: 'Dr Sophie Roux',
    role: 'radiologist',
    site: 'site-b',
  },
]);

const passwordsSchema = z.record(z.string(), z.string().min(12));
export type DemoPasswords = z.infer<typeof passwordsSchema>;

export function demoUsersFile(dataDir: string): string {
  return join(dataDir, 'demo-users.json');
}

/** The demo accounts' passwords, generated for those that have none yet. */
export async function loadOrCreateDemoPasswords(dataDir: string): Promise<DemoPasswords> {
  const path = demoUsersFile(dataDir);
  let stored: DemoPasswords = {};
  try {
    stored = passwordsSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`${path}: ${(error as Error).message}`);
  }
  const passwords: DemoPasswords = { ...stored };
  for (const user of DEMO_USERS) passwords[user.login] ??= randomBytes(12).toString('base64url');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return passwords;
}

/** The passwords `npm start` wrote (the bridge reads them at start); empty when there are none. */
export function readDemoPasswords(dataDir: string): DemoPasswords {
  try {
    return passwordsSchema.parse(JSON.parse(readFileSync(demoUsersFile(dataDir), 'utf8')));
  } catch {
    return {};
  }
}
