export {
  MG_FOR_PRESENTATION_STORAGE,
  patientOrientation,
  WRAPPABLE_VIEWS,
  wrapMammogram,
  wrapPngMammogram,
} from './wrapMammogram';
export type { GreyFrame, WrapMammogramOptions, WrappableView, WrapStudy } from './wrapMammogram';
export { wrapPngViews } from './wrapPngViews';
export type { PngView, WrappedPngView } from './wrapPngViews';
