/**
 * Requests on a study or a patient refused before any route could record them: a write without its
 * session's CSRF token, a body that is not JSON or is too large. Mounted first, this recorder holds
 * every answer and records it only when no route's recorder did, with the patient it aimed at.
 */
import type { FieldCipher } from '../crypto';
import type { Queryable } from '../db/pool';
import type { AuditDescriber } from './auditMiddleware';
import { studyPatientId } from './studyPatient';

// The API, also where Orthanc Explorer's panel reaches it.
const STUDY = /^\/(?:api|orthanc\/sentinelle)\/studies\/([^/?]+)/;
const PATIENT = /^\/(?:api|orthanc\/sentinelle)\/patients\/([^/?]+)/;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function refusedBeforeRouting(db: Queryable, cipher: FieldCipher): AuditDescriber {
  return async (req, res) => {
    // Counted by every recorder the request went through: this one alone means no route recorded it.
    if ((res.locals.auditRecorders ?? 0) > 1) return undefined;
    const study = STUDY.exec(req.originalUrl)?.[1];
    if (study !== undefined) {
      const studyUid = decoded(study);
      return {
        resourceType: 'study',
        resourceId: studyUid,
        patientId: await studyPatientId(db, cipher, studyUid),
      };
    }
    const patient = PATIENT.exec(req.originalUrl)?.[1];
    if (patient !== undefined) {
      const patientId = decoded(patient);
      return { resourceType: 'patient', resourceId: patientId, patientId };
    }
    return undefined;
  };
}
