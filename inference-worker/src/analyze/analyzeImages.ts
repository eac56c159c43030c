import type { ExamFindings, ImageFindings } from '@sentinelle/reporting';
import { aggregateExam, screeningCategory } from '@sentinelle/reporting';
import type { DecodedImage } from '../image/decodedImage';
import { plattScore } from '../postprocess/calibrate';
import type { ToLesionsOptions } from '../postprocess/toLesions';
import { toLesions } from '../postprocess/toLesions';
import { ImageQualityError } from '../preprocess/imageQualityError';
import { preprocess, type PreprocessedImage } from '../preprocess/preprocess';
import { checkAcquisition, checkImageContent } from '../preprocess/qualityGate';
import type { MammoModel } from '../session/mammoModel';
import { screeningOperatingPoints } from './screeningOperatingPoints';

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
 * The inference core for one image: the quality gate, pre-processing, the network, calibration
 * and post-processing into findings in the image's own pixel coordinates. The worker,
 * `npm run analyze` and `npm run eval:model` all go through here, so what is evaluated is what
 * is served. Throws ImageQualityError, before the network runs, on an image that cannot be
 * analysed: such an image gets a reason, never a score.
 */
export async function analyzeImage(
  image: DecodedImage,
  model: MammoModel,
  options: AnalyzeImageOptions = {},
): Promise<ImageFindings> {
  const { entry } = model;
  const operatingPoints = screeningOperatingPoints(entry);
  const t0 = performance.now();
  checkAcquisition(image);
  const pre = preprocess(image, { ...model.inputSize, clip: modelClip(model) });
  checkImageContent(image, pre.region);
  options.onPreprocessed?.(pre);
  const t1 = performance.now();
  const [raw] = await model.run([pre.input]);
  const t2 = performance.now();
  const lesions = toLesions(
    { data: raw!.lesionMaps, height: raw!.mapHeight, width: raw!.mapWidth, stride: entry.lesionMaps.stride },
    pre.transform,
    image,
    {
      lesionThreshold: operatingPoints.lesion,
      breast: { mask: pre.breastTissueMask, geometry: pre.breast },
      ...options.lesions,
    },
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
    category: screeningCategory(malignancyScore, operatingPoints),
    lesions,
    breast: pre.breast,
    invertedDetected: pre.invertedDetected,
    timingsMs: { preprocess: t1 - t0, inference: t2 - t1, postprocess: t3 - t2 },
  };
}

export interface AnalyzeExamOptions {
  readonly onPreprocessed?: (image: DecodedImage, pre: PreprocessedImage) => void;
  /**
   * Given, an image the quality gate refuses is left out and reported here, and the exam is
   * analysed on the others (a study often holds FOR PROCESSING copies beside the images read);
   * an exam left with no image still throws the first refusal. Absent, the first refusal throws.
   */
  readonly onRefused?: (image: DecodedImage, error: ImageQualityError) => void;
}

/**
 * Analyses every image of an exam and aggregates per breast and per exam with the model's
 * screening operating points.
 */
export async function analyzeExam(
  images: readonly DecodedImage[],
  model: MammoModel,
  options: AnalyzeExamOptions = {},
): Promise<ExamFindings> {
  const findings: ImageFindings[] = [];
  let firstRefusal: ImageQualityError | null = null;
  for (const image of images) {
    const onPreprocessed = (pre: PreprocessedImage) => options.onPreprocessed?.(image, pre);
    try {
      findings.push(await analyzeImage(image, model, { onPreprocessed }));
    } catch (error) {
      if (!(error instanceof ImageQualityError) || !options.onRefused) throw error;
      firstRefusal ??= error;
      options.onRefused(image, error);
    }
  }
  if (findings.length === 0 && firstRefusal) throw firstRefusal;
  const { entry } = model;
  return aggregateExam(
    findings,
    { id: entry.id, version: entry.version, researchOnly: entry.researchOnly },
    screeningOperatingPoints(entry),
  );
}
