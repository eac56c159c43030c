import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { OrthancConnection } from '@sentinelle/config';
import { isViewerPrepared, type ViewerFiles } from '@sentinelle/ohif-extensions';
import { DEFAULT_REGISTRY_PATH, resolveModel } from '@sentinelle/models';
import express from 'express';
import helmet from 'helmet';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { pino, type Logger } from 'pino';
import { analysesRoutes } from './studies/analysesRoutes';
import { auditRoutes } from './audit/routes';
import { oidcSignInRoutes } from './auth/oidcSignInRoutes';
import { authRoutes } from './auth/routes';
import { usersRoutes } from './users/routes';
import { createAuditRecorder, type AuditRecorder } from './audit/auditMiddleware';
import { scheduledCheckpoint } from './audit/checkpointAuditChain';
import { refusedBeforeRouting } from './audit/refusedBeforeRouting';
import { authenticate } from './auth/authenticate';
import type { SiteSettings } from './auth/authServices';
import { GuardedRouter, type RouteEntry } from './auth/guardedRouter';
import { LoginThrottle, type ThrottleSettings } from './auth/loginThrottle';
import { OidcRelyingParty, type OidcSettings, type RelyingPartySource } from './auth/oidc';
import { hashPassword } from './auth/passwords';
import { DEFAULT_SECOND_FACTOR_POLICY, type SecondFactorPolicy } from './auth/secondFactorPolicy';
import { SessionStore, type SessionSettings } from './auth/sessions';
import { requireSignInForPages, signInPageRoutes } from './web/signInPage';
import { ensureKeyring, FieldCipher } from './crypto';
import { consultationsRoutes } from './consultations/routes';
import { noStore, ownCaching } from './http/cacheControl';
import { errorHandler, notFound } from './http/errors';
import { healthRoutes } from './health/routes';
import { jsonBodies } from './http/jsonBodies';
import { patientsRoutes } from './patients/routes';
import { queueRoutes } from './intake/queueRoutes';
import { readersRoutes } from './users/readersRoutes';
import { readingRoutes } from './reading/routes';
import { reportsRoutes } from './reports/routes';
import { revisionsRoutes } from './reading/revisionsRoutes';
import { sitesRoutes } from './users/sitesRoutes';
import { studiesRoutes } from './studies/routes';
import { worklistRoutes } from './studies/worklistRoutes';
import { eventsRoutes } from './events/routes';
import type { EventHub } from './events/eventHub';
import { ChangeFollower, type FollowerOptions } from './intake/follower';
import type { BridgeContext, ModelRef, ReportSigningSettings, TriageSettings } from './context';
import { migrate } from './db/migrate';
import { resealPatients } from './patients/patientStore';
import { createPool } from './db/pool';
import { ensureUser, type NewUser } from './users/userStore';
import { dicomWebRelay } from './dicomweb/router';
import { explorerPanelRoutes } from './explorer/explorerPanel';
import { orthancExplorerProxy } from './explorer/explorerProxy';
import { OrthancClient } from './orthanc/client';
import { createAnalysisQueue } from './intake/analysisQueue';
import { ANALYSIS_EVENTS_CHANNEL, ANALYSIS_QUEUE_NAME } from './intake/queueContract';
import { ageWaitingJobs, PeriodicTask, sweepAnalyses } from './intake/queueMaintenance';
import { viewerRoutes } from './viewer/routes';
import {
  createShadowQueue,
  DEFAULT_MINIMUM_CASES,
  modelGovernanceRoutes,
  sweepShadowAnalyses,
  type MinimumCases,
} from './modelGovernance';
import { trainingExportsRoutes } from './trainingExports/routes';

