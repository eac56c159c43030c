import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_STORESCU } from '../orthanc/dicomModalities';
import { REPO_ROOT } from '../paths';
import { basicAuth } from '../orthanc/http';
import { isPortOpen, startOrthanc, type OrthancHandle } from './index';

const FIXTURES = resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'dicom');
const SYNTHETIC = resolve(FIXTURES, 'mg-synthetic-explicit-little.dcm');
const SIEMENS = resolve(FIXTURES, 'siemens-mammomat-lcc-stereo-jpeg-lossless.dcm');
const STUDY_INSTANCE_UID = '0020000D';

async function instanceCount(orthanc: OrthancHandle): Promise<number> {
  const response = await fetch(`${orthanc.url}/statistics`, {
    headers: { authorization: basicAuth(orthanc.username, orthanc.password) },
  });
  return ((await response.json()) as { CountInstances: number }).CountInstances;
}

describe('startOrthanc', () => {
  let orthanc: OrthancHandle;
  let auth: { authorization: string };

  beforeAll(async () => {
    orthanc = await startOrthanc({
      username: 'tester',
      password: 'test-password',
      stableAgeSeconds: 1,
      // storescu's own AET from this machine, and one registered for another loopback address.
      modalities: [DEMO_STORESCU, { aet: 'ELSEWHERE', host: '127.0.0.2', port: 104 }],
    });
    auth = { authorization: basicAuth(orthanc.username, orthanc.password) };
  });

  afterAll(async () => {
    await orthanc?.stop();
  });

  test('startOrthanc refuses requests without the credentials', async () => {
    const anonymous = await fetch(`${orthanc.url}/system`);
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${orthanc.url}/system`, {
      headers: { authorization: basicAuth('tester', 'nope') },
    });
    expect(wrong.status).toBe(401);
    const dicomWeb = await fetch(`${orthanc.dicomWebUrl}/studies`);
    expect(dicomWeb.status).toBe(401);
  });

  test('startOrthanc writes a configuration only its owner can read, with the DICOMweb and GDCM plugins loaded', async () => {
    expect(statSync(orthanc.configFile).mode & 0o077).toBe(0);
    const config = JSON.parse(await readFile(orthanc.configFile, 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({
      RemoteAccessAllowed: false,
      AuthenticationEnabled: true,
      DicomAet: 'SENTINELLE',
      DicomCheckCalledAet: true,
      DicomCheckModalityHost: true,
      DicomAlwaysAllowStore: false,
      DicomAlwaysAllowEcho: false,
    });
    const plugins = (await (await fetch(`${orthanc.url}/plugins`, { headers: auth })).json()) as string[];
    expect(plugins).toEqual(expect.arrayContaining(['dicom-web', 'gdcm']));
    const system = (await (await fetch(`${orthanc.url}/system`, { headers: auth })).json()) as Record<
      string,
      unknown
    >;
    expect(system).toMatchObject({
      DicomAet: 'SENTINELLE',
      DicomPort: orthanc.dicomPort,
      HttpPort: orthanc.httpPort,
    });
  });

  test('startOrthanc stores an upload over REST and lists it over DICOMweb QIDO-RS', async () => {
    const upload = await fetch(`${orthanc.url}/instances`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/dicom' },
      body: await readFile(SYNTHETIC),
    });
    expect(upload.status).toBe(200);
    const stored = (await upload.json()) as { ParentStudy: string };
    const study = (await (
      await fetch(`${orthanc.url}/studies/${stored.ParentStudy}`, { headers: auth })
    ).json()) as {
      MainDicomTags: { StudyInstanceUID: string };
    };

    const qido = await fetch(`${orthanc.dicomWebUrl}/studies`, {
      headers: { ...auth, accept: 'application/dicom+json' },
    });
    expect(qido.status).toBe(200);
    const studies = (await qido.json()) as Record<string, { Value?: string[] }>[];
    expect(studies.map((s) => s[STUDY_INSTANCE_UID]?.Value?.[0])).toContain(
      study.MainDicomTags.StudyInstanceUID,
    );
  });

  test('startOrthanc accepts a C-STORE from storescu on its DICOM port and reports the study stable', async () => {
    const { stdout } = await promisify(execFile)('dcmdump', ['+P', 'StudyInstanceUID', SIEMENS]);
    const uid = /\[([0-9.]+)\]/.exec(stdout)?.[1];
    expect(uid).toBeDefined();
    // --propose-lossless: offer JPEG Lossless SV1 (the file's transfer syntax), not only uncompressed ones.
    await promisify(execFile)('storescu', [
      '--propose-lossless',
      '-aec',
      orthanc.aet,
      '127.0.0.1',
      String(orthanc.dicomPort),
      SIEMENS,
    ]);

    const found = (await (
      await fetch(`${orthanc.url}/tools/find`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ Level: 'Study', Query: { StudyInstanceUID: uid } }),
      })
    ).json()) as string[];
    expect(found).toHaveLength(1);

    // StableAge is 1 s: the study becomes stable soon after; wait for the change, no timing asserted.
    let stable = false;
    for (let i = 0; i < 100 && !stable; i++) {
      const changes = (await (await fetch(`${orthanc.url}/changes?limit=100`, { headers: auth })).json()) as {
        Changes: { ChangeType: string; ID: string }[];
      };
      stable = changes.Changes.some((c) => c.ChangeType === 'StableStudy' && c.ID === found[0]);
      if (!stable) await new Promise((r) => setTimeout(r, 200));
    }
    expect(stable).toBe(true);
  });

  test('startOrthanc refuses a C-STORE from an unknown calling AET, to another called AET, or from another host', async () => {
    // An instance Orthanc does not hold yet (a new SOP Instance UID), so that a store would show.
    const dir = await mkdtemp(join(tmpdir(), 'sentinelle-dicom-refused-'));
    const file = join(dir, 'new.dcm');
    await copyFile(SYNTHETIC, file);
    await promisify(execFile)('dcmodify', ['-nb', '-gin', file]);
    const before = await instanceCount(orthanc);
    const send = (...args: string[]) =>
      promisify(execFile)('storescu', [...args, '127.0.0.1', String(orthanc.dicomPort), file]);
    // An AET Orthanc does not know: the association is rejected before any data is sent.
    await expect(send('-aet', 'INTRUDER', '-aec', orthanc.aet)).rejects.toThrow(/Association Rejected/);
    // storescu's AET, but addressed to another AE title than Orthanc's.
    await expect(send('-aec', 'NOT_SENTINELLE')).rejects.toThrow(/Association Rejected/);
    // A known AET calling from an address other than the one it is registered for.
    await expect(send('-aet', 'ELSEWHERE', '-aec', orthanc.aet)).rejects.toThrow(/Association Rejected/);
    // Not even C-ECHO for a stranger.
    await expect(
      promisify(execFile)('echoscu', [
        '-aet',
        'INTRUDER',
        '-aec',
        orthanc.aet,
        '127.0.0.1',
        String(orthanc.dicomPort),
      ]),
    ).rejects.toThrow(/Association Rejected/);
    expect(await instanceCount(orthanc)).toBe(before);

    // The registered AET from its host gets through, as the README's storescu command does.
    await send('-aec', orthanc.aet);
    expect(await instanceCount(orthanc)).toBe(before + 1);
    await rm(dir, { recursive: true, force: true });
  });

  test('startOrthanc stop() closes both ports and deletes the ephemeral folder', async () => {
    const other = await startOrthanc({ username: 'tester', password: 'test-password', plugins: [] });
    await other.stop();
    expect(await isPortOpen(other.httpPort)).toBe(false);
    expect(await isPortOpen(other.dicomPort)).toBe(false);
    expect(existsSync(other.dir)).toBe(false);
    await other.stop(); // idempotent
  });
});
