/**
 * The stack a browser test of the radiologist's workspace reads against: Orthanc, PostgreSQL,
 * Redis, the bridge serving the pinned OHIF build, the inference worker with the shipped model,
 * one 4-view FFDM exam (and the same woman's prior a year earlier) analysed, and Chromium signed
 * out. Each browser test file starts its own and leaves its screenshots in `.test-output/<name>`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrthancHandle } from '@sentinelle/config';
import type { WorkerServices } from '@sentinelle/inference-worker';
import {
  loadTestModel,
  startTestWorker,
  storescu,
  wrapFfdmStudy,
} from '@sentinelle/inference-worker/testing';
import { DEFAULT_REGISTRY_PATH } from '@sentinelle/models';
import { initAppServices, shutdownApp, type AppServices } from '@sentinelle/orthanc-bridge';
import {
  ensureTestPki,
  freshDatabase,
  startSharedServices,
  startTestOrthanc,
  sessionHeaders,
  sessionOf,
  TEST_PASSWORD,
  testConfig,
  uniqueName,
  waitUntil,
} from '@sentinelle/orthanc-bridge/testing';
import type { Page } from 'playwright-core';
import { prepareViewer, viewerFiles } from '../../src/index';
import { launchChromium, screenshotDir } from '../../src/testing/browser';

export interface Workspace {
  readonly orthanc: OrthancHandle;
  readonly app: AppServices;
  readonly worker: WorkerServices;
  readonly page: Page;
  /** A temporary folder of the test's own, removed at stop. */
  readonly work: string;
  readonly shots: string;
  /** The analysed 4-view exam, and its prior (no analysis awaited). */
  readonly studyUid: string;
  readonly priorUid: string;
  /** The AI results SR of the exam. */
  readonly aiSrUid: string;
  shot(name: string): Promise<void>;
  openStudy(): Promise<unknown>;
  /** Signs in through the sign-in page, which then goes on to `next`. */
  signInAs(login: string, next?: string): Promise<void>;
  /** GET /api`path` as `reader`, expecting 200. */
  readerApi(path: string, reader?: string): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The report panel's draft saved itself: the panel says so and nothing waits to be saved. */
  draftSaved(): Promise<void>;
  /** In the open sign dialog: the password again, confirmed, until version `version` shows signed. */
  confirmSignature(version: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkspace(name: string): Promise<Workspace> {
  const [shared, orthanc, model, work, shots] = await Promise.all([
    startSharedServices(),
    startTestOrthanc(),
    loadTestModel(),
    mkdtemp(join(tmpdir(), 'sentinelle-viewer-')),
    screenshotDir(name),
    prepareViewer(),
    ensureTestPki(),
  ]);
  console.log(`[${name}] screenshots in ${shots}`);
  // What is started is stopped in reverse order, also when a later step fails.
  const undo: (() => Promise<unknown>)[] = [
    () => shared.stop(),
    () => orthanc.stop(),
    () => model.release(),
    () => rm(work, { recursive: true, force: true }),
  ];
  const stop = async () => {
    for (const step of undo.reverse()) await step().catch((error: unknown) => console.warn(error));
  };
  try {
    const db = await freshDatabase(shared.postgres);
    undo.push(() => db.drop());
    const queueName = uniqueName('analysis');
    const config = testConfig({
      orthanc,
      database: db,
      redisUrl: shared.redis.url,
      queueName,
      registryPath: DEFAULT_REGISTRY_PATH,
    });
    const app = await initAppServices({
      ...config,
      model: { registryPath: DEFAULT_REGISTRY_PATH },
      viewer: viewerFiles(),
    });
    undo.push(
      () => shutdownApp(),
      () => app.ctx.queue.obliterate({ force: true }),
    );
    const worker = await startTestWorker(model, {
      orthanc,
      databaseUrl: db.url,
      redisUrl: shared.redis.url,
      queueName,
      eventsChannel: app.ctx.eventsChannel,
    });
    undo.push(() => worker.stop());

    const study = await wrapFfdmStudy(work, { description: 'Dépistage 4 incidences' });
    // The same woman's screening a year earlier, for the comparison layout.
    const prior = await wrapFfdmStudy(work, { patientId: study.patientId, studyDate: '20240312' });
    await storescu(orthanc, [...study.files, ...prior.files]);
    const readerApi = async (path: string, reader = 'dr.martin') => {
      const response = await fetch(`${app.url}/api${path}`, {
        headers: sessionHeaders(await sessionOf(app.url, reader)),
      });
      if (response.status !== 200)
        throw new Error(`GET /api${path} as ${reader} answered ${response.status}: ${await response.text()}`);
      return response.json();
    };
    const findings = await waitUntil(
      'the AI findings of the FFDM study',
      async () =>
        (await readerApi(`/studies/${study.studyInstanceUid}/findings`).catch(() => undefined)) as
          | { aiSr: { sopInstanceUid: string } }
          | undefined,
      180_000,
      250,
    );

    const browser = await launchChromium();
    undo.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (error) => console.warn(`[${name}] page error:`, error.message));

    return {
      orthanc,
      app,
      worker,
      page,
      work,
      shots,
      studyUid: study.studyInstanceUid,
      priorUid: prior.studyInstanceUid,
      aiSrUid: findings.aiSr.sopInstanceUid,
      shot: async (shotName) => {
        await page.screenshot({ path: join(shots, `${shotName}.png`) });
      },
      openStudy: () => page.goto(`${app.url}/mammo?StudyInstanceUIDs=${study.studyInstanceUid}`),
      signInAs: async (login, next = '/') => {
        await page.goto(`${app.url}/login?next=${encodeURIComponent(next)}`);
        await page.getByTestId('password-step').locator('input[name=login]').fill(login);
        await page.getByTestId('password-step').locator('input[name=password]').fill(TEST_PASSWORD);
        await page.getByTestId('password-step').locator('button[type=submit]').click();
        await page.waitForURL((url) => url.pathname !== '/login', { timeout: 30_000 });
      },
      readerApi,
      draftSaved: async () => {
        await page
          .locator('[data-testid="report-save-state"][data-state="saved"]')
          .waitFor({ timeout: 30_000 });
      },
      confirmSignature: async (version) => {
        await page.getByTestId('sign-password').fill(TEST_PASSWORD);
        await page.getByTestId('confirm-sign').click();
        await page
          .locator(`[data-testid="signed-version"][data-version="${version}"]`)
          .waitFor({ timeout: 60_000 });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
