/**
 * Whether a user may store these DICOM files (STOW-RS), decided before Orthanc stores any: every
 * study they add to must be in the user's scope and be their patient's, a patient the bridge knows
 * must be in scope, and a new patient must belong, by the sending institution, to the user's site
 * (else the images would land in another site's records). One patient per store, so that the
 * audit entry names the patient the images are about.
 */
import { siteOfInstitution } from '../auth/authServices';
import { patientAccess, studyAccess, type PatientScope } from '../auth/patientScope';
import type { BridgeContext } from '../context';
import { patientIdHashes } from '../patients/patientStore';
import { badRequest, conflict, forbidden, type HttpError } from '../http/errors';
import { Part10Error, readPart10Identity, type Part10Identity } from './part10Identity';

export type StowScope =
  | { readonly ok: true; readonly patientId: string; readonly studyUids: readonly string[] }
  | {
      readonly ok: false;
      readonly error: HttpError;
      readonly patientId?: string;
      readonly studyUids?: readonly string[];
    };

async function patientPlaced(
  ctx: BridgeContext,
  patient: { readonly patientId: string; readonly issuer: string },
): Promise<boolean> {
  const { rows } = await ctx.pool.query<{ placed: boolean }>(
    'SELECT site IS NOT NULL AS placed FROM patient WHERE patient_id_hash = ANY ($1::text[])',
    [patientIdHashes(ctx.cipher.keyring, patient)],
  );
  return rows[0]?.placed !== false;
}

export async function checkStowScope(
  ctx: BridgeContext,
  scope: PatientScope,
  pathStudyUid: string | undefined,
  files: readonly Buffer[],
): Promise<StowScope> {
  let identities: Part10Identity[];
  try {
    identities = files.map((file) => readPart10Identity(file));
  } catch (error) {
    if (error instanceof Part10Error) return { ok: false, error: badRequest(error.message) };
    throw error;
  }
  const studyUids = [...new Set(identities.map((i) => i.studyInstanceUid))];
  const patients = new Set(identities.map((i) => JSON.stringify([i.patientId, i.issuerOfPatientId])));
  const first = identities[0];
  if (!first) return { ok: false, error: badRequest('the store holds no DICOM file') };
  const patient = { patientId: first.patientId, issuer: first.issuerOfPatientId };
  const refuse = (error: HttpError): StowScope => ({
    ok: false,
    error,
    studyUids,
    ...(patient.patientId && { patientId: patient.patientId }),
  });
  if (!patient.patientId) return refuse(badRequest('every instance needs a PatientID'));
  if (patients.size > 1) return refuse(badRequest('store one patient’s images per request'));
  if (pathStudyUid && studyUids.some((uid) => uid !== pathStudyUid))
    return refuse(badRequest(`every instance must belong to the study ${pathStudyUid} named in the path`));

  for (const studyUid of studyUids) {
    const access = await studyAccess(ctx.pool, ctx.cipher, scope, studyUid);
    if (access.status === 'visible') {
      if (access.patientId !== patient.patientId)
        return refuse(conflict(`the study ${studyUid} belongs to another patient`));
      continue;
    }
    if (access.status !== 'unknown') return refuse(forbidden('this study is outside your patient scope'));
  }
  const known = await patientAccess(ctx.pool, ctx.cipher, scope, patient);
  // A patient not placed in a site yet (flagged before any image) is placed by these images' institution.
  const placed = known.known && (await patientPlaced(ctx, patient));
  if (placed && !known.visible) return refuse(forbidden('this patient is outside your patient scope'));
  if (!placed) {
    const sites = new Set(identities.map((i) => siteOfInstitution(ctx.auth.sites, i.institutionName)));
    if (sites.size !== 1 || !sites.has(scope.site))
      return refuse(forbidden('these images come from an institution of another site'));
  }
  return { ok: true, patientId: patient.patientId, studyUids };
}
