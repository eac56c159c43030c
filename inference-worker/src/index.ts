export type { DecodedImage, Laterality, MammoView, PixelSpacing } from './image/decodedImage';
export {
  decodeDicom,
  decodeImageBytes,
  decodeImageFile,
  decodePng,
  UnreadableImageError,
} from './decode/index';
export type { RasterDecodeOptions } from './decode/index';
export { preprocess } from './preprocess/preprocess';
export { ImageQualityError, isImageQualityError } from './preprocess/imageQualityError';
export type { ImageQualityCode, ImageQualityReason } from './preprocess/imageQualityError';
export type { ModelInputSpec, PreprocessedImage } from './preprocess/preprocess';
export { toModel, toOriginal } from './preprocess/imageTransform';
export type { ImageTransform, Point } from './preprocess/imageTransform';
export { MammoModel } from './session/mammoModel';
export type { ExecutionProviderChoice, RawModelOutput, SessionOptions } from './session/mammoModel';
export { analyzeExam, analyzeImage } from './analyze/analyzeImages';
export type { AnalyzeExamOptions, AnalyzeImageOptions } from './analyze/analyzeImages';
export { screeningOperatingPoints } from './analyze/screeningOperatingPoints';
export * from './dicomWrap/index';
export * from './worker/index';