/** Everything the bridge needs, with every URL resolved (see bridgeConfigFrom for the usual source). */
export interface BridgeConfig {
  readonly orthanc: { readonly url: string; readonly username: string; readonly password: string };
  /** The role the bridge serves with: DML only on the private stack (it cannot alter tables or triggers). */
  readonly databaseUrl: string;
  /** The role that owns the schema and runs the migrations; default `databaseUrl` (one URL for both). */
  readonly migrationDatabaseUrl?: string | undefined;
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
  /** Shadow evaluation and promotion of a candidate model (defaults: DEFAULT_MINIMUM_CASES, 60 s). */
  readonly modelGovernance?: {
    readonly minimumCases?: MinimumCases;
    /** How often a candidate's shadow analyses are recorded for new studies and enqueued. */
    readonly shadowSweepIntervalMs?: number;
  };
  readonly follower?: FollowerOptions & { readonly enabled?: boolean };
  /** How often queued analyses are checked against the queue (default 60 s). */
  readonly sweepIntervalMs?: number;
  /** How often waiting jobs are aged (default a quarter of the aging delay, 5 s to 60 s). */
  readonly agingIntervalMs?: number;
  /** How often the audit chain is verified and its head signed, with `reports`' certificate (default 1 h). */
  readonly auditCheckpointIntervalMs?: number;
  /** The OHIF viewer to serve at the bridge's origin; none: the API and DICOMweb only. */
  readonly viewer?: ViewerFiles;
  /** Accounts to create (or update) at start with their password: the demo's when npm start loads the demo. */
  readonly demoUsers?: readonly (NewUser & { readonly password: string })[];
  /** Where the master keys of the field cipher are (created when missing). */
  readonly keyringPath: string;
  /** Sign-in settings; defaults: DEFAULT_SESSION_SETTINGS, DEFAULT_THROTTLE_SETTINGS, the default 2FA policy, one site "main". */
  readonly auth?: {
    readonly session?: SessionSettings;
    readonly throttle?: ThrottleSettings;
    readonly secondFactor?: SecondFactorPolicy;
    readonly sites?: SiteSettings;
    /** Single sign-on with the hospital's OpenID provider (see oidcSettingsFrom); none by default. */
    readonly oidc?: OidcSettings | undefined;
  };
  /** The institution's signing certificate for reports; none: reports cannot be signed. */
  readonly reports?: ReportSigningSettings;
  /** PEM certificate and key: the bridge serves HTTPS (else HTTP, for loopback development). */
  readonly tls?: { readonly certPath: string; readonly keyPath: string };
  readonly logger?: Logger;
  readonly logLevel?: string;
}

export interface AppServices {
  readonly ctx: BridgeContext;
  readonly follower: ChangeFollower;
  readonly server: Server;
  /** Base URL of the API, e.g. http://127.0.0.1:3000 */
  readonly url: string;
  /** Every declared API route and the access it needs. */
  readonly routes: readonly RouteEntry[];
}

/** What the bridge serves besides its API. */
export interface WebOptions {
  /** Orthanc, for the DICOMweb relay at /dicom-web and Orthanc Explorer at /orthanc. */
  readonly orthanc: OrthancConnection;
  readonly viewer?: ViewerFiles | undefined;
}

/** The express application, the routes it declares (for the authorisation matrix) and its audit recorder. */
export interface BridgeApp {
  readonly app: express.Express;
  readonly routes: readonly RouteEntry[];
  readonly audit: AuditRecorder;
  /** The live events' streams (GET /api/events): closed before the server, or it would wait on them. */
  readonly events: EventHub;
}

/**
 * The express application: helmet, JSON bodies, who is asking (session), the /api routes each
 * declared with the access they need, the DICOMweb relay and Orthanc Explorer behind sign-in, the
 * sign-in page, the viewer for signed-in users, and the error handler last.
 */
