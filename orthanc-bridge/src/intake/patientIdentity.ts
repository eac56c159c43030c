/**
 * Whether new images describe the patient the bridge recorded. Same PatientID and issuer, but
 * another name, birth date or sex: a registration error, a merged record, a mistyped ID at the
 * modality. The recorded identity is kept and the disagreement is recorded for a physician to
 * decide; silently taking the newer one would re-label every report of the patient.
 */
import type { PatientDemographics } from '../patients/patientStore';

type Identity = Pick<PatientDemographics, 'name' | 'birthDate' | 'sex'>;

/** DICOM PN as people compare it: case, padding and empty trailing components do not matter. */
function comparableName(name: string): string {
  return name
    .trim()
    .replace(/[\s^=]+$/, '')
    .toUpperCase();
}

function differs(recorded: string | null, incoming: string | null, normalise = (v: string) => v.trim()) {
  // A value missing on either side says nothing against the other.
  if (recorded === null || incoming === null) return false;
  const [a, b] = [normalise(recorded), normalise(incoming)];
  return a !== '' && b !== '' && a !== b;
}

/** The fields of `incoming` that contradict `recorded` (empty: the same patient, or nothing to say). */
export function identityDisagreement(
  recorded: Identity,
  incoming: Identity,
): ('name' | 'birthDate' | 'sex')[] {
  const fields: ('name' | 'birthDate' | 'sex')[] = [];
  if (differs(recorded.name, incoming.name, comparableName)) fields.push('name');
  if (differs(recorded.birthDate, incoming.birthDate)) fields.push('birthDate');
  if (differs(recorded.sex, incoming.sex, (v) => v.trim().toUpperCase())) fields.push('sex');
  return fields;
}
