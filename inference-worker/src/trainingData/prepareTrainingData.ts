/**
 * Writes the training inputs that models/training reads, through the very pre-processing the
 * worker runs, so training and serving cannot drift apart:
 *   OUT/images.f32  float32 N×H×W model inputs
 *   OUT/masks.u8    uint8 N×H×W breast masks
 *   OUT/index.json  truth per image, lesion centres and radii in model pixels, the dataset's name
 * A source is a folder of images with its labels.csv (mini-MIAS or image-level layout): a public
 * dataset, or a Sentinelle training export (its released folder). Several sources make one
 * dataset: the exports of one de-identification project share their pseudonyms, so a woman in two
 * exports is one woman (the validation split is drawn by woman), and an image both hold is kept once.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImageBytes } from '../decode/index';
import { readMiasLabels, type LabelProblem, type MiasImageTruth } from '../evaluation/miasLabels';
import { toModel } from '../preprocess/imageTransform';
import { preprocess } from '../preprocess/preprocess';

export interface TrainingSource {
  /** The folder the labels' image paths are relative to. */
  readonly images: string;
  /** Default: `images`/labels.csv. */
  readonly labels?: string | undefined;
}

export interface PrepareOptions {
  readonly sources: readonly TrainingSource[];
  readonly out: string;
  /** The dataset's name in index.json (train.py and the stored split know datasets by it). */
  readonly dataset: string;
  readonly height: number;
  readonly width: number;
  /** For smoke runs: a few images of each label, whole patients only. */
  readonly limit?: number | undefined;
  /** Pixel spacing of PNG and JPEG images (DICOM files state their own). */
  readonly pixelSpacingMm: number;
}

export interface PreparedTruth extends MiasImageTruth {
  readonly flipped: boolean;
  readonly inverted: boolean;
  readonly scale: number;
}

export interface PreparedDataset {
  readonly dataset: string;
  readonly height: number;
  readonly width: number;
  readonly images: readonly PreparedTruth[];
  /** Malformed labels.csv rows, skipped (the file and line say which). */
  readonly problems: readonly (LabelProblem & { readonly labels: string })[];
}

/** Every source's images, keyed by path: the first source holding a path keeps it. */
async function readSources(sources: readonly TrainingSource[]) {
  const images: { truth: MiasImageTruth; folder: string }[] = [];
  const problems: PreparedDataset['problems'][number][] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    const labels = source.labels ?? join(source.images, 'labels.csv');
    const read = await readMiasLabels(labels);
    problems.push(...read.problems.map((p) => ({ ...p, labels })));
    for (const truth of read.images) {
      if (seen.has(truth.file)) continue;
      seen.add(truth.file);
      images.push({ truth, folder: source.images });
    }
  }
  return { images, problems };
}

export async function prepareTrainingData(options: PrepareOptions): Promise<PreparedDataset> {
  const { height, width } = options;
  if (height % 32 || width % 32) throw new Error('--height and --width must be multiples of 32');
  if (options.sources.length === 0) throw new Error('give at least one folder of images (--images DIR)');
  const read = await readSources(options.sources);
  const selected = options.limit ? pickBalanced(read.images, options.limit) : read.images;

  const pixels = new Float32Array(selected.length * height * width);
  const masks = new Uint8Array(selected.length * height * width);
  const index: PreparedTruth[] = [];
  for (const [i, { truth, folder }] of selected.entries()) {
    const bytes = await readFile(join(folder, truth.file));
    const image = decodeImageBytes(bytes, truth.file, { pixelSpacingMm: options.pixelSpacingMm });
    const pre = preprocess(image, { height, width, clip: 3 });
    pixels.set(pre.input, i * height * width);
    masks.set(pre.breastMask, i * height * width);
    index.push({
      ...truth,
      flipped: pre.transform.flipped,
      inverted: pre.invertedDetected,
      scale: pre.transform.scale,
      lesions: truth.lesions.map((l) => {
        if (l.x === null || l.y === null || l.radius === null)
          return { ...l, x: null, y: null, radius: null };
        const c = toModel(pre.transform, { x: l.x, y: l.y });
        return { ...l, x: c.x, y: c.y, radius: l.radius * pre.transform.scale };
      }),
    });
  }
  await mkdir(options.out, { recursive: true });
  await writeFile(join(options.out, 'images.f32'), Buffer.from(pixels.buffer));
  await writeFile(join(options.out, 'masks.u8'), masks);
  const prepared = { dataset: options.dataset, height, width, images: index };
  await writeFile(join(options.out, 'index.json'), JSON.stringify(prepared, null, 1));
  return { ...prepared, problems: read.problems };
}

/** For smoke runs: a few images of each label, whole patients only. */
function pickBalanced<T extends { truth: { label: string; patient: string } }>(
  images: T[],
  limit: number,
): T[] {
  const perLabel = Math.max(1, Math.floor(limit / 3));
  const chosenPatients = new Set<string>();
  for (const label of ['malignant', 'benign', 'normal']) {
    const patients = [...new Set(images.filter((i) => i.truth.label === label).map((i) => i.truth.patient))];
    for (const p of patients.slice(0, perLabel)) chosenPatients.add(p);
  }
  return images.filter((i) => chosenPatients.has(i.truth.patient)).slice(0, limit * 2);
}
