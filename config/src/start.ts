/**
 * `npm start`: installs what is missing, starts the local stack with its data under .data/ (the
 * services, then the bridge and the inference worker), loads the demo studies Orthanc does not hold
 * yet (the committed mini-MIAS ones, and the four-view FFDM one built under .data/ from the shared
 * fixtures when they are there), prints where everything is, and stops it all in reverse order on
 * Ctrl-C (SIGINT) or SIGTERM.
 * (The npm script runs `npm install` first when node_modules lacks tsx.)
 */
import { join, relative } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { credentialsFile } from './credentials';
import { withoutPassword } from './serviceUrls';
import { loadDemoStudies, prepareFfdmDemo, type DemoStudy } from './demo';
import { prepareSiteBDemo } from './demoSiteB';
import {
  DEMO_INSTITUTION,
  DEMO_SITES,
  DEMO_USERS,
  demoUsersFile,
  loadOrCreateDemoPasswords,
  type DemoPasswords,
} from './demoUsers';
import { DEMO_DIR, FFDM_PNG_DIR, REPO_ROOT } from './paths';
import { ensureDemoPki, type DemoPki } from './pki';
import { startStack, type Stack } from './stack';
import { installDebianPackages, requiredDebianPackages } from './systemPackages';

const log = (line: string) => console.log(`[sentinelle] ${line}`);

