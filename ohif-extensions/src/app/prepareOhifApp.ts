import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CACHE_DIR, ohifAppDir, readOhifPin, type OhifPin } from './paths';

const run = promisify(execFile);
const MARKER = '.sentinelle-integrity';

export class OhifAppError extends Error {
  override readonly name = 'OhifAppError';
}

/** sha512 of a file in npm's integrity notation. */
export function integrityOf(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/**
 * Unpacks the pinned @ohif/app build into the cache unless it is already there: `npm pack` fetches
 * the tarball from the npm registry (or npm's cache), its sha512 must equal the pinned integrity,
 * and only its `dist/` is kept. Returns the folder holding index.html.
 */
export async function prepareOhifApp(pin: OhifPin = readOhifPin()): Promise<string> {
  const target = ohifAppDir(pin);
  if (await isUnpacked(target, pin)) return target;

  await mkdir(CACHE_DIR, { recursive: true });
  const work = await mkdtemp(join(CACHE_DIR, 'unpack-'));
  try {
    const spec = `${pin.package}@${pin.version}`;
    const { stdout } = await run('npm', ['pack', spec, '--json', '--pack-destination', work], {
      cwd: work,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: Error & { stderr?: string }) => {
      throw new OhifAppError(`npm pack ${spec} failed: ${error.stderr?.trim() || error.message}`);
    });
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    if (!packed) throw new OhifAppError(`npm pack ${spec} reported no tarball`);
    const tarball = join(work, packed.filename.replace(/^@/, '').replace('/', '-'));
    const actual = integrityOf(await readFile(tarball));
    if (actual !== pin.integrity) {
      throw new OhifAppError(
        `${spec}: the tarball's integrity ${actual} is not the pinned ${pin.integrity} (ohif-extensions/app/ohif-app.lock.json)`,
      );
    }
    await run('tar', ['-xzf', tarball, '-C', work, 'package/dist']);
    await writeFile(join(work, 'package', 'dist', MARKER), pin.integrity);
    await rm(target, { recursive: true, force: true });
    await rename(join(work, 'package', 'dist'), target);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function isUnpacked(dir: string, pin: OhifPin): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  const marker = await readFile(join(dir, MARKER), 'utf8').catch(() => '');
  return marker === pin.integrity;
}
