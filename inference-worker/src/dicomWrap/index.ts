export {
  MG_FOR_PRESENTATION_STORAGE,
  patientOrientation,
  WRAPPABLE_VIEWS,
  wrapMammogram,
  wrapPngMammogram,
} from './wrapMammogram';
export type { GreyFrame, WrapMammogramOptions, WrappableView, WrapStudy } from './wrapMammogram';
