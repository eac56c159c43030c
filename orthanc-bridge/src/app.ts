import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OrthancConnection } from '@sentinelle/config';
import { isViewerPrepared, type ViewerFiles } from '@sentinelle/ohif-extensions';
import { DEFAULT_REGISTRY_PATH, resolveModel } from '@sentinelle/models';
import express, { Router } from 'express';
import helmet from 'helmet';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { analysesRoutes } from './api/analyses/routes';
import { consultationsRoutes } from './api/consultations/routes';
import { errorHandler, notFound } from './api/errors';
import { healthRoutes } from './api/health/routes';
import { patientsRoutes } from './api/patients/routes';
import { queueRoutes } from './api/queue/routes';
import { readersRoutes } from './api/readers/routes';
import { readingRoutes } from './api/reading/routes';
import { revisionsRoutes } from './api/revisions/routes';
import { studiesRoutes } from './api/studies/routes';
import { worklistRoutes } from './api/worklist/routes';
import { ChangeFollower, type FollowerOptions } from './changes/follower';
import type { BridgeContext, ModelRef, TriageSettings } from './context';
import { migrate } from './db/migrate';
import { createPool } from './db/pool';
import { ensureReader, type NewReader } from './db/readers';
import { dicomWebProxy } from './dicomweb/proxy';
import { OrthancClient } from './orthanc/client';
import { createAnalysisQueue } from './queue/analysisQueue';
import { ANALYSIS_EVENTS_CHANNEL, ANALYSIS_QUEUE_NAME } from './queue/contract';
import { ageWaitingJobs, PeriodicTask, sweepAnalyses } from './queue/maintenance';
import { viewerRoutes } from './viewer/routes';

/** Everything the bridge needs, with every URL resolved (see bridgeConfigFrom for the usual source). */
export interface BridgeConfig {
  readonly orthanc: { readonly url: string; readonly username: string; readonly password: string };
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Where the API listens; port 0 picks a free one. */
  readonly http: { readonly host: string; readonly port: number };
  readonly triage: TriageSettings;
  /**
   * The model analyses are queued for: `id` from the registry (its default when undefined), or a
   * fixed `version` (tests) which skips reading the registry at start.
   */
  readonly model?: {
    readonly id?: string | undefined;
    readonly version?: string;
    readonly registryPath?: string;
  };
  readonly queueName?: string;
  readonly eventsChannel?: string;
  readonly follower?: FollowerOptions & { readonly enabled?: boolean };
  /** How often queued analyses are checked against the queue (default 60 s). */
  readonly sweepIntervalMs?: number;
  /** How often waiting jobs are aged (default a quarter of the aging delay, 5 s to 60 s). */
  readonly agingIntervalMs?: number;
  /** The OHIF viewer to serve at the bridge's origin; none: the API and DICOMweb only. */
  readonly viewer?: ViewerFiles;
  /** Readers to create (or update) at start: the demo's (DEMO_READERS) when npm start loads the demo. */
  readonly demoReaders?: readonly NewReader[];
  readonly logger?: Logger;
  readonly logLevel?: string;
}

export interface AppServices {
  readonly ctx: BridgeContext;
  readonly follower: ChangeFollower;
  readonly server: Server;
  /** Base URL of the API, e.g. http://127.0.0.1:3000 */
  readonly url: string;
}

/** What the bridge serves besides its API. */
export interface WebOptions {
  /** Orthanc, for the DICOMweb relay at /dicom-web. */
  readonly orthanc: OrthancConnection;
  readonly viewer?: ViewerFiles | undefined;
}

/**
 * The express application: helmet, JSON bodies, the /api routers, the DICOMweb relay, the viewer,
 * and the error handler last.
 */
export function createApp(ctx: BridgeContext, web: WebOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  // A reader's revision carries outlines (zod bounds them: 200 findings, 2000 points each).
  app.use(express.json({ limit: '1mb' }));

  const api = Router();
  api.use(healthRoutes(ctx));
  api.use(queueRoutes(ctx));
  api.use(analysesRoutes(ctx));
  api.use(studiesRoutes(ctx));
  api.use(patientsRoutes(ctx));
  api.use(readersRoutes(ctx));
  api.use(worklistRoutes(ctx));
  api.use(readingRoutes(ctx));
  api.use(revisionsRoutes(ctx));
  api.use(consultationsRoutes(ctx));
  api.use((req) => {
    throw notFound(`no route ${req.method} /api${req.path}`);
  });
  app.use('/api', api);
  app.use('/dicom-web', dicomWebProxy(web.orthanc, ctx.logger));
  if (web.viewer) app.use(viewerRoutes(web.viewer));

  app.use(errorHandler(ctx.logger));
  return app;
}

let current: (AppServices & { readonly stop: () => Promise<void> }) | undefined;

