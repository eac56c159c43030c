import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeImage } from '../analyze/analyzeImages';
import { decodeImageFile, UnreadableImageError } from '../decode/index';
import { isImageQualityError } from '../preprocess/imageQualityError';
import type { MammoModel } from '../session/mammoModel';
import type { SizedMark } from './diameterRatio';
import type { MiasImageTruth } from './miasLabels';

/** Candidates well below the operating point, so the FROC curve can be swept. */
export const FROC_CANDIDATE_FLOOR = 0.02;

export type ImageOutcome =
  | {
      readonly kind: 'scored';
      readonly truth: MiasImageTruth;
      readonly malignancyScore: number;
      readonly abnormalityScore: number;
      /** Every candidate down to FROC_CANDIDATE_FLOOR, image pixels. */
      readonly marks: SizedMark[];
      /** Decode, pre-processing, network and post-processing. */
      readonly ms: number;
    }
  | {
      readonly kind: 'refused';
      readonly truth: MiasImageTruth;
      readonly code: string;
      readonly reason: string;
    }
  | { readonly kind: 'unreadable'; readonly truth: MiasImageTruth; readonly reason: string };

/**
 * Scores one labelled image through the production path (decode, quality gate, pre-processing,
 * network, post-processing). An image the quality gate refuses, or that cannot be read, is an
 * outcome, not a score; any other error (a model/input mismatch, a bug) stops the evaluation.
 */
export async function scoreImage(
  folder: string,
  truth: MiasImageTruth,
  model: MammoModel,
  pixelSpacingMm: number,
): Promise<ImageOutcome> {
  const path = join(folder, truth.file);
  try {
    await access(path);
  } catch {
    return { kind: 'unreadable', truth, reason: `labelled but not in ${folder}` };
  }
  try {
    const start = performance.now();
    const image = await decodeImageFile(path, { pixelSpacingMm });
    const findings = await analyzeImage(image, model, {
      lesions: { includeBelowThreshold: true, candidateFloor: FROC_CANDIDATE_FLOOR },
    });
    const ms = performance.now() - start;
    return {
      kind: 'scored',
      truth,
      malignancyScore: findings.malignancyScore,
      abnormalityScore: findings.abnormalityScore,
      marks: findings.lesions.map((l) => ({
        type: l.type,
        x: l.centre.x,
        y: l.centre.y,
        score: l.score,
        diameterPx: l.diameterPx,
      })),
      ms,
    };
  } catch (err) {
    if (isImageQualityError(err)) return { kind: 'refused', truth, code: err.code, reason: err.reason.en };
    if (err instanceof UnreadableImageError) return { kind: 'unreadable', truth, reason: err.reason };
    throw err;
  }
}
