/**
 * npm run eval:model -- --images DIR [--labels DIR/labels.csv] [--model ID] [--split FILE]
 *                       [--dataset NAME] [--limit N] --out report.json
 *                       [--registry FILE] [--pixel-spacing 0.2] [--threads 2]
 *
 * Evaluates a registered model on one dataset folder (mini-MIAS layout with lesion circles, or the
 * image-level layout: image path relative to DIR, patient, label) through the production
 * TypeScript path: decode, quality gate, pre-processing, ONNX Runtime, post-processing.
 * With --split, only the validation women of the dataset (the folder's name unless --dataset
 * says otherwise) are scored. Prints AUCs with 95 % bootstrap CIs by woman, sensitivity and
 * specificity at the registry's operating points (exam = a woman's images, max score), FROC and
 * the mass size ratio where the labels give circles, mean ms per image, and the images the
 * quality gate refused with their reason. The last line is a one-line summary:
 *   AUC_malignant=… AUC_abnormal=… ms_per_image=… flagged_normal=…
 */
import { readdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveModel } from '@sentinelle/models';
import { examScore } from '@sentinelle/reporting';
import { screeningOperatingPoints } from '../analyze/screeningOperatingPoints';
import { evaluationReport } from '../evaluation/evaluationReport';
import { readMiasLabels } from '../evaluation/miasLabels';
import { reportLines } from '../evaluation/reportLines';
import type { ImageOutcome } from '../evaluation/scoreImages';
import { scoreImage } from '../evaluation/scoreImages';
import { limitByWomen, ofWomen } from '../evaluation/selectImages';
import { readValidationSplit, validationWomen } from '../evaluation/validationSplit';
import { MammoModel } from '../session/mammoModel';

const USAGE =
  'usage: npm run eval:model -- --images DIR [--labels CSV] [--model ID] [--split FILE] [--dataset NAME] [--limit N] --out report.json';
const IMAGE_FILE = /\.(png|dcm|jpe?g)$/i;

const { values } = parseArgs({
  options: {
    images: { type: 'string' },
    labels: { type: 'string' },
    model: { type: 'string' },
    registry: { type: 'string' },
    split: { type: 'string' },
    dataset: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
    'pixel-spacing': { type: 'string', default: '0.2' },
    threads: { type: 'string', default: '2' },
  },
});

function positiveNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(Number.isFinite(n) && n > 0)) throw new Error(`--${name} must be a positive number, got ${text}`);
  return n;
}

async function main(): Promise<void> {
  if (!values.images || !values.out) throw new Error(USAGE);
  const folder = resolve(values.images);
  const pixelSpacingMm = positiveNumber('pixel-spacing', values['pixel-spacing'])!;
  const threads = positiveNumber('threads', values.threads)!;
  const limit = positiveNumber('limit', values.limit);
  const dataset = values.dataset ?? basename(folder);

  const { images: truths, problems } = await readMiasLabels(values.labels ?? join(folder, 'labels.csv'));
  for (const p of problems) console.warn(`labels line ${p.line}: ${p.message} (skipped)`);
  const labelled = new Set(truths.map((t) => t.file));
  const files = (await readdir(folder, { recursive: true })).filter((f) => IMAGE_FILE.test(f));
  for (const f of files) if (!labelled.has(f)) console.warn(`${f}: no label (skipped)`);

  let selected = truths;
  let split = null;
  if (values.split) {
    const women = validationWomen(await readValidationSplit(values.split), dataset);
    selected = ofWomen(truths, women);
    split = { file: relative(process.cwd(), resolve(values.split)), women: women.size };
  }
  if (limit !== undefined) selected = limitByWomen(selected, limit);
  if (selected.length === 0) throw new Error(`no labelled image of ${dataset} is selected`);

  const resolved = await resolveModel({
    ...(values.model ? { id: values.model } : {}),
    ...(values.registry ? { registryPath: values.registry } : {}),
  });
  const model = await MammoModel.load(resolved, { threads, provider: 'cpu' });
  const outcomes: ImageOutcome[] = [];
  try {
    for (const truth of selected) {
      const outcome = await scoreImage(folder, truth, model, pixelSpacingMm);
      if (outcome.kind === 'unreadable') console.warn(`${truth.file}: ${outcome.reason} (skipped)`);
      outcomes.push(outcome);
    }
  } finally {
    await model.release();
  }

  const { entry } = resolved;
  const points = screeningOperatingPoints(entry);
  const report = evaluationReport({
    entry,
    onnxPath: resolved.onnxPath,
    dataset,
    split,
    outcomes,
    toExamScore: (score) => examScore(score, points),
  });
  await writeFile(values.out, JSON.stringify(report, null, 2));
  for (const line of reportLines(report, values.out)) console.log(line);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
