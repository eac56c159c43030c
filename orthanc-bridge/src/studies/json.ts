import type { Analysis } from './analysisStore';
import type { StudyRecord } from './studyStore';

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
