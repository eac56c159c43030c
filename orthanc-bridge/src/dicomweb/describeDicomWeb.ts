/**
 * How the DICOMweb relay's requests enter the audit trail: a search with its query, a retrieve
 * down to the instance, a store as a creation with its study and patient; a refusal, allowed or
 * not, names the patient of the study it was about, and a path refused before any lookup is
 * recorded as such (the raw path is the entry's own `path`), never as a read of a study in it.
 */
import type { AuditDescriber, AuditDescription } from '../audit/auditMiddleware';
import type { AuditResourceType } from '../audit/auditLog';
import type { DicomWebRoute, Level } from './dicomWebPath';

/** What the relay learnt of a request, left in res.locals for the audit trail. */
export interface DicomWebSeen {
  readonly route?: DicomWebRoute;
  /** Why the path or query was refused before any lookup. */
  readonly refused?: string;
  /** The query sent on to Orthanc (searches). */
  readonly query?: string;
  readonly patientId?: string;
  /** The studies a store adds to. */
  readonly studyUids?: readonly string[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by the DICOMweb relay: what the request was about, for the audit trail. */
      dicomWeb?: DicomWebSeen;
    }
  }
}

const RESOURCE_TYPES: Readonly<Record<Level, AuditResourceType>> = {
  study: 'study',
  series: 'series',
  instance: 'instance',
};

export const describeDicomWeb: AuditDescriber = (req, res): AuditDescription => {
  const seen = res.locals.dicomWeb ?? {};
  const { route } = seen;
  const patientId = seen.patientId ?? null;
  if (!route)
    return {
      resourceType: 'study',
      action: req.method === 'POST' ? 'create' : 'read',
      detail: { dicomWeb: true, refused: seen.refused ?? 'not a DICOMweb request' },
    };
  const refused: { refused?: string } = seen.refused ? { refused: seen.refused } : {};
  if (route.kind === 'store') {
    const studyUids = seen.studyUids ?? (route.studyUid ? [route.studyUid] : []);
    return {
      resourceType: 'study',
      resourceId: route.studyUid ?? studyUids[0] ?? null,
      patientId,
      action: 'create',
      detail: { stow: true, studyInstanceUids: [...studyUids], ...refused },
    };
  }
  const resourceId = route.instanceUid ?? route.seriesUid ?? route.studyUid ?? null;
  // A search across the archive; listing what a study or series holds reads that study or series.
  if (route.kind === 'search' && !route.studyUid)
    return {
      resourceType: RESOURCE_TYPES[route.level],
      patientId,
      action: 'search',
      detail: { query: seen.query ?? '', ...refused },
    };
  if (route.kind === 'search')
    return {
      resourceType: route.seriesUid ? 'series' : 'study',
      resourceId,
      patientId,
      action: 'read',
      detail: { studyInstanceUid: route.studyUid ?? null, query: seen.query ?? '', ...refused },
    };
  return {
    resourceType: RESOURCE_TYPES[route.level],
    resourceId,
    patientId,
    action: 'read',
    detail: { studyInstanceUid: route.studyUid ?? null, retrieve: route.retrieve ?? 'whole', ...refused },
  };
};
