import type { ExamFindings, ImageFindings } from '@sentinelle/reporting';
import { aggregateExam, isAboveThreshold } from '@sentinelle/reporting';
import type { DecodedImage } from '../image/decodedImage';
import { plattScore } from '../postprocess/calibrate';
import type { ToLesionsOptions } from '../postprocess/toLesions';
import { toLesions } from '../postprocess/toLesions';
import { preprocess, type PreprocessedImage } from '../preprocess/preprocess';
import type { MammoModel } from '../session/mammoModel';

export interface AnalyzeImageOptions {
  /** Evaluation asks for candidates below the operating point too (FROC). */
  readonly lesions?: Partial<ToLesionsOptions>;
  /** Sees the network's input, e.g. to keep the image as the model saw it. */
  readonly onPreprocessed?: (pre: PreprocessedImage) => void;
}

/** The bound of the model's input z-scores (inputs are clipped to ±clip). */
export function modelClip(model: MammoModel): number {
  return model.entry.input.normalisation.clip[1];
}

/**
 * The inference core for one image: pre-processing, the network, calibration and post-processing
 * into findings in the image's own pixel coordinates. The worker, `npm run analyze` and
 * `npm run eval:model` all go through here, so what is evaluated is what is served.
 */
export async function analyzeImage(
  image: DecodedImage,
  model: MammoModel,
  options: AnalyzeImageOptions = {},
): Promise<ImageFindings> {
  const { entry } = model;
  const t0 = performance.now();
  const pre = preprocess(image, { ...model.inputSize, clip: modelClip(model) });
  options.onPreprocessed?.(pre);
  const t1 = performance.now();
  const [raw] = await model.run([pre.input]);
  const t2 = performance.now();
  const lesions = toLesions(
    { data: raw!.lesionMaps, height: raw!.mapHeight, width: raw!.mapWidth, stride: entry.lesionMaps.stride },
    pre.transform,
    image,
    { lesionThreshold: entry.thresholds.lesion, ...options.lesions },
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
export async function analyzeExam(
  images: readonly DecodedImage[],
  model: MammoModel,
  options: { readonly onPreprocessed?: (image: DecodedImage, pre: PreprocessedImage) => void } = {},
): Promise<ExamFindings> {
  const findings: ImageFindings[] = [];
  for (const image of images) {
    const onPreprocessed = (pre: PreprocessedImage) => options.onPreprocessed?.(image, pre);
    findings.push(await analyzeImage(image, model, { onPreprocessed }));
  }
  const { entry } = model;
  return aggregateExam(
    findings,
    { id: entry.id, version: entry.version, researchOnly: entry.researchOnly },
    entry.thresholds,
  );
}
