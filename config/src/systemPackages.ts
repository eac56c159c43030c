import { spawn, spawnSync } from 'node:child_process';
import type { SentinelleConfig } from './config';

/**
 * Debian packages the running stack needs (runtime only; CI installs the test and training ones).
 * With `demo`, also dicom3tools: the four-view demo study is built at start and checked by dciodvfy.
 */
export function requiredDebianPackages(
  config: SentinelleConfig,
  options: { readonly demo?: boolean } = {},
): string[] {
  // Tesseract finds text burned into pixels when the worker de-identifies a training export.
  const packages = ['dcmtk', 'tesseract-ocr', 'tesseract-ocr-fra', 'tesseract-ocr-eng'];
  if (options.demo) packages.push('dicom3tools');
  if (!config.orthanc.external)
    packages.push('orthanc', 'orthanc-dicomweb', 'orthanc-python', 'orthanc-gdcm');
  if (!config.database.url) packages.push('postgresql');
  if (!config.redis.url) packages.push('redis-server');
  return packages;
}

/** The packages dpkg does not list as installed; undefined when this is not a Debian-like system. */
export function missingDebianPackages(packages: readonly string[]): string[] | undefined {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\\n', ...packages], {
    encoding: 'utf8',
  });
  if (result.error) return undefined;
  const installed = new Set(
    result.stdout
      .split('\n')
      .map((line) => line.trim().split(' '))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name),
  );
  return packages.filter((p) => !installed.has(p));
}

function runInherit(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.once('error', (error) => reject(new Error(`${command} could not be started: ${error.message}`)));
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

function systemdUnitActive(unit: string): boolean {
  return spawnSync('systemctl', ['is-active', '--quiet', unit]).status === 0;
}

/**
 * Installs the missing packages with apt-get (through sudo unless root). Returns what it installed.
 * Installing `orthanc` starts Debian's own Orthanc service, which holds the DICOM port 4242 that
 * the private instance wants: a service this very call brought up is stopped and disabled again.
 */
export async function installDebianPackages(
  packages: readonly string[],
  log: (line: string) => void,
): Promise<string[]> {
  const missing = missingDebianPackages(packages);
  if (missing === undefined) {
    log(`dpkg not found: make sure these (Debian names) are installed: ${packages.join(', ')}`);
    return [];
  }
  if (!missing.length) return [];
  const root = process.getuid?.() === 0;
  const sudo = (command: string, args: string[]): [string, string[]] =>
    root ? [command, args] : ['sudo', [command, ...args]];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`installing ${missing.join(', ')} with apt-get${root ? '' : ' (sudo)'}`);
  const orthancWasActive = systemdUnitActive('orthanc');
  await runInherit(...sudo('apt-get', ['update', '-q']), env);
  await runInherit(...sudo('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing]), env);
  if (missing.includes('orthanc') && !orthancWasActive && systemdUnitActive('orthanc')) {
    log(
      "stopping and disabling Debian's orthanc service, started by its installation: Sentinelle runs its own",
    );
    await runInherit(...sudo('systemctl', ['disable', '--now', 'orthanc']), env);
  }
  const still = missingDebianPackages(packages) ?? [];
  if (still.length) throw new Error(`apt-get did not install ${still.join(', ')}`);
  return missing;
}
