/**
 * The bridge as its integration tests use it: shared PostgreSQL and Redis per test file, and per
 * test a fresh Orthanc, database and queue, the bridge started with the test accounts.
 * Call useReadingApp() at the top of a test file: it registers the jest hooks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrthancHandle } from '@sentinelle/config';
import type { ExamFindings } from '@sentinelle/reporting';
import { Queue } from 'bullmq';
import { initAppServices, shutdownApp, type AppServices, type BridgeConfig } from '../app';
import type { Analysis } from '../studies/analysisStore';
import { getCursor } from '../intake/cursorStore';
import type { OrthancClient } from '../orthanc/client';
import type { AnalysisJobData } from '../intake/queueContract';
import {
  ensureTestPki,
  freshDatabase,
  orthancClient,
  startSharedServices,
  startTestOrthanc,
  testConfig,
  uniqueName,
  waitUntil,
  writeTestRegistry,
  type SharedServices,
  type TestDatabase,
} from './harness';
import {
  finishAnalysis,
  findingsImageOf,
  storeMammographyStudy,
  testExamFindings,
  type StoredMammographyStudy,
} from './mammography';
import { sessionHeaders, sessionOf } from './testUsers';

export interface ApiRequest {
  readonly method?: string;
  readonly body?: unknown;
  /** A raw body (sent as application/json). */
  readonly raw?: string;
  /** Who asks: the login of a test account (signed in on first use), null for nobody; default dr.martin. */
  readonly as?: string | null;
}

export interface ApiAnswer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export interface AnalysedStudy {
  readonly study: StoredMammographyStudy;
  readonly uid: string;
  readonly findings: ExamFindings;
  readonly analysis: Analysis;
}

/** What a test may change in the test configuration when it starts the bridge itself. */
export type BridgeTuning = Pick<Parameters<typeof testConfig>[0], 'agingMs' | 'agingIntervalMs'>;

export interface ReadingApp {
  readonly app: AppServices;
  readonly orthanc: OrthancHandle;
  readonly client: OrthancClient;
  readonly database: TestDatabase;
  readonly redisUrl: string;
  readonly queue: Queue<AnalysisJobData>;
  api(path: string, init?: ApiRequest): Promise<ApiAnswer>;
  /** The study's analysis (GET /api/studies/:uid/analysis) once it is in `status` (and at `revision`, when given). */
  analysisOf(studyUid: string, status: string, revision?: number): Promise<ApiAnswer['body']>;
  /** A mammography study (LCC and LMLO by default) whose analysis is done: testExamFindings recorded, the AI SR stored. */
  analysedStudy(spec?: Parameters<typeof storeMammographyStudy>[1]): Promise<AnalysedStudy>;
  /** Waits until Orthanc reported the study stable after change `afterSeq` and the follower went past it. */
  followerPassedStableStudy(studyUid: string, afterSeq: number): Promise<number>;
  /** A stored instance's Part 10 file, as Orthanc holds it. */
  instanceFile(orthancId: string): Promise<Uint8Array>;
  /** Stops the bridge; its services stay, and afterEach or start() takes it from there. */
  stop(): Promise<void>;
  /** Starts the bridge again on the same services, after stop(). */
  start(tuning?: BridgeTuning): Promise<void>;
  /** Stops the bridge and starts it again on the same services (a reopened study is read from the database). */
  restart(tuning?: BridgeTuning): Promise<void>;
  /** Stops Orthanc, runs `whileDown`, then starts it again on its port and data (needs `restartableOrthanc`). */
  restartOrthanc(whileDown: () => Promise<void>): Promise<void>;
}

export interface ReadingAppOptions {
  /** Changes the test configuration before each start (single sign-on settings, say). */
  readonly configure?: (config: BridgeConfig) => BridgeConfig;
  /** Keeps Orthanc's data in a folder of the test's own rather than an ephemeral one, for restartOrthanc(). */
  readonly restartableOrthanc?: boolean;
}

