import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ffdmDemoDir, prepareFfdmDemo, readDemoManifest, type DemoStudy } from './index';

const run = promisify(execFile);

/** dicom3tools' dciodvfy prints its findings on stderr and exits non-zero on errors. */
async function dciodvfyErrors(file: string): Promise<string[]> {
  const { stderr } = await run('dciodvfy', [file]).catch((e: { stderr?: string }) => ({
    stderr: e.stderr ?? '',
  }));
  return stderr.split('\n').filter((line) => line.startsWith('Error'));
}

describe('prepareFfdmDemo', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sentinelle-ffdm-demo-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  test('prepareFfdmDemo builds the four-view study and its prior with the worker once, into the data dir, with the same UIDs each time', async () => {
    const [a, b] = [join(work, 'a'), join(work, 'b')];
    const lines: string[] = [];
    const built = await Promise.all([
      prepareFfdmDemo({ dataDir: a, log: (line) => lines.push(line) }),
      prepareFfdmDemo({ dataDir: b }),
    ]);
    expect(built).toEqual([
      { dir: ffdmDemoDir(a), built: true },
      { dir: ffdmDemoDir(b), built: true },
    ]);
    expect(ffdmDemoDir(a)).toBe(join(a, 'demo-ffdm'));
    expect(lines).toEqual([expect.stringMatching(/^building the four-view FFDM demo study from /)]);

    const manifest = await readDemoManifest(ffdmDemoDir(a));
    expect(manifest?.studies.map((s) => s.key)).toEqual(['ffdm', 'ffdm-prior']);
    const [study, prior] = manifest!.studies as [DemoStudy, DemoStudy];
    expect(study).toMatchObject({
      key: 'ffdm',
      patientId: 'DEMO-0005',
      patientName: 'DEMO^Quatre-incidences',
      studyDescription: 'Mammographie de dépistage 4 incidences (démo)',
      truth: 'benign', // the benign lesion masks of the right breast
      expectedPriority: 'screening',
    });
    expect(study.images.map((i) => `${i.laterality}${i.view}`).sort()).toEqual([
      'LCC',
      'LMLO',
      'RCC',
      'RMLO',
    ]);
    expect(study.images.filter((i) => i.source.includes('benign')).map((i) => i.laterality)).toEqual([
      'R',
      'R',
    ]);
    // The same woman's screening a year earlier, for the viewer's comparison: same images, own UIDs.
    expect(prior).toMatchObject({
      patientId: 'DEMO-0005',
      patientName: 'DEMO^Quatre-incidences',
      studyDescription: 'Mammographie de dépistage 4 incidences, 2024 (démo)',
      truth: 'benign',
      expectedPriority: 'screening',
    });
    expect(prior.images.map((i) => [i.laterality, i.view, i.source])).toEqual(
      study.images.map((i) => [i.laterality, i.view, i.source]),
    );
    const uids = [study, prior].flatMap((s) => [
      s.studyInstanceUid,
      ...s.images.map((i) => i.sopInstanceUid),
    ]);
    expect(new Set(uids).size).toBe(10);
    // Name-based UIDs: a rebuild gives the same study, which Orthanc then recognises as loaded.
    expect(await readDemoManifest(ffdmDemoDir(b))).toEqual(manifest);

    const dates: string[] = [];
    for (const image of [...study.images, ...prior.images]) {
      const file = join(ffdmDemoDir(a), image.file);
      expect(await dciodvfyErrors(file)).toEqual([]);
      const { stdout } = await run('dcmdump', [
        '--search',
        'TransferSyntaxUID',
        '--search',
        'SOPInstanceUID',
        '--search',
        'StudyDate',
        file,
      ]);
      dates.push(/\(0008,0020\) DA \[(\d+)\]/.exec(stdout)![1]!);
      expect(stdout).toContain('JPEGLossless:Non-hierarchical-1stOrderPrediction');
      expect(stdout).toContain(`[${image.sopInstanceUid}]`);
    }

    expect([...new Set(dates)]).toEqual(['20250307', '20240311']);

    // A manifest written before the prior existed is built again, with the prior.
    const c = join(work, 'c');
    await mkdir(ffdmDemoDir(c), { recursive: true });
    await writeFile(join(ffdmDemoDir(c), 'studies.json'), JSON.stringify({ ...manifest, studies: [study] }));
    await expect(prepareFfdmDemo({ dataDir: c })).resolves.toEqual({ dir: ffdmDemoDir(c), built: true });
    expect((await readDemoManifest(ffdmDemoDir(c)))?.studies.map((s) => s.key)).toEqual([
      'ffdm',
      'ffdm-prior',
    ]);

    // Once its manifest is there, the studies are left as they are.
    const before = await stat(join(ffdmDemoDir(a), 'studies.json'));
    lines.length = 0;
    expect(await prepareFfdmDemo({ dataDir: a, log: (line) => lines.push(line) })).toEqual({
      dir: ffdmDemoDir(a),
      built: false,
    });
    expect(lines).toEqual([]);
    expect((await stat(join(ffdmDemoDir(a), 'studies.json'))).mtimeMs).toBe(before.mtimeMs);
  });

  test('prepareFfdmDemo skips the study with a log line when the fixture exam is absent', async () => {
    const lines: string[] = [];
    const missing = join(work, 'no-such-folder');
    expect(
      await prepareFfdmDemo({ dataDir: join(work, 'd'), pngDir: missing, log: (line) => lines.push(line) }),
    ).toBeUndefined();
    expect(lines).toEqual([`no ${missing}: the four-view FFDM demo study is skipped`]);
  });
});
