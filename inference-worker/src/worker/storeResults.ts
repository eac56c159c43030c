import { OrthancRequestError } from '@sentinelle/config';
import type { RenderedDicom } from '@sentinelle/reporting';
import { PermanentAnalysisError } from './failures';
import type { WorkerOrthancClient } from './orthancClient';

export interface StoreOutcome {
  /** SOP Instance UIDs sent with STOW-RS now. */
  readonly stored: readonly string[];
  /** SOP Instance UIDs Orthanc already held: an earlier attempt stored them before dying. */
  readonly alreadyStored: readonly string[];
}

/**
 * Stores the result objects through STOW-RS, except those Orthanc already holds (their UIDs are
 * derived from the analysis revision, so an earlier attempt's objects are these very objects).
 * Checks the STOW-RS answer object by object: an object Orthanc refused is a permanent failure
 * (the same object would be refused again); Orthanc out of reach or failing (5xx) is transient.
 */
export async function storeResults(
  orthanc: WorkerOrthancClient,
  objects: readonly RenderedDicom[],
): Promise<StoreOutcome> {
  const held = await Promise.all(objects.map((object) => orthanc.hasInstance(object.sopInstanceUid)));
  const missing = objects.filter((_, i) => !held[i]);
  const alreadyStored = objects.filter((_, i) => held[i]).map((object) => object.sopInstanceUid);
  if (missing.length === 0) return { stored: [], alreadyStored };

  const answer = await orthanc.stow(missing.map((object) => object.bytes));
  const accepted = new Set(answer.stored);
  const refused = missing.filter((object) => !accepted.has(object.sopInstanceUid));
  if (refused.length > 0) {
    const reasons = answer.failed.map(
      (f) =>
        `${f.sopInstanceUid ?? 'an object'}${f.failureReason === undefined ? '' : ` (failure reason 0x${f.failureReason.toString(16).toUpperCase()})`}`,
    );
    const message =
      `Orthanc refused ${refused.length} of the ${missing.length} result objects sent with STOW-RS ` +
      `(HTTP ${answer.status}): ${reasons.join(', ') || refused.map((o) => o.sopInstanceUid).join(', ')}`;
    throw new PermanentAnalysisError(message, {
      cause: new OrthancRequestError(message, answer.status, false, undefined),
    });
  }
  return { stored: missing.map((object) => object.sopInstanceUid), alreadyStored };
}
