import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ExamFindingsSchema } from '@sentinelle/reporting';
import { FIXTURES, MINI_MIAS, REPO_ROOT } from '../src/testing/sharedData';

const run = promisify(execFile);
const tsx = (script: string, args: string[]) =>
  run('npx', ['tsx', resolve(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, maxBuffer: 1 << 26 });

describe('command-line tools', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinelle-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('analyze turns the Siemens JPEG Lossless mammogram and a 16-bit PNG exam into findings in their own pixels', async () => {
    const siemens = join(FIXTURES, 'dicom', 'siemens-mammomat-lcc-stereo-jpeg-lossless.dcm');
    const exam = ['L-CC', 'L-MLO', 'R-CC', 'R-MLO'].map((v) => join(FIXTURES, 'ffdm-png', `0_${v}.png`));
    const { stdout, stderr } = await tsx('inference-worker/src/cli/analyze.ts', [
      siemens,
      ...exam,
      '--pixel-spacing',
      '0.1',
    ]);
    const findings = ExamFindingsSchema.parse(JSON.parse(stdout));

    expect(stderr).not.toMatch(/skipped/);
    expect(findings.images.map((i) => [i.laterality, i.view])).toEqual([
      ['L', 'CC'],
      ['L', 'CC'],
      ['L', 'MLO'],
      ['R', 'CC'],
      ['R', 'MLO'],
    ]);
    // DICOM says where its spacing comes from; for PNG it is the user's.
    expect(findings.images[0]!.pixelSpacing).toEqual({
      rowMm: 0.085,
      columnMm: 0.085,
      source: 'ImagerPixelSpacing',
    });
    expect(findings.images[1]!.pixelSpacing?.source).toBe('user');
    expect(findings.breasts.map((b) => b.laterality)).toEqual(['R', 'L']);
    for (const image of findings.images) {
      for (const lesion of image.lesions) {
        for (const p of [lesion.centre, ...lesion.outline]) {
          expect(p.x).toBeGreaterThanOrEqual(-1);
          expect(p.x).toBeLessThanOrEqual(image.width);
          expect(p.y).toBeGreaterThanOrEqual(-1);
          expect(p.y).toBeLessThanOrEqual(image.height);
        }
      }
    }
  });

  it('analyze reports an unreadable file and still analyses the others', async () => {
    const bad = join(dir, 'not-an-image.dcm');
    await writeFile(bad, 'this is not DICOM');
    const { stdout, stderr } = await tsx('inference-worker/src/cli/analyze.ts', [
      bad,
      join(MINI_MIAS, 'mdb001.png'),
    ]);
    expect(stderr).toMatch(/not-an-image\.dcm: .*\(skipped\)/);
    expect(ExamFindingsSchema.parse(JSON.parse(stdout)).images).toHaveLength(1);
  });

  it('eval:model evaluates a mini-MIAS layout folder, skips an unreadable image and an unlabelled one, and ends with the summary line', async () => {
    const images = join(dir, 'eval');
    await run('mkdir', ['-p', images]);
    const labels = (await readFile(join(MINI_MIAS, 'labels.csv'), 'utf8')).split('\n');
    const chosen = ['mdb001.png', 'mdb002.png', 'mdb003.png', 'mdb004.png', 'mdb028.png', 'mdb072.png'];
    for (const f of chosen) await copyFile(join(MINI_MIAS, f), join(images, f));
    await writeFile(join(images, 'mdb999.png'), 'truncated');
    await copyFile(join(MINI_MIAS, 'mdb005.png'), join(images, 'unlabelled.png'));
    const rows = labels.filter((l) => chosen.some((f) => l.startsWith(f)));
    await writeFile(
      join(images, 'labels.csv'),
      [labels[0], ...rows, 'mdb999.png,mias-500,normal,F,NORM,,,,'].join('\n'),
    );

    const out = join(dir, 'report.json');
    const { stdout, stderr } = await tsx('inference-worker/src/cli/evalModel.ts', [
      '--images',
      images,
      '--labels',
      join(images, 'labels.csv'),
      '--out',
      out,
    ]);
    expect(stderr).toMatch(/mdb999\.png: .*\(skipped\)/);
    expect(stderr).toMatch(/unlabelled\.png: no label \(skipped\)/);
    const lines = stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^AUC_malignant=\d\.\d{3} AUC_abnormal=\d\.\d{3} ms_per_image=\d+$/);
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      images: number;
      skipped: number;
      froc: unknown[];
    };
    expect(report.images).toBe(chosen.length);
    expect(report.skipped).toBe(1);
    expect(report.froc).toHaveLength(3);
  });
});
