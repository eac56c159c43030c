import { effectivePermissions } from '../auth/permissions';
import type { Analysis } from '../db/analyses';
import type { Consultation } from '../db/consultations';
import type { ReaderRef } from '../db/readers';
import type { Revision } from '../db/revisions';
import type { UserAccount } from '../db/users';
import type { StudyRecord } from '../db/studies';
import type { Validation } from '../db/validations';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** An analysis as the API shows it (no patient data). */
export function analysisJson(a: Analysis) {
  return {
    id: a.id,
    jobId: a.key,
    studyInstanceUid: a.studyInstanceUid,
    model: { id: a.modelId, version: a.modelVersion },
    status: a.status,
    priority: a.priority,
    requestedPriority: a.requestedPriority,
    requestedAt: a.requestedAt.toISOString(),
    reason: a.reason,
    revision: a.revision,
    images: a.instances.length,
    attempts: a.attempts,
    malignancyScore: a.malignancyScore,
    timings: a.timings,
    result: a.result ?? null,
    createdAt: a.createdAt.toISOString(),
    enqueuedAt: iso(a.enqueuedAt),
    startedAt: iso(a.startedAt),
    finishedAt: iso(a.finishedAt),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** A study as the API shows it (no patient data). */
export function studyJson(s: StudyRecord) {
  return {
    studyInstanceUid: s.studyInstanceUid,
    orthancId: s.orthancId,
    accessionNumber: s.accessionNumber,
    studyDate: s.studyDate,
    description: s.description,
    modalities: s.modalities,
    views: s.views,
  };
}

/** A reader as the API names them: login and display name. */
export function readerJson(r: ReaderRef) {
  return { login: r.login, displayName: r.displayName };
}

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

export function consultationJson(c: Consultation) {
  return {
    id: c.id,
    studyInstanceUid: c.studyInstanceUid,
    requester: readerJson(c.requester),
    colleague: readerJson(c.colleague),
    note: c.note,
    answer: c.answer,
    createdAt: c.createdAt.toISOString(),
    answeredAt: iso(c.answeredAt),
  };
}

/** An account as its owner and managers see it (no credential). */
export function userJson(account: UserAccount) {
  return {
    login: account.login,
    displayName: account.displayName,
    role: account.role,
    site: account.site,
    careTeams: account.careTeams,
    permissions: [...effectivePermissions(account.role, account.permissionChanges)].sort(),
    totpEnrolled: account.totpEnrolled,
  };
}
