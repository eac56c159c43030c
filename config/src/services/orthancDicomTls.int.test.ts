import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_STORESCU } from '../orthanc/dicomModalities';
import { REPO_ROOT } from '../paths';
import { ensureDemoPki, type DemoPki } from '../pki';
import { basicAuth } from '../orthanc/http';
import { startOrthanc, type OrthancHandle } from './index';

const SYNTHETIC = resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'dicom', 'mg-synthetic-explicit-little.dcm');
const run = promisify(execFile);

describe('startOrthanc with DICOM TLS', () => {
  let dir: string;
  let pki: DemoPki;
  let orthanc: OrthancHandle;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinelle-dicom-tls-'));
    pki = await ensureDemoPki(join(dir, 'pki'), { institutionName: 'Hôpital de test Sentinelle' });
    orthanc = await startOrthanc({
      username: 'tester',
      password: 'test-password',
      modalities: [DEMO_STORESCU],
      dicomTls: { certPath: pki.tls.certPath, keyPath: pki.tls.keyPath, trustedPath: pki.ca.certPath },
    });
  });
  afterAll(async () => {
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function instanceCount(): Promise<number> {
    const response = await fetch(`${orthanc.url}/statistics`, {
      headers: { authorization: basicAuth(orthanc.username, orthanc.password) },
    });
    return ((await response.json()) as { CountInstances: number }).CountInstances;
  }

  /** A copy of the fixture with a new SOP Instance UID, which Orthanc does not hold yet. */
  async function newInstance(name: string): Promise<string> {
    const file = join(dir, name);
    await copyFile(SYNTHETIC, file);
    await run('dcmodify', ['-nb', '-gin', file]);
    return file;
  }

  const target = () => ['-aec', orthanc.aet, '127.0.0.1', String(orthanc.dicomPort)];

  test('startOrthanc with DICOM TLS takes a store over TLS from a client certificate of the trusted CA', async () => {
    const before = await instanceCount();
    // The demo TLS certificate doubles as the client's (clientAuth); +cf: the CA Orthanc's must chain to.
    await run('storescu', [
      '+tls',
      pki.tls.keyPath,
      pki.tls.certPath,
      '+cf',
      pki.ca.certPath,
      ...target(),
      await newInstance('tls.dcm'),
    ]);
    expect(await instanceCount()).toBe(before + 1);
  });

  test('startOrthanc with DICOM TLS refuses a plain TCP store and a TLS store without a client certificate', async () => {
    const before = await instanceCount();
    await expect(
      run('storescu', [...target(), await newInstance('plain.dcm')], { timeout: 30_000 }),
    ).rejects.toThrow(/Association Request Failed/);
    await expect(
      run('storescu', ['+tla', '+cf', pki.ca.certPath, ...target(), await newInstance('anonymous.dcm')], {
        timeout: 30_000,
      }),
    ).rejects.toThrow(/Association Request Failed/);
    expect(await instanceCount()).toBe(before);
  });
});