export function useReadingApp(options: ReadingAppOptions = {}): ReadingApp {
  let shared: SharedServices;
  let registry: Awaited<ReturnType<typeof writeTestRegistry>>;
  const stopping: Promise<void>[] = [];
  let orthancDir: string | undefined;
  let orthanc: OrthancHandle;
  let client: OrthancClient;
  let db: TestDatabase;
  let queue: Queue<AnalysisJobData>;
  let app: AppServices;

  const start = async (tuning: BridgeTuning = {}) => {
    const config = testConfig({
      orthanc,
      database: db,
      redisUrl: shared.redis.url,
      queueName: queue.name,
      registryPath: registry.registryPath,
      ...tuning,
    });
    app = await initAppServices(options.configure ? options.configure(config) : config);
  };
  const startOrthanc = async (httpPort?: number) => {
    orthanc = await startTestOrthanc(orthancDir === undefined ? undefined : { dir: orthancDir, httpPort });
    client = orthancClient(orthanc);
  };

  beforeAll(async () => {
    [shared, registry] = await Promise.all([startSharedServices(), writeTestRegistry(), ensureTestPki()]);
  });
  afterAll(async () => {
    await Promise.all([...stopping, shared?.stop(), registry?.remove()]);
  });
  beforeEach(async () => {
    if (options.restartableOrthanc) orthancDir = await mkdtemp(join(tmpdir(), 'sentinelle-bridge-orthanc-'));
    [, db] = await Promise.all([startOrthanc(), freshDatabase(shared.postgres)]);
    queue = new Queue<AnalysisJobData>(uniqueName('analysis'), { connection: { url: shared.redis.url } });
    await start();
  });
  afterEach(async () => {
    await shutdownApp();
    await queue.obliterate({ force: true });
    await queue.close();
    // Orthanc takes ~3 s to stop: each test's instance stops in the background while the next one runs.
    const dir = orthancDir;
    stopping.push(
      orthanc.stop().then(async () => {
        if (dir !== undefined) await rm(dir, { recursive: true, force: true });
      }),
    );
    await db.drop();
  });

  const api = async (path: string, init: ApiRequest = {}): Promise<ApiAnswer> => {
    const hasBody = init.body !== undefined || init.raw !== undefined;
    const who = init.as === undefined ? 'dr.martin' : init.as;
    const response = await fetch(`${app.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...(who === null ? {} : sessionHeaders(await sessionOf(app.url, who))),
      },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

  const analysisOf = (studyUid: string, status: string, revision?: number) =>
    waitUntil(`analysis of ${studyUid} ${status}${revision ? ` (revision ${revision})` : ''}`, async () => {
      const { status: code, body } = await api(`/api/studies/${studyUid}/analysis`);
      return code === 200 &&
        body.analysis.status === status &&
        (revision === undefined || body.analysis.revision === revision)
        ? body
        : undefined;
    });

  return {
    get app() {
      return app;
    },
    get orthanc() {
      return orthanc;
    },
    get client() {
      return client;
    },
    get database() {
      return db;
    },
    get redisUrl() {
      return shared.redis.url;
    },
    get queue() {
      return queue;
    },
    api,
    analysisOf,
    analysedStudy: async (spec) => {
      const study = await storeMammographyStudy(client, spec);
      const uid = study.studyInstanceUid;
      await analysisOf(uid, 'queued');
      const findings = testExamFindings(study.sources.map(findingsImageOf));
      const analysis = await finishAnalysis(app.ctx.pool, client, uid, findings, study);
      return { study, uid, findings, analysis };
    },
    followerPassedStableStudy: async (studyUid, afterSeq) => {
      const orthancId = await client.findStudy(studyUid);
      const seq = await waitUntil(`StableStudy of ${studyUid} after ${afterSeq}`, async () => {
        const page = await client.changes(afterSeq, 1000);
        return page.Changes.find((c) => c.ChangeType === 'StableStudy' && c.ID === orthancId)?.Seq;
      });
      await waitUntil(`cursor at ${seq}`, async () =>
        (await getCursor(app.ctx.pool)) >= seq ? true : undefined,
      );
      return seq;
    },
    instanceFile: async (orthancId) => {
      const authorization = `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString('base64')}`;
      const response = await fetch(`${orthanc.url}/instances/${orthancId}/file`, {
        headers: { authorization },
      });
      if (!response.ok)
        throw new Error(`Orthanc GET /instances/${orthancId}/file answered ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    stop: shutdownApp,
    start,
    restart: async (tuning) => {
      await shutdownApp();
      await start(tuning);
    },
    restartOrthanc: async (whileDown) => {
      if (orthancDir === undefined)
        throw new Error('restartOrthanc() needs useReadingApp({ restartableOrthanc: true })');
      const { httpPort } = orthanc;
      await orthanc.stop();
      await whileDown();
      await startOrthanc(httpPort);
    },
  };
}
