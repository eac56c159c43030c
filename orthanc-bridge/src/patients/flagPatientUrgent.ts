import { listQueuedAnalysesOfPatient, setAnalysisPriority, type Analysis } from '../studies/analysisStore';
import { setPatientUrgent } from './patientStore';
import { withTransaction } from '../db/pool';
import type { BridgeContext } from '../context';
import { publishAnalysisEvent } from '../intake/publishAnalysisEvent';
import { changeJobPriority } from '../intake/analysisQueue';

/**
 * Flags a patient urgent (or clears the flag). Their next studies are triaged stat, and their
 * analyses already waiting move to stat now. Returns the analyses so promoted; undefined for a
 * patient the bridge does not hold (nothing is written).
 */
export async function flagPatientUrgent(
  ctx: BridgeContext,
  patient: { readonly patientId: string; readonly issuer: string },
  urgent: boolean,
): Promise<Analysis[] | undefined> {
  const promoted = await withTransaction(ctx.pool, async (db) => {
    const patientRef = await setPatientUrgent(db, ctx.cipher, patient, urgent);
    if (patientRef === undefined) return undefined;
    if (!urgent) return [];
    const queued = await listQueuedAnalysesOfPatient(db, patientRef);
    const updated: Analysis[] = [];
    for (const analysis of queued) {
      if (analysis.priority === 'stat') continue;
      const row = await setAnalysisPriority(db, analysis.id, 'stat', { requested: true });
      if (row) updated.push(row);
    }
    return updated;
  });
  if (!promoted) return undefined;
  for (const analysis of promoted) {
    await changeJobPriority(ctx.queue, analysis, 'stat').catch((error: unknown) =>
      ctx.logger.warn({ key: analysis.key, err: error }, 'could not change the job priority'),
    );
    await publishAnalysisEvent(ctx.redis, analysis, ctx.eventsChannel).catch(() => undefined);
  }
  return promoted;
}
