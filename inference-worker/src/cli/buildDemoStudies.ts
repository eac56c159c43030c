/**
 * npm run demo:build [-- --images ../shared/datasets/mini-mias] [--out config/demo]
 *
 * Builds the demo studies `npm start` loads into Orthanc: four MG studies (MLO views of both
 * breasts of one mini-MIAS woman each) wrapped by the worker's own PNG→DICOM module, compressed
 * with dcmtk's dcmcjpeg (JPEG Lossless, first-order prediction), checked with dciodvfy, and listed
 * in studies.json. UIDs are name-based, so running it again rewrites the same studies (and Orthanc
 * recognises them as already loaded). Run once; the output is committed.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_DIR, type DemoStudy } from '@sentinelle/config';
import { nameBasedUid } from '@sentinelle/reporting';
import { decodePng } from '../decode/index';
import { expectedPriority, writeDemoManifest, writeLosslessDemoImage } from '../demo/demoFiles';
import { wrapMammogram, type WrapStudy } from '../dicomWrap/index';
import { readMiasLabels, type MiasImageTruth } from '../evaluation/miasLabels';
import type { Laterality } from '../image/decodedImage';
import { preprocess } from '../preprocess/preprocess';
import { MINI_MIAS } from '../testing/sharedData';

/** mini-MIAS: 200 µm pixels (the digitiser's 50 µm reduced 4×). */
const MIAS_PIXEL_SPACING_MM = 0.2;
/** Any model grid gives the same chest-wall decision; this is the registry model's. */
const PREPROCESS_SPEC = { width: 256, height: 448, clip: 3 };

interface DemoCase {
  readonly key: string;
  readonly truth: DemoStudy['truth'];
  readonly images: readonly [string, string];
  readonly patientId: string;
  readonly patientName: string;
  readonly birthDate: string;
  readonly studyDate: string;
  readonly studyDescription: string;
}

/**
 * One cancer found at screening, one benign mass, one normal exam, and a diagnostic exam requested
 * urgently (its StudyDescription matches the default stat rule). Picked for a readable demo: the
 * model was trained on these images, so its scores here say nothing about its accuracy.
 */
const CASES: readonly DemoCase[] = [
  {
    key: 'malignant',
    truth: 'malignant',
    images: ['mdb027', 'mdb028'],
    patientId: 'DEMO-0001',
    patientName: 'DEMO^Malignant',
    birthDate: '19580214',
    studyDate: '20250303',
    studyDescription: 'Mammographie de dépistage (démo)',
  },
  {
    key: 'benign',
    truth: 'benign',
    images: ['mdb001', 'mdb002'],
    patientId: 'DEMO-0002',
    patientName: 'DEMO^Benign',
    birthDate: '19640521',
    studyDate: '20250304',
    studyDescription: 'Mammographie de dépistage (démo)',
  },
  {
    key: 'normal',
    truth: 'normal',
    images: ['mdb037', 'mdb038'],
    patientId: 'DEMO-0003',
    patientName: 'DEMO^Normal',
    birthDate: '19700908',
    studyDate: '20250305',
    studyDescription: 'Mammographie de dépistage (démo)',
  },
  {
    key: 'urgent',
    truth: 'malignant',
    images: ['mdb183', 'mdb184'],
    patientId: 'DEMO-0004',
    patientName: 'DEMO^Urgent',
    birthDate: '19511130',
    studyDate: '20250306',
    studyDescription: 'Bilan diagnostique URGENT, masse palpable (démo)',
  },
];

const ATTRIBUTION =
  'Images from the mini-MIAS database (Suckling J. et al., The Mammographic Image Analysis Society ' +
  'Digital Mammogram Database, Exerpta Medica International Congress Series 1069, 1994, pp. 375-378), ' +
  'research use only (mini-MIAS licence). Patients are fictitious: DEMO^... names, made-up dates.';

/**
 * Laterality from the image content: mini-MIAS does not record it. A mammogram is displayed with
 * the chest wall of a right breast on the right edge and of a left breast on the left edge, and
 * pre-processing finds the chest wall from the pixels (the side edge holding the breast). The two
 * images are the two breasts of one woman: when the content decides only one, the other is the
 * opposite side; when it decides both, they must differ.
 */
function lateralities(sides: readonly ('left' | 'right' | null)[], names: readonly string[]): Laterality[] {
  const known = sides.map((s) => (s === null ? null : s === 'right' ? 'R' : 'L'));
  const [a, b] = known;
  if (a === null && b === null)
    throw new Error(`${names.join(', ')}: pre-processing found no chest wall side`);
  if (a !== null && b !== null && a === b) throw new Error(`${names.join(' and ')} were both found ${a}`);
  const other = (l: Laterality): Laterality => (l === 'R' ? 'L' : 'R');
  return [a ?? other(b!), b ?? other(a!)];
}

