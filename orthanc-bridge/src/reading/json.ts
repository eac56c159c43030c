import { readerJson } from '../users/json';
import type { Revision } from './revisionStore';
import type { Validation } from './validationStore';

export function validationJson(v: Validation) {
  return {
    id: v.id,
    studyInstanceUid: v.studyInstanceUid,
    analysisId: v.analysisId,
    analysisRevision: v.analysisRevision,
    reader: readerJson(v.reader),
    overall: v.overall,
    birads: v.birads,
    lesions: v.lesions.map((l) => ({ lesionKey: l.lesionKey, agree: l.agree })),
    createdAt: v.createdAt.toISOString(),
  };
}

export function revisionJson(r: Revision) {
  return {
    id: r.id,
    studyInstanceUid: r.studyInstanceUid,
    analysisId: r.analysisId,
    analysisRevision: r.analysisRevision,
    revisionNumber: r.revisionNumber,
    reader: readerJson(r.reader),
    seriesInstanceUid: r.seriesInstanceUid,
    sopInstanceUid: r.sopInstanceUid,
    findings: r.findings,
    createdAt: r.createdAt.toISOString(),
  };
}
