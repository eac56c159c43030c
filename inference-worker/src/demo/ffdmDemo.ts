/**
 * The four-view FFDM demo study: the real screening exam of the shared fixtures (R/L × CC/MLO,
 * 16-bit PNG) wrapped by the worker's own PNG→DICOM module, as `npm start` loads it beside the
 * mini-MIAS studies, and the same woman's "prior" screening a year earlier so that the viewer's
 * comparison can be tried. The shared data hold one exam per woman, so the prior carries the same
 * images under its own UIDs and date: it shows the comparison hanging, not a change over time.
 * The fixture comes from an AGPL-3.0 repository, so the studies are built into the data dir at
 * start and never committed.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FFDM_DEMO_KEYS, type DemoStudy } from '@sentinelle/config';
import { nameBasedUid } from '@sentinelle/reporting';
import { decodePng } from '../decode/index';
import { wrapPngViews, type PngView, type WrapStudy } from '../dicomWrap/index';
import { FFDM_PIXEL_SPACING_MM, FFDM_VIEWS } from './ffdmExam';
import { expectedPriority, writeLosslessDemoImage } from './demoFiles';

export const [FFDM_DEMO_KEY, FFDM_PRIOR_DEMO_KEY] = FFDM_DEMO_KEYS;

export const FFDM_DEMO_ATTRIBUTION =
  'Images from the NYU breast cancer screening sample data (a 4-view digital screening exam from an ' +
  'AGPL-3.0 repository, see ../shared/fixtures/README.md), built at start and never committed. ' +
  'The patient is fictitious: DEMO^... name, made-up dates.';

const PATIENT = {
  patientId: 'DEMO-0005',
  patientName: 'DEMO^Quatre-incidences',
  birthDate: '19660412',
} as const;

/** The exam and its prior, by manifest key. */
const STUDIES = {
  [FFDM_DEMO_KEY]: {
    studyDate: '20250307',
    studyDescription: 'Mammographie de dépistage 4 incidences (démo)',
  },
  [FFDM_PRIOR_DEMO_KEY]: {
    studyDate: '20240311',
    studyDescription: 'Mammographie de dépistage 4 incidences, 2024 (démo)',
  },
} as const;
type FfdmDemoKey = keyof typeof STUDIES;

type Label = 'malignant' | 'benign';

/**
 * What the lesion masks beside a view say (`0_R-CC_benign.png` next to `0_R-CC.png`): the labels
 * whose mask exists and marks at least one pixel.
 */
async function maskLabels(dir: string, view: PngView): Promise<Label[]> {
  const labels: Label[] = [];
  for (const label of ['malignant', 'benign'] as const) {
    const file = view.file.replace(/\.png$/, `_${label}.png`);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const { pixels } = decodePng(bytes, basename(file));
    let marked = false;
    for (let i = 0; i < pixels.length && !marked; i++) marked = pixels[i]! > 0;
    if (marked) labels.push(label);
  }
  return labels;
}

/**
 * Builds the study `key` (the exam or its prior) into `outDir/<key>/` (`RCC.dcm`, `LCC.dcm`,
 * `RMLO.dcm`, `LMLO.dcm`: JPEG Lossless, checked by dciodvfy) from the PNG exam in `pngDir`, and
 * returns its manifest entry. UIDs are name-based, so a rebuild gives the same study. The truth
 * comes from the lesion masks.
 */
export async function buildFfdmDemoStudy(
  pngDir: string,
  outDir: string,
  work: string,
  key: FfdmDemoKey = FFDM_DEMO_KEY,
): Promise<DemoStudy> {
  const STUDY = { ...PATIENT, ...STUDIES[key] };
  const study: WrapStudy = {
    studyInstanceUid: nameBasedUid(`demo/${key}/study`),
    seriesInstanceUid: nameBasedUid(`demo/${key}/series`),
    patientId: STUDY.patientId,
    patientName: STUDY.patientName,
    patientBirthDate: STUDY.birthDate,
    patientSex: 'F',
    studyDate: STUDY.studyDate,
    studyTime: '093000',
    studyId: key.toUpperCase().slice(0, 16),
    accessionNumber: `${STUDY.patientId.replace('-', '')}${key === FFDM_DEMO_KEY ? '' : '-P'}`,
    studyDescription: STUDY.studyDescription,
    seriesNumber: 1,
    seriesDescription: STUDY.studyDescription.replace('de dépistage ', ''),
    institutionName: 'Sentinelle demo',
  };
  const wrapped = await wrapPngViews(pngDir, FFDM_VIEWS, {
    study,
    pixelSpacingMm: FFDM_PIXEL_SPACING_MM,
    sopInstanceUid: (v) => nameBasedUid(`demo/${key}/${v.laterality}${v.view}`),
  });
  const images: DemoStudy['images'][number][] = [];
  const found = new Set<Label>();
  for (const w of wrapped) {
    const file = `${key}/${w.laterality}${w.view}.dcm`;
    await writeLosslessDemoImage(w.dicom, outDir, file, work);
    const labels = await maskLabels(pngDir, w);
    for (const label of labels) found.add(label);
    images.push({
      file,
      source: `${w.file} (${labels.length ? `${labels.join(' and ')} lesion mask` : 'no lesion mask'})`,
      laterality: w.laterality,
      view: w.view,
      sopInstanceUid: w.sopInstanceUid,
    });
  }
  return {
    key,
    studyInstanceUid: study.studyInstanceUid,
    patientId: STUDY.patientId,
    patientName: STUDY.patientName,
    studyDescription: STUDY.studyDescription,
    truth: found.has('malignant') ? 'malignant' : found.has('benign') ? 'benign' : 'normal',
    expectedPriority: expectedPriority(STUDY.studyDescription),
    images,
  };
}

/** The exam and its prior a year earlier (same woman, same images, own UIDs and date). */
export async function buildFfdmDemoStudies(
  pngDir: string,
  outDir: string,
  work: string,
): Promise<DemoStudy[]> {
  const studies: DemoStudy[] = [];
  for (const key of FFDM_DEMO_KEYS) studies.push(await buildFfdmDemoStudy(pngDir, outDir, work, key));
  return studies;
}
