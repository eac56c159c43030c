import { listQueuedAnalysesOfPatient, setAnalysisPriority, type Analysis } from '../studies/analysisStore';
import { listStudiesOfPatient, setPatientUrgent } from './patientStore';
import { publishUrgencyEvents } from './urgencyEvents';
import { withTransaction } from '../db/pool';
import type { BridgeContext } from '../context';
import { publishAnalysisEvent } from '../intake/publishAnalysisEvent';
import { changeJobPriority } from '../intake/analysisQueue';

/**
 * Flags a patient urgent (or clears the flag). Their next studies are triaged stat, and their
 * analyses already waiting move to stat now. Either way, open worklists are told (an urgency event
 * per study of the patient) and move the patient's studies. Returns the analyses so promoted;
 * undefined for a patient the bridge does not hold (nothing is written).
 */
export async function flagPatientUrgent(
  ctx: BridgeContext,
  patient: { readonly patientId: string; readonly issuer: string },
  urgent: boolean,
): Promise<Analysis[] | undefined> {
  const changed = await withTransaction(ctx.pool, async (db) => {
    const patientRef = await setPatientUrgent(db, ctx.cipher, patient, urgent);
    if (patientRef === undefined) return undefined;
    const studies = await listStudiesOfPatient(db, patientRef);
    if (!urgent) return { studies, promoted: [] };
    const queued = await listQueuedAnalysesOfPatient(db, patientRef);
    const updated: Analysis[] = [];
    for (const analysis of queued) {
      if (analysis.priority === 'stat') continue;
      const row = await setAnalysisPriority(db, analysis.id, 'stat', { requested: true });
      if (row) updated.push(row);
    }
    return { studies, promoted: updated };
  });
  if (!changed) return undefined;
  const { studies, promoted } = changed;
  // After the commit: a worklist that reads on this event sees the flag.
  await publishUrgencyEvents(ctx.redis, ctx.eventsChannel, studies, urgent).catch((error: unknown) =>
    ctx.logger.warn({ err: error }, 'could not publish the urgency events'),
  );
  for (const analysis of promoted) {
    await changeJobPriority(ctx.queue, analysis, 'stat').catch((error: unknown) =>
      ctx.logger.warn({ key: analysis.key, err: error }, 'could not change the job priority'),
    );
    await publishAnalysisEvent(ctx.redis, analysis, ctx.eventsChannel).catch(() => undefined);
  }
  return promoted;
}
