import { readPart10File } from '../part10';
import { patientKey } from '../patientKey';

/** The patient key of a source image (its Patient ID and issuer): a case's FHIR takes the images' pseudonym and shift from it. */
export function imagePatientKey(sourceImage: Uint8Array): string {
  return patientKey(readPart10File(sourceImage).dataset);
}