function show(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** SENTINELLE_DEMO: 1 loads the demo studies, 0 does not; unset: only into the private Orthanc. */
function demoWanted(external: boolean): boolean {
  const raw = process.env.SENTINELLE_DEMO?.trim();
  if (raw === undefined || raw === '') return !external;
  if (raw === '1' || raw === '0') return raw === '1';
  throw new ConfigError([`SENTINELLE_DEMO must be 1 (load the demo studies) or 0 (do not), got "${raw}"`]);
}

/**
 * The demo's certificates under <data>/pki: the bridge serves HTTPS with the TLS one (unless
 * BRIDGE_TLS_CERT/KEY name others), and reports are signed with the institution's.
 */
async function demoCertificates(dataDir: string): Promise<DemoPki> {
  const pki = await ensureDemoPki(join(dataDir, 'pki'), { institutionName: DEMO_INSTITUTION });
  if (pki.issued.length) log(`made the demo certificates (${pki.issued.join(', ')}) in ${show(pki.dir)}`);
  return pki;
}

function banner(stack: Stack, demo: string, pki: DemoPki): string {
  const { orthanc, config } = stack;
  const rows: [string, string][] = [];
  if (stack.processes) {
    rows.push(
      [
        'Viewer (OHIF)',
        `${stack.bridgeUrl}/  (sign in with a demo account below; worklist, Mammography AI mode, report panel)`,
      ],
      ['Audit trail', `${stack.bridgeUrl}/audit  (audit:read: physician-admin, sysadmin)`],
      ['Accounts', `${stack.bridgeUrl}/users  (user:manage: physician-admin, sysadmin)`],
      ['Report templates', `${stack.bridgeUrl}/templates  (report:template: physician-admin)`],
      [
        'AI models',
        `${stack.bridgeUrl}/models  (model:manage: physician-admin; shadow, comparison, promotion)`,
      ],
      ['Training exports', `${stack.bridgeUrl}/training-exports  (model:manage: physician-admin)`],
      [
        'Identity conflicts',
        `${stack.bridgeUrl}/identity-conflicts  (patient:write: physician-admin, radiologist)`,
      ],
      ['Bridge API', `${stack.bridgeUrl}/api  (health, analyses, queue)`],
      ['AI analyses', `${stack.bridgeUrl}/api/analyses`],
    );
  }
  rows.push(
    [
      'Orthanc Explorer',
      stack.processes
        ? `${stack.bridgeUrl}/orthanc/app/explorer.html  (sysadmins, signed in; Orthanc itself answers only the bridge)`
        : `${orthanc.url}/app/explorer.html`,
    ],
    ['Orthanc REST, DICOMweb', `${orthanc.url}, ${orthanc.dicomWebUrl}  (the bridge's credentials only)`],
  );
  if (stack.bridgeUrl.startsWith('https:') && config.bridge.tls?.certPath === pki.tls.certPath)
    rows.push([
      'HTTPS',
      `the demo CA signed the bridge's certificate: trust ${show(pki.ca.certPath)} in the browser, or accept the warning`,
    ]);
  if (orthanc.dicomPort !== undefined) {
    const tls = config.orthanc.dicomTls;
    const callers = config.orthanc.modalities.map((m) => `${m.aet}@${m.host}`).join(', ') || 'none';
    rows.push(
      [
        'DICOM for modalities',
        `AET ${orthanc.aet}, port ${orthanc.dicomPort}${tls ? ' (TLS)' : ''}: C-ECHO, C-STORE from ${callers} only`,
      ],
      [
        '  e.g.',
        tls
          ? `storescu +tls CLIENT.key.pem CLIENT.crt.pem +cf ${show(tls.trustedPath ?? pki.ca.certPath)} -aec ${orthanc.aet} 127.0.0.1 ${orthanc.dicomPort} IMAGE.dcm`
          : `storescu -aec ${orthanc.aet} 127.0.0.1 ${orthanc.dicomPort} IMAGE.dcm`,
      ],
    );
  }
  rows.push(['Demo studies', demo]);
  rows.push(
    [
      'PostgreSQL',
      withoutPassword(stack.databaseUrl) +
        (config.database.url ? '  (external)' : '  (passwords in the credentials file)'),
    ],
    ['Redis', withoutPassword(stack.redisUrl) + (config.redis.url ? '  (external)' : '')],
    ['Data', `${show(config.dataDir)}  (Orthanc, PostgreSQL, Redis, logs/)`],
  );
  if (!orthanc.external || !config.database.url || !config.redis.url)
    rows.push([
      'Credentials file',
      `${show(credentialsFile(config.dataDir))}  (0600: Orthanc, PostgreSQL, Redis)`,
    ]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    'Sentinelle is running. Ctrl-C stops everything.',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    `  Logs: ${stack.members.map((m) => ('logFile' in m ? show(String(m.logFile)) : m.name)).join(', ')}`,
  ].join('\n');
}

/** The demo accounts and their passwords, for the person trying Sentinelle. */
function demoAccounts(passwords: DemoPasswords, dataDir: string): string {
  const width = Math.max(...DEMO_USERS.map((u) => u.login.length));
  return [
    `Demo accounts (passwords in ${show(demoUsersFile(dataDir))}; physician-admin and sysadmin enrol a TOTP app at first sign-in):`,
    ...DEMO_USERS.map(
      (u) =>
        `  ${u.login.padEnd(width)}  ${passwords[u.login] ?? '?'}  ${u.role}, site ${u.site} (${u.displayName})`,
    ),
  ].join('\n');
}

/**
 * Loads the demo studies Orthanc lacks: the committed mini-MIAS ones, then the four-view FFDM one
 * (built on the first start) and site-b's copy of one of them (made on the first start). One that
 * fails does not keep the others out. Returns the banner line.
 */
async function loadAllDemoStudies(stack: Stack): Promise<string> {
  const loaded: DemoStudy[] = [];
  const present: DemoStudy[] = [];
  const notes: string[] = [];
  const sources: [string, () => Promise<string | undefined>][] = [
    ['the demo studies', async () => DEMO_DIR],
    [
      'the four-view FFDM demo study',
      async () => {
        const ffdm = await prepareFfdmDemo({ dataDir: stack.config.dataDir, log });
        if (!ffdm) notes.push(`four-view FFDM study skipped (no ${show(FFDM_PNG_DIR)})`);
        return ffdm?.dir;
      },
    ],
    // Sent by "Site B Clinic": a patient of site-b (DEMO_SITES), dr.roux's.
    ['the site-b demo study', () => prepareSiteBDemo({ dataDir: stack.config.dataDir, log })],
  ];
  for (const [what, dir] of sources) {
    try {
      const from = await dir();
      if (from === undefined) continue;
      const result = await loadDemoStudies(stack.orthanc, { dir: from, log });
      loaded.push(...result.loaded);
      present.push(...result.present);
    } catch (error) {
      const note = `${what} could not be loaded: ${(error as Error).message}`;
      log(note);
      notes.push(note);
    }
  }
  const names = [...loaded, ...present].map((s) => s.patientName).join(', ');
  let line = names ? `${names} (${loaded.length} loaded now, ${present.length} already in Orthanc)` : 'none';
  if (loaded.length) line += '; AI results follow once Orthanc declares each study stable';
  return [line, ...notes].join('; ');
}

async function main(): Promise<number> {
  let config;
  let loadDemo: boolean;
  try {
    config = loadConfig();
    loadDemo = demoWanted(config.orthanc.external);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  process.chdir(REPO_ROOT);

  if (process.env.SENTINELLE_SKIP_APT !== '1') {
    await installDebianPackages(requiredDebianPackages(config, { demo: loadDemo }), log);
  }

  log(`starting the stack (data in ${show(config.dataDir)})`);
  // The demo comes with one account per role, created by the bridge at start.
  const demoUsers = config.demoUsers || loadDemo;
  const demoPasswords = demoUsers ? await loadOrCreateDemoPasswords(config.dataDir) : undefined;
  const pki = await demoCertificates(config.dataDir);
  const bridge = {
    ...config.bridge,
    tls: config.bridge.tls ?? { certPath: pki.tls.certPath, keyPath: pki.tls.keyPath },
  };
  // The demo's second site is fed by its "Site B Clinic" study, unless the sites are configured.
  const sites = loadDemo && config.sites.source === 'default' ? DEMO_SITES : config.sites;
  // DICOM TLS without files of its own: Orthanc presents the demo TLS certificate and trusts the demo CA.
  const dicomTls = config.orthanc.dicomTls && {
    certPath: config.orthanc.dicomTls.certPath ?? pki.tls.certPath,
    keyPath: config.orthanc.dicomTls.keyPath ?? pki.tls.keyPath,
    trustedPath: config.orthanc.dicomTls.trustedPath ?? pki.ca.certPath,
  };
  const orthanc = { ...config.orthanc, dicomTls };
  const starting = startStack(
    { ...config, demoUsers, bridge, sites, orthanc },
    { log, bridgeCa: pki.ca.certPem },
  );
  let exiting = false;
  const shutdown = async (reason: string, code: number) => {
    if (exiting) return;
    exiting = true;
    log(`${reason}: stopping`);
    try {
      // A signal during start-up waits for what is coming up, then stops it.
      const stack = await starting.catch(() => undefined);
      await stack?.stop();
      log('stopped');
    } catch (error) {
      console.error((error as Error).message);
      code = code || 1;
    }
    process.exit(code);
  };
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (++signals > 1) {
        log('second signal: leaving now (services get SIGTERM from their parent-death signal)');
        process.exit(130);
      }
      void shutdown(signal, 0);
    });
  }

  const stack = await starting;
  if (exiting) return new Promise<number>(() => {}); // shutdown() is stopping it and will exit

  let demo = stack.orthanc.external
    ? 'not loaded into an external Orthanc (SENTINELLE_DEMO=1 loads them)'
    : 'not loaded (SENTINELLE_DEMO=0)';
  if (loadDemo) demo = await loadAllDemoStudies(stack);
  if (exiting) return new Promise<number>(() => {});
  console.log(banner(stack, demo, pki));
  if (demoPasswords) console.log(demoAccounts(demoPasswords, config.dataDir));

  // A member that dies takes the stack down with it, rather than leaving half a stack running.
  for (const member of stack.members) {
    void member.exited?.then((exit) => {
      void shutdown(`${member.name} exited unexpectedly (${JSON.stringify(exit)})`, 1);
    });
  }
  return new Promise<number>(() => {}); // runs until a signal
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[sentinelle] could not start: ${(error as Error).message}`);
    process.exit(1);
  },
);