async function waitReady(redis: Redis, url: string, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    await once(redis, 'ready', { signal: timeout });
  } catch {
    throw new Error(`Redis at ${url.replace(/:[^:@/]*@/, ':***@')} did not answer within ${timeoutMs} ms`);
  }
}

async function resolveModelRef(config: BridgeConfig): Promise<ModelRef> {
  const m = config.model ?? {};
  if (m.id && m.version) return { id: m.id, version: m.version };
  try {
    const { entry } = await resolveModel({ id: m.id, registryPath: m.registryPath });
    return { id: entry.id, version: entry.version };
  } catch (error) {
    const registry = m.registryPath ?? DEFAULT_REGISTRY_PATH;
    const missing =
      (error as NodeJS.ErrnoException).code === 'ENOENT' &&
      (error as NodeJS.ErrnoException).path === registry;
    const reason = missing
      ? `the model registry ${registry} does not exist yet; train and register a model first (npm run train)`
      : (error as Error).message;
    throw new Error(`the bridge names each analysis after the model version, and found no model: ${reason}`, {
      cause: error,
    });
  }
}

/**
 * Starts the bridge: migrations, connections, the HTTP API, the change-feed follower and the
 * periodic sweep (queued analyses without a job) and aging tasks. Mirrored by shutdownApp.
 */
export async function initAppServices(config: BridgeConfig): Promise<AppServices> {
  if (current) throw new Error('the bridge is already started in this process; call shutdownApp first');
  const logger = config.logger ?? pino({ name: 'orthanc-bridge', level: config.logLevel ?? 'info' });
  const undo: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of undo.reverse())
      await step().catch((error: unknown) => logger.warn({ err: error }, 'stop step failed'));
  };

  try {
    const pool = createPool(config.databaseUrl);
    undo.push(() => pool.end());
    const migrations = await migrate(pool);
    if (migrations.applied.length) logger.info({ applied: migrations.applied }, 'database migrated');
    for (const reader of config.demoReaders ?? []) await ensureReader(pool, reader);

    const redisOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false };
    const redis = new Redis(config.redisUrl, { ...redisOptions, connectionName: 'sentinelle-bridge' });
    const queueConnection = new Redis(config.redisUrl, {
      ...redisOptions,
      connectionName: 'sentinelle-bridge-queue',
    });
    for (const client of [redis, queueConnection]) {
      client.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
      undo.push(() => client.quit().catch(() => client.disconnect()));
    }
    await Promise.all([
      waitReady(redis, config.redisUrl, 10_000),
      waitReady(queueConnection, config.redisUrl, 10_000),
    ]);
    const queue = createAnalysisQueue(config.queueName ?? ANALYSIS_QUEUE_NAME, queueConnection);
    queue.on('error', (error) => logger.warn({ err: error }, 'analysis queue error'));
    undo.push(() => queue.close());

    const model = await resolveModelRef(config);
    const ctx: BridgeContext = {
      pool,
      orthanc: new OrthancClient(config.orthanc),
      queue,
      redis,
      eventsChannel: config.eventsChannel ?? ANALYSIS_EVENTS_CHANNEL,
      model,
      registryPath: config.model?.registryPath,
      triage: config.triage,
      logger,
    };

    const viewer = config.viewer && isViewerPrepared(config.viewer) ? config.viewer : undefined;
    if (config.viewer && !viewer)
      logger.warn(
        { viewer: config.viewer },
        'viewer files missing (npm run viewer:prepare): serving the API only',
      );
    const server = createApp(ctx, { orthanc: config.orthanc, viewer }).listen(
      config.http.port,
      config.http.host,
    );
    await once(server, 'listening');
    undo.push(async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(force);
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;

    const sweep = new PeriodicTask('sweep', config.sweepIntervalMs ?? 60_000, () => sweepAnalyses(ctx), ctx);
    const agingInterval =
      config.agingIntervalMs ?? Math.min(60_000, Math.max(5_000, Math.floor(config.triage.agingMs / 4)));
    const aging = new PeriodicTask('aging', agingInterval, () => ageWaitingJobs(ctx), ctx);
    const follower = new ChangeFollower(ctx, config.follower);
    sweep.start();
    undo.push(() => sweep.stop());
    aging.start();
    undo.push(() => aging.stop());
    if (config.follower?.enabled !== false) {
      follower.start();
      undo.push(() => follower.stop());
    }

    logger.info({ url, model, queue: queue.name, orthanc: config.orthanc.url }, 'bridge started');
    current = { ctx, follower, server, url, stop };
    return current;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Stops what initAppServices started, in reverse order; waits for work in progress. Idempotent. */
export async function shutdownApp(): Promise<void> {
  const app = current;
  current = undefined;
  if (!app) return;
  await app.stop();
  app.ctx.logger.info('bridge stopped');
}
