import { toAnalysisEvent, type Analysis } from '../studies/analysisStore';
import { ANALYSIS_EVENTS_CHANNEL } from './queueContract';

/** The part of an ioredis client publishing needs. */
export interface Publisher {
  publish(channel: string, message: string): Promise<number>;
}

/**
 * Publishes the analysis as it now stands on {@link ANALYSIS_EVENTS_CHANNEL}. Events tell open
 * viewers and dashboards to refresh; the database stays the truth, so a lost event loses nothing.
 */
export async function publishAnalysisEvent(
  redis: Publisher,
  analysis: Analysis,
  channel: string = ANALYSIS_EVENTS_CHANNEL,
): Promise<void> {
  await redis.publish(channel, JSON.stringify(toAnalysisEvent(analysis)));
}
