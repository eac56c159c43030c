export type { CodedConcept, RenderedDicom, RenderOptions, SourceImage, StudyContext } from './types';
export { DicomRenderError } from './types';
export { renderAiResultsSr, COMPREHENSIVE_3D_SR_STORAGE } from './aiResultsSr';
export { renderReaderRevisionSr, READER_REVISION_SERIES_DESCRIPTION } from './readerRevisionSr';
export { renderMammoCadSr, MAMMOGRAPHY_CAD_SR_STORAGE } from './mammoCadSr';
export { renderLesionSeg, SEGMENTATION_STORAGE, type LesionSegOptions } from './lesionSeg';
export { sourceImageFromDataset, studyContextFromDataset } from './fromDataset';
export {
  isSentinelleObject,
  SENTINELLE_MANUFACTURER,
  SENTINELLE_SERIES_PREFIX,
  softwareVersions,
} from './sentinelleMarker';
export { createUidGenerator, isDicomUid, nameBasedUid } from './uid';
export { readPart10, writePart10 } from './part10';
export { markLesion } from './rasterize';
export type { InstanceIdentity } from './sr/srDocument';
export {
  renderBreastImagingReportSr,
  BREAST_IMAGING_REPORT_SERIES_DESCRIPTION,
  COMPREHENSIVE_SR_STORAGE,
  type BreastImagingReportOptions,
} from './breastImagingReportSr';
