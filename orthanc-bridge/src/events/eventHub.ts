/**
 * The live events of open viewers: one Redis subscriber per bridge process listens to the analysis
 * events (`ctx.eventsChannel`, published by intake, the sweep, the worker), the consultation events
 * and the urgency events (a patient flagged urgent or no longer), and hands each to the process's
 * streams (GET /api/events) whose user may see it. Redis fans the events out to every replica; each
 * replica filters for its own streams.
 *
 * What a stream receives: the study's UID and what changed (an analysis' status and priority; a
 * consultation asked or answered), only for studies of the user's patient scope, and consultation
 * events only for the two readers concerned. Never a name, a PatientID, a note or a score: the
 * viewer reads those through the API, which checks and audits the read.
 */
import { once } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { visibleStudies, type PatientScope } from '../auth/patientScope';
import type { Queryable } from '../db/pool';
import { analysisEventSchema } from '../intake/queueContract';
import { urgencyEventSchema, urgencyEventsChannel } from '../patients/urgencyEvents';
import { consultationEventSchema, consultationEventsChannel } from './consultationEvents';

/** What a stream sends, one JSON object per SSE `data:` line. */
export type LiveEvent =
  | {
      readonly type: 'analysis';
      readonly studyInstanceUid: string;
      readonly status: string;
      readonly priority: string;
      readonly at: string;
    }
  | {
      readonly type: 'consultation';
      readonly studyInstanceUid: string;
      readonly consultationId: string;
      readonly change: 'asked' | 'answered';
      /** The stream's user asked (true) or was asked (false). */
      readonly mine: boolean;
      readonly at: string;
    }
  | {
      /** The study's patient was flagged urgent, or the flag was cleared. */
      readonly type: 'urgency';
      readonly studyInstanceUid: string;
      readonly urgent: boolean;
      readonly at: string;
    };

/** One open stream: whose it is, and how to reach it. */
export interface LiveClient {
  readonly userId: string;
  readonly scope: PatientScope;
  send(event: LiveEvent): void;
  /** The bridge stops: the stream ends. */
  close(): void;
}

export interface EventHubOptions {
  readonly pool: Queryable;
  /** A connection to duplicate for the subscriber (subscriber mode takes a connection for itself). */
  readonly redis: Redis;
  readonly eventsChannel: string;
  readonly logger: Logger;
}

const anyEvent = z.union([analysisEventSchema, consultationEventSchema, urgencyEventSchema]);

export class EventHub {
  private readonly clients = new Set<LiveClient>();
  private subscriber: Redis | undefined;
  private subscribing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: EventHubOptions) {}

  /** Adds a stream; the subscriber starts with the first one. */
  async add(client: LiveClient): Promise<void> {
    if (this.closed) throw new Error('the bridge is stopping');
    this.clients.add(client);
    try {
      await this.subscribe();
    } catch (error) {
      this.clients.delete(client);
      throw error;
    }
  }

  remove(client: LiveClient): void {
    this.clients.delete(client);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream and the subscriber (the bridge stops). */
  async close(): Promise<void> {
    this.closed = true;
    for (const client of this.clients) client.close();
    this.clients.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  private subscribe(): Promise<void> {
    this.subscribing ??= (async () => {
      const { redis, eventsChannel, logger } = this.options;
      const subscriber = redis.duplicate({ connectionName: 'sentinelle-bridge-events' });
      subscriber.on('error', (error: Error) => logger.debug({ err: error }, 'redis events connection error'));
      subscriber.on('message', (_channel: string, message: string) => {
        this.dispatch(message).catch((error: unknown) =>
          logger.warn({ err: error }, 'could not hand a live event to the streams'),
        );
      });
      this.subscriber = subscriber;
      // The bridge's connections queue nothing while offline: wait until this one is up.
      if (subscriber.status !== 'ready')
        await once(subscriber, 'ready', { signal: AbortSignal.timeout(5_000) });
      await subscriber.subscribe(
        eventsChannel,
        consultationEventsChannel(eventsChannel),
        urgencyEventsChannel(eventsChannel),
      );
    })().catch((error: unknown) => {
      this.subscribing = undefined;
      const subscriber = this.subscriber;
      this.subscriber = undefined;
      subscriber?.disconnect();
      throw error;
    });
    return this.subscribing;
  }

  /** Hands one published event to the streams whose user may see it. */
  async dispatch(message: string): Promise<void> {
    if (this.clients.size === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return void this.options.logger.warn('a live event is not JSON: dropped');
    }
    const result = anyEvent.safeParse(parsed);
    if (!result.success) return void this.options.logger.warn('a live event has an unknown shape: dropped');
    const event = result.data;
    const uid = event.studyInstanceUid;
    let readers: { requester_id: string; colleague_id: string } | undefined;
    if (event.type === 'consultation') {
      const { rows } = await this.options.pool.query<{ requester_id: string; colleague_id: string }>(
        'SELECT requester_id::text, colleague_id::text FROM consultation WHERE id = $1 AND study_instance_uid = $2',
        [event.consultationId, uid],
      );
      readers = rows[0];
      // Another replica's database (a test's), or a consultation gone: nobody here is concerned.
      if (!readers) return;
    }
    const recipients = [...this.clients].filter(
      (c) => !readers || c.userId === readers.requester_id || c.userId === readers.colleague_id,
    );
    // One scope check per user, whatever the number of their open tabs.
    const byUser = new Map<string, LiveClient[]>();
    for (const client of recipients)
      byUser.set(client.userId, [...(byUser.get(client.userId) ?? []), client]);
    await Promise.all(
      [...byUser.values()].map(async (clients) => {
        const visible = await visibleStudies(this.options.pool, clients[0]!.scope, [uid]);
        if (!visible.has(uid)) return;
        for (const client of clients) {
          if (!this.clients.has(client)) continue;
          client.send(liveEvent(event, client.userId === readers?.requester_id));
        }
      }),
    );
  }
}

/** What a stream is sent of a published event: the study and what changed, nothing more. */
function liveEvent(event: z.infer<typeof anyEvent>, mine: boolean): LiveEvent {
  const { studyInstanceUid, at } = event;
  switch (event.type) {
    case 'analysis':
      return { type: 'analysis', studyInstanceUid, status: event.status, priority: event.priority, at };
    case 'consultation':
      return {
        type: 'consultation',
        studyInstanceUid,
        consultationId: event.consultationId,
        change: event.change,
        mine,
        at,
      };
    case 'urgency':
      return { type: 'urgency', studyInstanceUid, urgent: event.urgent, at };
  }
}
