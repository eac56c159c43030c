export {
  deidentifyFhirBundle,
  FhirDeidentificationError,
  KEPT_RESOURCE_TYPES,
  AGE_BAND_EXTENSION,
  type DeidentifiedFhir,
  type FhirBundleJson,
  type FhirDeidentificationOptions,
} from './deidentifyFhir';
export { verifyFhirFile, withFhirFiles, type FhirVerificationInput } from './verifyFhir';
export { imagePatientKey } from './imagePatientKey';
