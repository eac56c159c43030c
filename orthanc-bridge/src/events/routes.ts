import { z } from 'zod';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { asyncWrap } from '../http/asyncWrap';
import { serviceUnavailable } from '../http/errors';
import { validator } from '../http/validate';
import { EventHub, type LiveClient } from './eventHub';

/** A comment line every so often keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 25_000;
/**
 * A stream ends after this long and the browser's EventSource opens a new one, signed in again:
 * a session ended meanwhile (sign-out, expiry, revoked role) stops its events within this delay.
 */
const STREAM_MAX_MS = 120_000;

const eventsSchemas = { query: z.strictObject({}) };

/** GET /api/events and the hub behind it (stopped with the bridge). */
export function eventsRoutes(ctx: BridgeContext, routes: GuardedRouter): EventHub {
  const hub = new EventHub({
    pool: ctx.pool,
    redis: ctx.redis,
    eventsChannel: ctx.eventsChannel,
    logger: ctx.logger,
  });

  /**
   * Server-Sent Events for the signed-in user's open viewer: `data: {"type":"analysis",…}` when an
   * analysis of a study in the user's patient scope changes (queued, done, failed; its priority),
   * `data: {"type":"consultation",…}` when a colleague answers the user (or asks them). Study UIDs
   * and what changed only: the viewer then reads the worklist again, through its audited route.
   * The opening of a stream is audited as a search over the user's studies.
   */
  routes.get(
    '/events',
    {
      access: 'study:read',
      audit: () => ({ resourceType: 'study', action: 'search', detail: { stream: 'events' } }),
    },
    validator(eventsSchemas),
    asyncWrap(async (req, res) => {
      const user = currentUser(res);
      const timers: { heartbeat?: NodeJS.Timeout; maxAge?: NodeJS.Timeout } = {};
      const end = () => {
        clearInterval(timers.heartbeat);
        clearTimeout(timers.maxAge);
        hub.remove(client);
        if (!res.writableEnded) res.end();
      };
      const client: LiveClient = {
        userId: user.account.id,
        scope: user.scope,
        send: (event) => void res.write(`data: ${JSON.stringify(event)}\n\n`),
        close: end,
      };
      try {
        await hub.add(client);
      } catch (error) {
        ctx.logger.warn({ err: error }, 'live events unavailable');
        throw serviceUnavailable('live events are unavailable just now; the list still works');
      }
      res.status(200);
      res.setHeader('content-type', 'text/event-stream; charset=utf-8');
      res.setHeader('x-accel-buffering', 'no');
      res.write(`retry: 5000\n: connected\n\n`);
      timers.heartbeat = setInterval(() => void res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      timers.maxAge = setTimeout(end, STREAM_MAX_MS);
      req.on('close', end);
    }),
  );
  return hub;
}
