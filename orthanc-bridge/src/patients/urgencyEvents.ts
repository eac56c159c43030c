/**
 * Urgency events: published on Redis when a patient is flagged urgent or the flag is cleared, one
 * per study of the patient, so that every open worklist moves those studies at once (GET
 * /api/events), whichever bridge replica took the change. They carry study UIDs only, never the
 * PatientID: the stream's scope check is per study, and the viewer reads the rest through the API.
 */
import { z } from 'zod';
import type { Publisher } from '../intake/publishAnalysisEvent';

export const urgencyEventSchema = z.object({
  type: z.literal('urgency'),
  studyInstanceUid: z.string(),
  urgent: z.boolean(),
  at: z.string(),
});
export type UrgencyEvent = Readonly<z.infer<typeof urgencyEventSchema>>;

/** The urgency events' channel, beside the analysis events' one (`ctx.eventsChannel`). */
export function urgencyEventsChannel(eventsChannel: string): string {
  return `${eventsChannel}:urgency`;
}

/** Publishes the flag's new value for each study; a lost event loses nothing (the worklist reads the database). */
export async function publishUrgencyEvents(
  redis: Publisher,
  eventsChannel: string,
  studyInstanceUids: readonly string[],
  urgent: boolean,
  at: Date = new Date(),
): Promise<void> {
  for (const studyInstanceUid of studyInstanceUids) {
    const message: UrgencyEvent = { type: 'urgency', studyInstanceUid, urgent, at: at.toISOString() };
    await redis.publish(urgencyEventsChannel(eventsChannel), JSON.stringify(message));
  }
}
