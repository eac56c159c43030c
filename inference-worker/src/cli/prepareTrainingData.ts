/**
 * `npm run prepare:training`: the training cache of one dataset (see trainingData/prepareTrainingData).
 *   --images DIR     a folder with its labels.csv: a public dataset, or a training export's released
 *                    folder; repeat it to merge several exports of one project into one dataset
 *   --labels CSV     the labels of a single --images folder, when not DIR/labels.csv
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareTrainingData } from '../trainingData/prepareTrainingData';

const { values } = parseArgs({
  options: {
    images: { type: 'string', multiple: true },
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
  const folders = values.images ?? [];
  if (folders.length === 0 || !values.out)
    throw new Error(
      'usage: prepare:training -- --images DIR [--images DIR2 …] [--labels CSV] --out DIR [--dataset NAME]',
    );
  if (values.labels && folders.length > 1)
    throw new Error(
      '--labels names the labels of a single --images folder; each export has its own labels.csv',
    );
  if (folders.length > 1 && !values.dataset)
    throw new Error('several --images folders make one dataset: name it with --dataset');
  const prepared = await prepareTrainingData({
    sources: folders.map((images) => ({ images, labels: values.labels })),
    out: values.out,
    dataset: values.dataset ?? basename(folders[0]!),
    height: Number(values.height),
    width: Number(values.width),
    limit: values.limit ? Number(values.limit) : undefined,
    pixelSpacingMm: Number(values['pixel-spacing']),
  });
  for (const p of prepared.problems) console.warn(`${p.labels} line ${p.line}: ${p.message}`);
  console.log(
    `wrote ${prepared.images.length} images at ${prepared.height}×${prepared.width} to ${values.out}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
