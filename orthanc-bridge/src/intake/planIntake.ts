import type { Analysis } from '../studies/analysisStore';
import type { AnalysisPriority } from './queueContract';
import type { StudySnapshot } from './readStudy';

/**
 * What to do with a study's analysis for the current model version.
 * - `skip`: record (or refresh) a skipped analysis with a reason; the study has no 2D MG image.
 * - `queue`: queue an analysis: a new one, or a new revision of the existing one.
 * - `reprioritise`: the analysis is already queued for this image set; change its priority.
 * - `keep`: nothing to do (`why` says why, for the log or the API).
 */
export type IntakePlan =
  | { readonly action: 'skip'; readonly reason: string }
  | {
      readonly action: 'queue';
      readonly priority: AnalysisPriority;
      readonly why: 'new' | 'was-skipped' | 'images-changed' | 'retry';
    }
  | { readonly action: 'reprioritise'; readonly priority: AnalysisPriority }
  | { readonly action: 'keep'; readonly why: string; readonly conflict: boolean };

/** The readable reason a study is not analysed; undefined when it has mammography images. */
export function skipReason(snapshot: StudySnapshot): string | undefined {
  if (snapshot.images.length > 0) return undefined;
  const modalities = snapshot.modalities.length ? snapshot.modalities.join(', ') : 'none';
  if (snapshot.tomosynthesisCount > 0)
    return `no 2D mammography image: breast tomosynthesis is not analysed (modalities: ${modalities})`;
  return `no mammography image (modalities: ${modalities})`;
}

/**
 * Decides what a stable study (`source: 'feed'`) or a user's request (`source: 'api'`) does to the
 * analysis. The image set (digest of the MG images' SOP Instance UIDs, Sentinelle's own results
 * excluded) decides whether a study that became stable again is analysed again: the same set is
 * never analysed twice by one model version; a changed set gets a new revision. A user may retry a
 * failed analysis or change the priority of a queued one, but not redo a finished one.
 */
export function planIntake(
  snapshot: StudySnapshot,
  existing: Analysis | undefined,
  request: { readonly source: 'feed' | 'api'; readonly priority: AnalysisPriority },
): IntakePlan {
  const reason = skipReason(snapshot);
  if (reason !== undefined) {
    if (!existing || existing.status === 'skipped') return { action: 'skip', reason };
    return {
      action: 'keep',
      why: `the study has no mammography image any more; its ${existing.status} analysis is kept`,
      conflict: true,
    };
  }
  const { priority } = request;
  if (!existing) return { action: 'queue', priority, why: 'new' };
  if (existing.status === 'skipped') return { action: 'queue', priority, why: 'was-skipped' };
  if (existing.instancesDigest !== snapshot.imagesDigest)
    return { action: 'queue', priority, why: 'images-changed' };

  const version = `model ${existing.modelId} ${existing.modelVersion}`;
  switch (existing.status) {
    case 'queued':
      if (request.source === 'api' && existing.priority !== priority)
        return { action: 'reprioritise', priority };
      return { action: 'keep', why: `already queued (${existing.priority})`, conflict: false };
    case 'running':
      return { action: 'keep', why: `the analysis by ${version} is running`, conflict: true };
    case 'done':
      return {
        action: 'keep',
        why: `these images were already analysed by ${version}; the results are in Orthanc`,
        conflict: true,
      };
    case 'failed':
      if (request.source === 'api') return { action: 'queue', priority, why: 'retry' };
      return {
        action: 'keep',
        why: `the analysis failed (${existing.reason ?? 'no reason recorded'})`,
        conflict: true,
      };
  }
}