type Labels = ReadonlyMap<string, MiasImageTruth>;

async function buildCase(
  demo: DemoCase,
  labels: Labels,
  imagesDir: string,
  outDir: string,
  work: string,
): Promise<DemoStudy> {
  const study: WrapStudy = {
    studyInstanceUid: nameBasedUid(`demo/${demo.key}/study`),
    seriesInstanceUid: nameBasedUid(`demo/${demo.key}/series`),
    patientId: demo.patientId,
    patientName: demo.patientName,
    patientBirthDate: demo.birthDate,
    patientSex: 'F',
    studyDate: demo.studyDate,
    studyTime: '093000',
    studyId: demo.key.toUpperCase(),
    accessionNumber: demo.patientId.replace('-', ''),
    studyDescription: demo.studyDescription,
    seriesNumber: 1,
    seriesDescription: 'MLO (mini-MIAS, démo)',
    institutionName: 'Sentinelle demo',
  };
  const decoded = demo.images.map(async (name) => {
    const png = await readFile(join(imagesDir, `${name}.png`));
    const image = decodePng(png, `${name}.png`, { pixelSpacingMm: MIAS_PIXEL_SPACING_MM });
    return { name, image, chestWallSide: preprocess(image, PREPROCESS_SPEC).chestWallSide };
  });
  const pair = await Promise.all(decoded);
  const sides = lateralities(
    pair.map((p) => p.chestWallSide),
    demo.images,
  );
  const images: DemoStudy['images'][number][] = [];
  for (const [i, { name, image }] of pair.entries()) {
    const truth = labels.get(`${name}.png`);
    if (!truth) throw new Error(`${name}.png is not in ${imagesDir}/labels.csv`);
    const laterality = sides[i]!;
    const sopInstanceUid = nameBasedUid(`demo/${demo.key}/${name}`);
    // The film's 8-bit values as they are (a 12-bit container, no invented precision): half the
    // size of values scaled to 12 bits once compressed, and the same intensities after windowing.
    const dicom = wrapMammogram(
      { width: image.width, height: image.height, pixels: Uint16Array.from(image.pixels), bitsStored: 10 },
      {
        study,
        laterality,
        view: 'MLO',
        pixelSpacingMm: MIAS_PIXEL_SPACING_MM,
        sopInstanceUid,
        instanceNumber: i + 1,
      },
    );
    const file = `${demo.key}/${laterality}MLO.dcm`;
    await writeLosslessDemoImage(dicom, outDir, file, work);
    const decidedBy = pair[i]!.chestWallSide ? 'chest wall in the image' : 'opposite of the other breast';
    images.push({
      file,
      source: `mini-MIAS ${name}.png (${truth.label}; laterality: ${decidedBy})`,
      laterality,
      view: 'MLO',
      sopInstanceUid,
    });
  }
  const labelled = demo.images.map((n) => labels.get(`${n}.png`)!.label);
  const truth = labelled.includes('malignant')
    ? 'malignant'
    : labelled.includes('benign')
      ? 'benign'
      : 'normal';
  if (truth !== demo.truth) throw new Error(`${demo.key}: mini-MIAS labels say ${truth}, not ${demo.truth}`);
  return {
    key: demo.key,
    studyInstanceUid: study.studyInstanceUid,
    patientId: demo.patientId,
    patientName: demo.patientName,
    studyDescription: demo.studyDescription,
    truth,
    expectedPriority: expectedPriority(demo.studyDescription),
    images,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      images: { type: 'string', default: MINI_MIAS },
      out: { type: 'string', default: DEMO_DIR },
    },
  });
  const imagesDir = resolve(values.images);
  const outDir = resolve(values.out);
  const work = await mkdtemp(join(tmpdir(), 'sentinelle-demo-'));
  try {
    const { images, problems } = await readMiasLabels(join(imagesDir, 'labels.csv'));
    if (problems.length) console.error(`labels.csv: ${problems.length} malformed row(s) skipped`);
    const labels: Labels = new Map(images.map((t) => [t.file, t]));
    const studies: DemoStudy[] = [];
    for (const demo of CASES) {
      await mkdir(join(outDir, demo.key), { recursive: true });
      studies.push(await buildCase(demo, labels, imagesDir, outDir, work));
    }
    for (const line of await writeDemoManifest(outDir, ATTRIBUTION, studies)) console.log(line);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