export function createApp(ctx: BridgeContext, web: WebOptions): BridgeApp {
  const app = express();
  app.disable('x-powered-by');
  // Behind no proxy: req.ip and req.secure are the socket's own.
  app.set('trust proxy', false);
  app.use(helmet());
  app.use(noStore());
  const audit = createAuditRecorder({
    store: ctx,
    logger: ctx.logger,
    actorOf: (res) => {
      const user = res.locals.user?.account;
      return user ? { login: user.login, role: user.role } : res.locals.auditActor;
    },
  });
  // Before the body parser and the CSRF check: what they refuse on a study or patient is recorded too.
  app.use(audit(refusedBeforeRouting(ctx.pool, ctx.cipher)));
  app.use(jsonBodies());
  app.use(authenticate(ctx));
  const routes: RouteEntry[] = [];
  const api = new GuardedRouter(ctx, audit, routes, '/api');
  authRoutes(ctx, api);
  oidcSignInRoutes(ctx, api);
  healthRoutes(ctx, api);
  queueRoutes(ctx, api);
  analysesRoutes(ctx, api);
  studiesRoutes(ctx, api);
  patientsRoutes(ctx, api);
  readersRoutes(ctx, api);
  worklistRoutes(ctx, api);
  const events = eventsRoutes(ctx, api);
  readingRoutes(ctx, api);
  revisionsRoutes(ctx, api);
  consultationsRoutes(ctx, api);
  reportsRoutes(ctx, api);
  usersRoutes(ctx, api);
  sitesRoutes(ctx, api);
  auditRoutes(ctx, api);
  modelGovernanceRoutes(ctx, api);
  trainingExportsRoutes(ctx, api);
  api.router.use((req) => {
    throw notFound(`no route ${req.method} /api${req.path}`);
  });
  app.use('/api', api.router);
  app.use('/dicom-web', dicomWebRelay(ctx, web.orthanc, audit));
  // Orthanc Explorer's AI panel (sentinelle_explorer.py's script) calls ../sentinelle/studies/…:
  // through the bridge, the API answers its own few routes on the user's session and permissions.
  app.use('/orthanc/sentinelle', explorerPanelRoutes(), api.router);
  app.use('/orthanc', orthancExplorerProxy(ctx, web.orthanc, audit));
  app.use(signInPageRoutes());
  if (web.viewer) app.use(requireSignInForPages(), ownCaching(), viewerRoutes(web.viewer));

  app.use(errorHandler(ctx.logger));
  return { app, routes, audit, events };
}

/**
 * The provider's discovery document is read on the first sign-in, and again after a failure, so
 * that a provider down at start neither stops the bridge nor stays down for it.
 */
