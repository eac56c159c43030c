/**
 * npm run eval:model -- --images DIR --labels DIR/labels.csv [--model FILE.onnx] --out report.json
 *                       [--pixel-spacing 0.2] [--threads N]
 *
 * Evaluates a model on a folder in the mini-MIAS layout through the production TypeScript path
 * (decode, pre-process, ONNX Runtime, post-processing). Prints AUCs with 95 % bootstrap CIs,
 * sensitivity and specificity at the model's thresholds, FROC points and mean ms per image; the
 * last line is a one-line summary. Unreadable images and missing labels are reported and skipped.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveModel } from '@sentinelle/models';
import { analyzeImage } from '../analyze/analyzeImages';
import { decodeImageFile } from '../decode/index';
import { readMiasLabels } from '../evaluation/miasLabels';
import type { FrocImage, ScoredCase } from '../evaluation/metrics';
import { bootstrapAucCi, froc, rocAuc, sensitivitySpecificity } from '../evaluation/metrics';
import { MammoModel } from '../session/mammoModel';

const { values } = parseArgs({
  options: {
    images: { type: 'string' },
    labels: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    'pixel-spacing': { type: 'string', default: '0.2' },
    threads: { type: 'string' },
  },
});

const FROC_POINTS = [0.5, 1, 2];
// Candidates well below the operating point, so the FROC curve can be swept.
const FROC_CANDIDATE_FLOOR = 0.02;

async function main(): Promise<void> {
  if (!values.images || !values.out)
    throw new Error(
      'usage: npm run eval:model -- --images DIR --labels CSV [--model FILE.onnx] --out report.json',
    );
  const { images: truths, problems } = await readMiasLabels(
    values.labels ?? join(values.images, 'labels.csv'),
  );
  for (const p of problems) console.warn(`labels line ${p.line}: ${p.message} (skipped)`);
  const labelled = new Map(truths.map((t) => [t.file, t]));
  const files = new Set((await readdir(values.images)).filter((f) => /\.(png|dcm)$/i.test(f)));
  for (const f of files) if (!labelled.has(f)) console.warn(`${f}: no label (skipped)`);
  for (const t of truths)
    if (!files.has(t.file)) console.warn(`${t.file}: labelled but not in ${values.images} (skipped)`);

  const resolved = await resolveModel(values.model ? { onnxPath: values.model } : {});
  const model = await MammoModel.load(resolved, {
    ...(values.threads ? { threads: Number(values.threads) } : {}),
    provider: 'cpu',
  });
  const { thresholds } = resolved.entry;
  const malignant: ScoredCase[] = [];
  const abnormal: ScoredCase[] = [];
  const frocImages: FrocImage[] = [];
  const perImage = [];
  let totalMs = 0;
  let skipped = 0;

  for (const truth of truths.filter((t) => files.has(t.file))) {
    try {
      const start = performance.now();
      const image = await decodeImageFile(join(values.images, truth.file), {
        pixelSpacingMm: Number(values['pixel-spacing']),
      });
      const findings = await analyzeImage(image, model, {
        lesions: { includeBelowThreshold: true, candidateFloor: FROC_CANDIDATE_FLOOR },
      });
      totalMs += performance.now() - start;
      malignant.push({
        score: findings.malignancyScore,
        positive: truth.label === 'malignant',
        group: truth.patient,
      });
      abnormal.push({
        score: findings.abnormalityScore,
        positive: truth.label !== 'normal',
        group: truth.patient,
      });
      frocImages.push({
        marks: findings.lesions.map((l) => ({ x: l.centre.x, y: l.centre.y, score: l.score })),
        lesions: truth.lesions.flatMap((l) =>
          l.x === null || l.y === null || l.radius === null ? [] : [{ x: l.x, y: l.y, radius: l.radius }],
        ),
      });
      perImage.push({
        file: truth.file,
        label: truth.label,
        malignancyScore: findings.malignancyScore,
        abnormalityScore: findings.abnormalityScore,
        marks: findings.lesions.length,
      });
    } catch (err) {
      skipped++;
      console.warn(`${truth.file}: ${err instanceof Error ? err.message : String(err)} (skipped)`);
    }
  }
  await model.release();
  if (perImage.length === 0) throw new Error('no image could be evaluated');

  const report = {
    model: { id: resolved.entry.id, version: resolved.entry.version, onnx: resolved.onnxPath },
    images: perImage.length,
    skipped,
    aucMalignant: { value: rocAuc(malignant), ci95: bootstrapAucCi(malignant) },
    aucAbnormal: { value: rocAuc(abnormal), ci95: bootstrapAucCi(abnormal) },
    atThreshold: {
      malignancy: {
        threshold: thresholds.malignancy,
        ...sensitivitySpecificity(malignant, thresholds.malignancy),
      },
      abnormality: {
        threshold: thresholds.abnormality,
        ...sensitivitySpecificity(abnormal, thresholds.abnormality),
      },
    },
    froc: froc(frocImages, FROC_POINTS),
    frocLesions: frocImages.reduce((n, im) => n + im.lesions.length, 0),
    msPerImage: totalMs / perImage.length,
    perImage,
  };
  await writeFile(values.out, JSON.stringify(report, null, 2));

  const ci = (c: [number, number]) => `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]`;
  console.log(
    `model ${report.model.id} ${report.model.version}: ${report.images} images evaluated, ${skipped} skipped`,
  );
  console.log(
    `AUC malignant vs rest: ${report.aucMalignant.value.toFixed(3)} 95% CI ${ci(report.aucMalignant.ci95)}`,
  );
  console.log(
    `AUC abnormal vs normal: ${report.aucAbnormal.value.toFixed(3)} 95% CI ${ci(report.aucAbnormal.ci95)}`,
  );
  for (const [name, r] of Object.entries(report.atThreshold)) {
    console.log(
      `${name} at threshold ${r.threshold.toFixed(3)}: sensitivity ${r.sensitivity.toFixed(3)}, specificity ${r.specificity.toFixed(3)}`,
    );
  }
  console.log(
    `FROC (${report.frocLesions} lesions with coordinates): ${report.froc.map((p) => `${p.sensitivity.toFixed(3)} at ${p.fpi} FP/image`).join(', ')}`,
  );
  console.log(`report written to ${values.out}`);
  console.log(
    `AUC_malignant=${report.aucMalignant.value.toFixed(3)} AUC_abnormal=${report.aucAbnormal.value.toFixed(3)} ms_per_image=${Math.round(report.msPerImage)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
