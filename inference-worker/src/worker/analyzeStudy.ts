import type { ExamFindings } from '@sentinelle/reporting';
import type { Logger } from 'pino';
import { analyzeExam } from '../analyze/analyzeImages';
import type { DecodedImage } from '../image/decodedImage';
import { ImageQualityError } from '../preprocess/imageQualityError';
import type { PreprocessedImage } from '../preprocess/preprocess';
import type { MammoModel } from '../session/mammoModel';
import { PermanentAnalysisError } from './failures';

/**
 * A study's decoded images through the model, under one policy for clinical and shadow analyses
 * (a comparison of two models is fair only if both saw the same images): a FOR PROCESSING copy
 * beside the image read is left out; any other refusal (blank, noise, no breast) fails the
 * analysis, since an exam score without one of its views would mislead.
 */
export async function analyzeStudy(
  images: readonly DecodedImage[],
  model: MammoModel,
  log: Logger,
  onPreprocessed?: (image: DecodedImage, pre: PreprocessedImage) => void,
): Promise<ExamFindings> {
  try {
    return await analyzeExam([...images], model, {
      ...(onPreprocessed && { onPreprocessed }),
      onRefused: (image, refusal) => {
        if (refusal.code !== 'for-processing') throw refusal;
        log.info({ image: image.source.name }, 'FOR PROCESSING copy left out of the analysis');
      },
    });
  } catch (error) {
    // An image the quality gate refused fails the analysis with the gate's reason (classifyFailure).
    if (error instanceof ImageQualityError) throw error;
    // Pre-processing, the network and post-processing are computations on images the decoder
    // accepted: an error here (e.g. an input the model does not take) happens again on retry.
    throw new PermanentAnalysisError(
      `the model could not analyse the images: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