function lazyRelyingParty(settings: OidcSettings): RelyingPartySource {
  let discovered: Promise<OidcRelyingParty> | undefined;
  return () => {
    // The settings allow http only on a loopback address (development and tests).
    discovered ??= OidcRelyingParty.discover(settings, { allowHttpLoopback: true }).catch(
      (error: unknown) => {
        discovered = undefined;
        throw error;
      },
    );
    return discovered;
  };
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

/** Runs the migrations with the owner's URL when it differs from the serving one (its own short pool). */
async function migrateAs(url: string | undefined, servingPool: Pool) {
  if (url === undefined) return migrate(servingPool);
  // The owner's pool lives only as long as the migrations: the bridge never serves with it.
  const owner = createPool(url, { max: 1 });
  try {
    return await migrate(owner);
  } finally {
    await owner.end();
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
    const migrations = await migrateAs(config.migrationDatabaseUrl, pool);
    if (migrations.applied.length) logger.info({ applied: migrations.applied }, 'database migrated');
    const { keyring, created } = await ensureKeyring(config.keyringPath);
    if (created)
      logger.warn(
        { keyringPath: config.keyringPath },
        'created a new keyring: back it up apart from the database',
      );
    const cipher = new FieldCipher(keyring);
    // Patients stored before migration 012 have their PatientID in clear and no hash to be found by:
    // sealed and hashed now, before intake could create a duplicate of one.
    const hashed = await resealPatients(pool, cipher, { unhashedOnly: true });
    if (hashed.rehashed > 0)
      logger.info(
        { patients: hashed.rehashed },
        'sealed and hashed the PatientIDs stored before migration 012',
      );
    for (const { password, ...user } of config.demoUsers ?? [])
      await ensureUser(pool, user, await hashPassword(password));

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
    const shadowQueue = createShadowQueue(queue.name, queueConnection);
    shadowQueue.on('error', (error) => logger.warn({ err: error }, 'shadow queue error'));
    undo.push(() => shadowQueue.close());

    const model = await resolveModelRef(config);
    const ctx: BridgeContext = {
      pool,
      orthanc: new OrthancClient(config.orthanc),
      queue,
      redis,
      eventsChannel: config.eventsChannel ?? ANALYSIS_EVENTS_CHANNEL,
      model,
      shadowQueue,
      governance: { minimumCases: config.modelGovernance?.minimumCases ?? DEFAULT_MINIMUM_CASES },
      registryPath: config.model?.registryPath,
      triage: config.triage,
      auth: {
        sessions: new SessionStore(redis, config.auth?.session),
        throttle: new LoginThrottle(redis, config.auth?.throttle),
        secondFactor: config.auth?.secondFactor ?? DEFAULT_SECOND_FACTOR_POLICY,
        sites: config.auth?.sites ?? { defaultSite: 'main', byInstitution: {} },
        ...(config.auth?.oidc && {
          oidc: { relyingParty: lazyRelyingParty(config.auth.oidc), mapping: config.auth.oidc.mapping },
        }),
      },
      cipher,
      reports: config.reports,
      logger,
    };

    const viewer = config.viewer && isViewerPrepared(config.viewer) ? config.viewer : undefined;
    if (config.viewer && !viewer)
      logger.warn(
        { viewer: config.viewer },
        'viewer files missing (npm run viewer:prepare): serving the API only',
      );
    const bridge = createApp(ctx, { orthanc: config.orthanc, viewer });
    // Entries are recorded after their response: wait for them before the pool closes.
    undo.push(() => bridge.audit.drain());
    const server = config.tls
      ? createHttpsServer(
          { cert: await readFile(config.tls.certPath), key: await readFile(config.tls.keyPath) },
          bridge.app,
        )
      : createHttpServer(bridge.app);
    server.listen(config.http.port, config.http.host);
    await once(server, 'listening');
    undo.push(async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(force);
    });
    // Runs before the server's close (the steps run in reverse): open streams would hold it.
    undo.push(() => bridge.events.close());
    const { port } = server.address() as AddressInfo;
    const url = `${config.tls ? 'https' : 'http'}://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;

    const sweep = new PeriodicTask('sweep', config.sweepIntervalMs ?? 60_000, () => sweepAnalyses(ctx), ctx);
    const agingInterval =
      config.agingIntervalMs ?? Math.min(60_000, Math.max(5_000, Math.floor(config.triage.agingMs / 4)));
    const aging = new PeriodicTask('aging', agingInterval, () => ageWaitingJobs(ctx), ctx);
    const follower = new ChangeFollower(ctx, config.follower);
    sweep.start();
    undo.push(() => sweep.stop());
    const shadowSweep = new PeriodicTask(
      'shadow-sweep',
      config.modelGovernance?.shadowSweepIntervalMs ?? 60_000,
      () => sweepShadowAnalyses(ctx),
      ctx,
    );
    shadowSweep.start();
    undo.push(() => shadowSweep.stop());
    aging.start();
    undo.push(() => aging.stop());
    // Signed checkpoints of the audit chain, with the institution's certificate when there is one.
    const reports = config.reports;
    if (reports) {
      const interval = config.auditCheckpointIntervalMs ?? 3_600_000;
      const checkpoints = new PeriodicTask(
        'audit-checkpoint',
        interval,
        () => scheduledCheckpoint(ctx, reports),
        ctx,
      );
      checkpoints.start();
      undo.push(() => checkpoints.stop());
    } else logger.warn('no signing certificate: the audit chain gets no signed checkpoints');
    if (config.follower?.enabled !== false) {
      follower.start();
      undo.push(() => follower.stop());
    }

    logger.info({ url, model, queue: queue.name, orthanc: config.orthanc.url }, 'bridge started');
    current = { ctx, follower, server, url, routes: bridge.routes, stop };
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
