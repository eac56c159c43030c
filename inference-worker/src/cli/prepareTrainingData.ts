/**
 * Writes the training inputs that models/training reads, through the very pre-processing the
 * worker runs, so training and serving cannot drift apart:
 *   DIR/images.f32  float32 N×H×W model inputs
 *   DIR/masks.u8    uint8 N×H×W breast masks
 *   DIR/index.json  truth per image, lesion centres and radii in model pixels, the dataset's name
 * Images may be DICOM, PNG or JPEG; labels.csv in the mini-MIAS or the image-level layout.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeImageBytes } from '../decode/index';
import { readMiasLabels } from '../evaluation/miasLabels';
import { toModel } from '../preprocess/imageTransform';
import { preprocess } from '../preprocess/preprocess';

const { values } = parseArgs({
  options: {
    images: { type: 'string' },
    labels: { type: 'string' },
    out: { type: 'string' },
    dataset: { type: 'string' },
    height: { type: 'string', default: '448' },
    width: { type: 'string', default: '256' },
    limit: { type: 'string' },
    'pixel-spacing': { type: 'string', default: '0.2' },
  },
});

async function main(): Promise<void> {
  if (!values.images || !values.out)
    throw new Error('usage: prepare:training -- --images DIR [--labels CSV] --out DIR [--dataset NAME]');
  const height = Number(values.height);
  const width = Number(values.width);
  if (height % 32 || width % 32) throw new Error('--height and --width must be multiples of 32');
  const { images, problems } = await readMiasLabels(values.labels ?? join(values.images, 'labels.csv'));
  for (const p of problems) console.warn(`labels.csv line ${p.line}: ${p.message}`);
  const selected = values.limit ? pickBalanced(images, Number(values.limit)) : images;

  const pixels = new Float32Array(selected.length * height * width);
  const masks = new Uint8Array(selected.length * height * width);
  const index = [];
  for (const [i, truth] of selected.entries()) {
    const bytes = await readFile(join(values.images, truth.file));
    const image = decodeImageBytes(bytes, truth.file, { pixelSpacingMm: Number(values['pixel-spacing']) });
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
  await mkdir(values.out, { recursive: true });
  await writeFile(join(values.out, 'images.f32'), Buffer.from(pixels.buffer));
  await writeFile(join(values.out, 'masks.u8'), masks);
  await writeFile(
    join(values.out, 'index.json'),
    JSON.stringify(
      { dataset: values.dataset ?? basename(values.images), height, width, images: index },
      null,
      1,
    ),
  );
  console.log(`wrote ${selected.length} images at ${height}×${width} to ${values.out}`);
}

/** For smoke runs: a few images of each label, whole patients only. */
function pickBalanced<T extends { label: string; patient: string }>(images: T[], limit: number): T[] {
  const perLabel = Math.max(1, Math.floor(limit / 3));
  const chosenPatients = new Set<string>();
  for (const label of ['malignant', 'benign', 'normal']) {
    const patients = [...new Set(images.filter((i) => i.label === label).map((i) => i.patient))];
    for (const p of patients.slice(0, perLabel)) chosenPatients.add(p);
  }
  return images.filter((i) => chosenPatients.has(i.patient)).slice(0, limit * 2);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
