import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  credentialsFile,
  DEMO_INSTITUTION,
  DEMO_PKI_FILES,
  DEMO_USERS,
  institutionSites,
  readDemoPasswords,
  readStoredCredentials,
  serviceUrls,
  type Priority,
  type SentinelleConfig,
} from '@sentinelle/config';
import { viewerFiles } from '@sentinelle/ohif-extensions';
import { DEFAULT_REPORT_TIME_ZONE, isTimeZone } from '@sentinelle/reporting';
import type { BridgeConfig } from './app';
import { oidcSettingsFrom } from './auth/oidc';
import { parseSecondFactorPolicy, SECOND_FACTOR_ROLES_ENV } from './auth/secondFactorPolicy';
import { keyringFile } from './crypto';
import type { NewUser } from './users/userStore';
import type { AnalysisPriority } from './intake/queueContract';

// The contract's priorities are the configuration's, word for word.
const samePriorities: [Priority, AnalysisPriority] extends [AnalysisPriority, Priority] ? true : never = true;
void samePriorities;

function storedOrthancPassword(dataDir: string, username: string): string | undefined {
  try {
    const stored = readStoredCredentials(dataDir);
    return stored?.orthanc.username === username ? stored.orthanc.password : undefined;
  } catch {
    return undefined;
  }
}

/** The demo accounts that have a password in the data directory (npm start writes them). */
function demoAccounts(dataDir: string): (NewUser & { password: string })[] {
  const passwords = readDemoPasswords(dataDir);
  return DEMO_USERS.flatMap((user) => {
    const password = passwords[user.login];
    return password ? [{ ...user, password }] : [];
  });
}

/**
 * The bridge's configuration from Sentinelle's (loadConfig). Services without a URL are the
 * private instances `npm start` runs on their configured ports, with the passwords of its
 * credentials file: PostgreSQL's app role to serve and owner role to migrate, Redis's ACL user.
 * The Orthanc password comes from ORTHANC_PASSWORD, else from that file. The second-factor
 * policy and single sign-on come from their own variables (SENTINELLE_2FA_ROLES, SENTINELLE_OIDC_*).
 */
export function bridgeConfigFrom(
  config: SentinelleConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): BridgeConfig {
  const password = config.orthanc.password ?? storedOrthancPassword(config.dataDir, config.orthanc.username);
  if (password === undefined) {
    throw new Error(
      `no Orthanc password: set ORTHANC_PASSWORD, or start the stack once with npm start (it writes ${credentialsFile(config.dataDir)})`,
    );
  }
  return {
    orthanc: { url: config.orthanc.url, username: config.orthanc.username, password },
    // The private services' passwords come from npm start's credentials file (serviceUrls).
    ...serviceUrls(config),
    http: { host: config.bridge.host, port: config.bridge.port },
    ...(config.bridge.tls && { tls: config.bridge.tls }),
    triage: {
      rules: config.triage.rules,
      defaultPriority: config.triage.defaultPriority,
      agingMs: config.triage.agingMs,
    },
    model: { id: config.model.id },
    demoUsers: config.demoUsers ? demoAccounts(config.dataDir) : [],
    keyringPath: keyringFile(config.dataDir),
    auth: {
      // A patient's site: the institution that sent the images, from SENTINELLE_SITES(_FILE).
      sites: { defaultSite: config.sites.defaultSite, byInstitution: institutionSites(config.sites) },
      secondFactor: parseSecondFactorPolicy(env[SECOND_FACTOR_ROLES_ENV]),
      oidc: oidcSettingsFrom(env),
    },
    viewer: viewerFiles(),
    ...reportSigning(config.dataDir, env),
    logLevel: config.logLevel,
  };
}

/**
 * Report signing with the institution's PKCS#12 and passphrase files: those npm start makes under
 * `<data>/pki` (config/src/pki), when they are there; without them reports cannot be signed.
 * Reports state times in SENTINELLE_REPORT_TIME_ZONE (IANA, Europe/Paris by default).
 */
function reportSigning(
  dataDir: string,
  env: Readonly<Record<string, string | undefined>>,
): Pick<BridgeConfig, 'reports'> {
  const dir = join(dataDir, 'pki');
  const signingP12Path = join(dir, DEMO_PKI_FILES.signingP12);
  const passphrasePath = join(dir, DEMO_PKI_FILES.signingPassphrase);
  if (!existsSync(signingP12Path) || !existsSync(passphrasePath)) return {};
  const institutionName = env.SENTINELLE_INSTITUTION_NAME?.trim() || DEMO_INSTITUTION;
  const timeZone = env.SENTINELLE_REPORT_TIME_ZONE?.trim() || DEFAULT_REPORT_TIME_ZONE;
  if (!isTimeZone(timeZone))
    throw new Error(
      `SENTINELLE_REPORT_TIME_ZONE: "${timeZone}" is not an IANA time zone (e.g. Europe/Paris)`,
    );
  return { reports: { signingP12Path, passphrasePath, institutionName, timeZone } };
}
