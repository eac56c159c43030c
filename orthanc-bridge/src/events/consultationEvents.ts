/**
 * Consultation events: published on Redis when a reader asks a colleague or the colleague answers,
 * so that every bridge replica tells the two readers' open viewers (GET /api/events). They carry
 * ids only, never the note or the answer.
 */
import { z } from 'zod';
import type { Publisher } from '../intake/publishAnalysisEvent';

export const consultationEventSchema = z.object({
  type: z.literal('consultation'),
  consultationId: z.string(),
  studyInstanceUid: z.string(),
  change: z.enum(['asked', 'answered']),
  at: z.string(),
});
export type ConsultationEvent = Readonly<z.infer<typeof consultationEventSchema>>;

/** The consultation events' channel, beside the analysis events' one (`ctx.eventsChannel`). */
export function consultationEventsChannel(eventsChannel: string): string {
  return `${eventsChannel}:consultations`;
}

/** Publishes the change; a lost event loses nothing (the worklist reads the database). */
export async function publishConsultationEvent(
  redis: Publisher,
  eventsChannel: string,
  event: Omit<ConsultationEvent, 'type' | 'at'>,
  at: Date = new Date(),
): Promise<void> {
  const message: ConsultationEvent = { type: 'consultation', ...event, at: at.toISOString() };
  await redis.publish(consultationEventsChannel(eventsChannel), JSON.stringify(message));
}
