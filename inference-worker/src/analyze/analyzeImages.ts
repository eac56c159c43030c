import type { ExamFindings, ImageFindings } from '@sentinelle/reporting';
import { aggregateExam, isAboveThreshold } from '@sentinelle/reporting';
import type { DecodedImage } from '../image/decodedImage';
import { plattScore } from '../postprocess/calibrate';
import type { ToLesionsOptions } from '../postprocess/toLesions';
import { toLesions } from '../postprocess/toLesions';
import { preprocess } from '../preprocess/preprocess';
import type { MammoModel } from '../session/mammoModel';

/**
 * The inference core for one image: pre-processing, the network, calibration and post-processing
 * into findings in the image's own pixel coordinates. The worker, `npm run analyze` and
 * `npm run eval:model` all go through here, so what is evaluated is what is served.
 */
export async function analyzeImage(
  image: DecodedImage,
  model: MammoModel,
  /** Evaluation asks for candidates below the operating point too (FROC). */
  lesionOptions: Partial<ToLesionsOptions> = {},
): Promise<ImageFindings> {
  const { entry } = model;
  const t0 = performance.now();
  const pre = preprocess(image, { ...model.inputSize, clip: entry.input.normalisation.clip[1] });
  const t1 = performance.now();
  const [raw] = await model.run([pre.input]);
  const t2 = performance.now();
  const lesions = toLesions(
    { data: raw!.lesionMaps, height: raw!.mapHeight, width: raw!.mapWidth, stride: entry.lesionMaps.stride },
    pre.transform,
    image,
    { lesionThreshold: entry.thresholds.lesion, ...lesionOptions },
  );
  const malignancyScore = plattScore(raw!.malignancyLogit, entry.calibration.malignancy);
  const abnormalityScore = plattScore(raw!.abnormalityLogit, entry.calibration.abnormality);
  const t3 = performance.now();

  return {
    imageRef: {
      name: image.source.name,
      ...(image.source.sopInstanceUid ? { sopInstanceUid: image.source.sopInstanceUid } : {}),
      ...(image.source.seriesInstanceUid ? { seriesInstanceUid: image.source.seriesInstanceUid } : {}),
      ...(image.source.studyInstanceUid ? { studyInstanceUid: image.source.studyInstanceUid } : {}),
    },
    laterality: image.laterality,
    view: image.view,
    width: image.width,
    height: image.height,
    pixelSpacing: image.pixelSpacing,
    malignancyScore,
    abnormalityScore,
    aboveThreshold: isAboveThreshold({ malignancyScore, abnormalityScore }, entry.thresholds),
    lesions,
    timingsMs: { preprocess: t1 - t0, inference: t2 - t1, postprocess: t3 - t2 },
  };
}

/** Analyses every image of an exam and aggregates per breast and per exam. */
export async function analyzeExam(images: readonly DecodedImage[], model: MammoModel): Promise<ExamFindings> {
  const findings: ImageFindings[] = [];
  for (const image of images) findings.push(await analyzeImage(image, model));
  const { entry } = model;
  return aggregateExam(
    findings,
    { id: entry.id, version: entry.version, researchOnly: entry.researchOnly },
    entry.thresholds,
  );
}
