/**
 * `npm start`: installs what is missing, starts the local stack with its data under .data/, prints
 * where everything is, and stops it all in reverse order on Ctrl-C (SIGINT) or SIGTERM.
 * (The npm script runs `npm install` first when node_modules lacks tsx.)
 */
import { relative } from 'node:path';
import { ConfigError, loadConfig } from './config';
import { credentialsFile } from './credentials';
import { REPO_ROOT } from './paths';
import { startStack, type Stack } from './stack';
import { installDebianPackages, requiredDebianPackages } from './systemPackages';

const log = (line: string) => console.log(`[sentinelle] ${line}`);

function show(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function banner(stack: Stack): string {
  const { orthanc, config } = stack;
  const rows: [string, string][] = [
    ['Orthanc (REST, Explorer)', orthanc.url + (orthanc.external ? '  (external)' : '')],
    ['Orthanc DICOMweb', orthanc.dicomWebUrl],
    ['Orthanc user / password', `${orthanc.username} / ${orthanc.password}`],
  ];
  if (orthanc.dicomPort !== undefined)
    rows.push(['DICOM (C-STORE here)', `AET ${orthanc.aet} on 127.0.0.1:${orthanc.dicomPort}`]);
  rows.push(
    ['PostgreSQL', stack.databaseUrl + (config.database.url ? '  (external)' : '')],
    ['Redis', stack.redisUrl + (config.redis.url ? '  (external)' : '')],
    ['Data', show(config.dataDir)],
  );
  if (!orthanc.external && config.orthanc.password === undefined)
    rows.push(['Credentials file', show(credentialsFile(config.dataDir))]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    'Sentinelle is running. Ctrl-C stops everything.',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    `  Logs: ${stack.members.map((m) => ('logFile' in m ? show(String(m.logFile)) : m.name)).join(', ')}`,
  ].join('\n');
}

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  process.chdir(REPO_ROOT);

  if (process.env.SENTINELLE_SKIP_APT !== '1') {
    await installDebianPackages(requiredDebianPackages(config), log);
  }

  log(`starting the stack (data in ${show(config.dataDir)})`);
  const starting = startStack(config, { log });
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
  console.log(banner(stack));

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
