import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ExamFindingsSchema } from '@sentinelle/reporting';
import { encode } from 'fast-png';
import { FIXTURES, MINI_MIAS, REPO_ROOT, SHARED } from '../src/testing/sharedData';

const RSNA = join(SHARED, 'datasets', 'rsna-screening-640');

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
    expect(lines.at(-1)).toMatch(
      /^AUC_malignant=\d\.\d{3} AUC_abnormal=\d\.\d{3} ms_per_image=\d+ flagged_normal=\d\.\d{3}$/,
    );
    expect(stdout).toMatch(/recall threshold \d\.\d{3}: sensitivity/);
    expect(stdout).toMatch(/mass diameter predicted\/true/);
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      counts: { scored: number; unreadable: number; women: number };
      froc: { points: unknown[] };
    };
    expect(report.counts).toMatchObject({ scored: chosen.length, unreadable: 1, women: 4 });
    expect(report.froc.points).toHaveLength(3);
  });

  it("eval:model reads the image-level layout, keeps the split's validation women and lists what the quality gate refuses", async () => {
    const images = join(dir, 'screening');
    await run('mkdir', ['-p', join(images, 'images')]);
    const rows = (await readFile(join(RSNA, 'labels.csv'), 'utf8')).split('\n').slice(1);
    const ofWoman = (id: string) => rows.filter((r) => r.split(',')[1] === id);
    const kept = [...ofWoman('1025'), ...ofWoman('126')];
    const other = rows.find((r) => !['1025', '126'].includes(r.split(',')[1]!))!;
    for (const r of [...kept, other])
      await copyFile(join(RSNA, r.split(',')[0]!), join(images, r.split(',')[0]!));
    // A blank frame of a third validation woman: refused with a reason, never scored.
    await writeFile(
      join(images, 'images', 'blank.png'),
      encode({ width: 640, height: 640, data: new Uint8Array(640 * 640).fill(12), channels: 1, depth: 8 }),
    );
    await writeFile(
      join(images, 'labels.csv'),
      ['image,patient,label', ...kept, other, 'images/blank.png,blank-woman,normal'].join('\n'),
    );
    const split = join(dir, 'split.json');
    await writeFile(
      split,
      JSON.stringify({ seed: 1, share: 0.2, validationWomen: { screening: ['1025', '126', 'blank-woman'] } }),
    );

    const out = join(dir, 'screening.json');
    const { stdout } = await tsx('inference-worker/src/cli/evalModel.ts', [
      '--images',
      images,
      '--split',
      split,
      '--out',
      out,
    ]);
    expect(stdout).toMatch(/AUC abnormal vs normal: n\/a/);
    expect(stdout).toMatch(/FROC: n\/a/);
    expect(stdout).toMatch(/refused images\/blank\.png: constant-image: /);
    expect(stdout.trim().split('\n').at(-1)).toMatch(
      /^AUC_malignant=(\d\.\d{3}|n\/a) AUC_abnormal=n\/a ms_per_image=\d+ flagged_normal=(\d\.\d{3}|n\/a)$/,
    );
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      counts: { labelled: number; scored: number; refused: number; women: number };
      perImage: { patient: string }[];
    };
    expect(report.counts).toMatchObject({
      labelled: kept.length + 1,
      scored: kept.length,
      refused: 1,
      women: 2,
    });
    expect(new Set(report.perImage.map((i) => i.patient))).toEqual(new Set(['1025', '126']));
  });
});
