import type { TrainingExportProgress } from './queueContract';
import type { TrainingExport } from './trainingExportStore';

/** An export as the API shows it (the verification report and provenance only on the one-export route). */
export function trainingExportJson(e: TrainingExport, progress: TrainingExportProgress | null) {
  return {
    id: e.id,
    project: e.project,
    state: e.state,
    criteria: e.criteria,
    requestedBy: e.requestedBy,
    createdAt: e.createdAt.toISOString(),
    startedAt: e.startedAt?.toISOString() ?? null,
    finishedAt: e.finishedAt?.toISOString() ?? null,
    cases: e.cases,
    images: e.images,
    progress,
    reasons: e.reasons,
    location: e.location,
  };
}
