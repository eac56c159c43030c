/**
 * The AI models page's comparison in Chromium, with real numbers: the real worker analyses six
 * exams with the registry's default model (the four mini-MIAS demo studies, two made from the real
 * FFDM exam), a radiologist gives each its final reading, and a physician-admin puts the
 * registry's other model in shadow from the page, compares, and reads the AUC with its interval and
 * DeLong's test, sensitivity and specificity with McNemar's, the share flagged, and each case where
 * the two models decide differently with its views loaded through the bridge's DICOMweb relay
 * (read in the audit trail); in French, then English.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { WorkerServices } from '@sentinelle/inference-worker';
import {
  loadTestModel,
  startTestWorker,
  storescu,
  wrapFfdmStudy,
} from '@sentinelle/inference-worker/testing';
import { DEMO_DIR, readDemoManifest } from '@sentinelle/config';
import { DEFAULT_REGISTRY_PATH } from '@sentinelle/models';
import { launchChromium, screenshotDir } from '@sentinelle/ohif-extensions/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { waitUntil } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';
import { signedInPage } from './testing/signedInPage';

// Twelve analyses by two real models (under a minute here), and the page, on a busy machine.
jest.setTimeout(300_000);

const CANDIDATE = 'mammo-ffdm-mil-cnn 2.0.0';
const CURRENT = 'mammo-mias-cnn 1.0.0';

/**
 * The final reading each demo study is given (mini-MIAS, MLO views of both breasts): the cancers
 * and the benign mass recalled, the normal exam not.
 */
const DEMO_READINGS: Readonly<Record<string, string>> = {
  malignant: '4C',
  benign: '0',
  urgent: '5',
  normal: '1',
};
/**
 * Two exams made from the real FFDM exam: all four views, recalled for the right breast's benign
 * lesion; the right breast's two views alone, not recalled.
 */
const FFDM_EXAMS = [
  { views: ['CC', 'MLO'], lateralities: ['R', 'L'], birads: '0' },
  { views: ['CC', 'MLO'], lateralities: ['R'], birads: '1' },
] as const;
const RECALL = new Set(['0', '3', '4A', '4B', '4C', '5', '6']);
const SCREENING_VIEWS = ['RCC', 'LCC', 'RMLO', 'LMLO'] as const;

const t = useReadingApp({
  configure: (config) => ({
    ...config,
    model: { registryPath: DEFAULT_REGISTRY_PATH },
    // Six cases here; a site needs the default (30 and 30).
    modelGovernance: { minimumCases: { positives: 2, negatives: 2 }, shadowSweepIntervalMs: 500 },
  }),
});
let browser: Browser;
let work: string;
let shots: string;
let worker: WorkerServices | undefined;

beforeAll(async () => {
  [browser, work, shots] = await Promise.all([
    launchChromium(),
    mkdtemp(join(tmpdir(), 'sentinelle-models-page-')),
    screenshotDir('models-page'),
  ]);
});
afterEach(async () => {
  await worker?.stop();
  await worker?.model.release();
  worker = undefined;
});
afterAll(async () => {
  await browser?.close();
  await rm(work, { recursive: true, force: true });
});

interface ReadCase {
  readonly uid: string;
  readonly views: readonly string[];
  readonly recall: boolean;
  readonly current: number;
}

/** One exam sent to Orthanc with storescu, analysed by the worker, then read by dr.martin. */
async function readCase(
  exam: { uid: string; files: readonly string[]; views: readonly string[]; lossless?: boolean },
  birads: string,
): Promise<ReadCase> {
  await storescu(t.orthanc, exam.files, { lossless: exam.lossless ?? false });
  const analysis = await waitUntil(
    `analysis of ${exam.uid} done`,
    async () => {
      const { status, body } = await t.api(`/api/studies/${exam.uid}/analysis`);
      if (status === 200 && body.analysis.status === 'failed') throw new Error(body.analysis.reason);
      return status === 200 && body.analysis.status === 'done' ? body.analysis : undefined;
    },
    240_000,
  );
  const validated = await t.api(`/api/studies/${exam.uid}/validation`, {
    method: 'POST',
    body: { overall: 'agree', birads, lesions: [] },
  });
  expect(validated.status).toBe(201);
  return { uid: exam.uid, views: exam.views, recall: RECALL.has(birads), current: analysis.malignancyScore };
}

/** The demo studies (JPEG Lossless) and the FFDM exams, each analysed and read. */
async function readCases(): Promise<ReadCase[]> {
  const manifest = await readDemoManifest();
  if (!manifest) throw new Error('the demo studies are not built (npm run demo:build)');
  const cases: ReadCase[] = [];
  for (const study of manifest.studies.filter((d) => d.key in DEMO_READINGS))
    cases.push(
      await readCase(
        {
          uid: study.studyInstanceUid,
          files: study.images.map((i) => join(DEMO_DIR, i.file)),
          views: study.images.map((i) => `${i.laterality}${i.view}`),
          lossless: true,
        },
        DEMO_READINGS[study.key]!,
      ),
    );
  for (const exam of FFDM_EXAMS) {
    const study = await wrapFfdmStudy(work, { views: exam.views, lateralities: exam.lateralities });
    cases.push(
      await readCase(
        {
          uid: study.studyInstanceUid,
          files: study.files,
          views: exam.lateralities.flatMap((l) => exam.views.map((v) => `${l}${v}`)),
        },
        exam.birads,
      ),
    );
  }
  return cases;
}

const decimal = (language: 'fr' | 'en', v: number, digits = 3) =>
  new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
const percent = (language: 'fr' | 'en', v: number) =>
  new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(v);

/** The cells of one statistics row: label, model in use, candidate, paired test. */
const cells = (page: Page, row: string) => page.getByTestId(`row-${row}`).locator('th, td').allTextContents();

/** Waits until every image of a case's views has loaded, then names the views shown and missing. */
async function caseViews(item: Locator): Promise<{ loaded: string[]; missing: string[]; srcs: string[] }> {
  await item.getByTestId('case-views').locator('figure span, figure img').first().waitFor();
  await item.page().waitForFunction(
    (images) =>
      images.every(
        (img) =>
          img.complete &&
          img.naturalWidth > 0 &&
          // Thumbnails, not the whole image: Orthanc honoured the viewport the relay passed on.
          img.naturalWidth <= 256 &&
          img.naturalHeight <= 320 &&
          img.src.startsWith('data:image/jpeg'),
      ),
    await item.locator('img').elementHandles(),
    { timeout: 60_000 },
  );
  const loaded: string[] = [];
  const missing: string[] = [];
  for (const view of SCREENING_VIEWS) {
    const figure = item.getByTestId(`view-${view}`);
    if ((await figure.locator('img').count()) > 0) loaded.push(view);
    if ((await figure.getAttribute('class')) === 'missing') missing.push(view);
  }
  return {
    loaded,
    missing,
    srcs: await item.locator('img').evaluateAll((n) => n.map((i) => i.getAttribute('data-src')!)),
  };
}

describe('AI models page comparison', () => {
  test('models page shows a physician-admin the comparison of the shadow candidate with the model in use on six read cases, the disagreeing exams with their views, in French and English', async () => {
    // The worker on the bridge's queue, serving the registry's default model (mammo-mias-cnn).
    worker = await startTestWorker(await loadTestModel(), {
      orthanc: t.orthanc,
      databaseUrl: t.database.url,
      redisUrl: t.redisUrl,
      queueName: t.app.ctx.queue.name,
      eventsChannel: t.app.ctx.eventsChannel,
    });
    const cases = await readCases();
    expect(cases).toHaveLength(6);

    // The candidate put in shadow from the page; the worker runs it on the six read exams.
    const page = await signedInPage(browser, t.app.url, 'dr.lefevre', '/models');
    await page.getByTestId('in-use').getByText(CURRENT).waitFor();
    await page.getByTestId('start-shadow').click();
    await page.getByTestId('saved').getByText(`${CANDIDATE} est en évaluation.`).waitFor();
    await waitUntil(
      'six shadow analyses done',
      async () => {
        const { body } = await t.api('/api/models', { as: 'dr.lefevre' });
        if (body.candidate?.progress.failed) throw new Error('a shadow analysis failed');
        return body.candidate?.progress.done === cases.length ? true : undefined;
      },
      300_000,
    );
    await page.reload();
    await page.getByTestId('candidate').getByText('examens analysés : 6, en attente : 0').waitFor();

    await page.getByTestId('compare').click();
    await page.getByTestId('row-auc').waitFor();
    const { rows } = await t.app.ctx.pool.query<{ id: string }>(
      'SELECT max(id)::text AS id FROM model_comparison',
    );
    const c = (await t.api(`/api/models/comparisons/${rows[0]!.id}`, { as: 'dr.lefevre' })).body.comparison;
    expect(c).toMatchObject({
      cases: 6,
      positives: 4,
      negatives: 2,
      enough: true,
      disagreementsElsewhere: 0,
    });
    const s = c.statistics;
    const op = s.atOperatingPoint;

    expect(await page.getByTestId('comparison-cases').textContent()).toBe(
      '6 examens comparés : 4 rappelés, 2 non rappelés (minimum pour promouvoir : 2 et 2).',
    );
    expect(await page.locator('#head-current').textContent()).toBe(CURRENT);
    expect(await page.locator('#head-candidate').textContent()).toBe(CANDIDATE);
    // AUC with its DeLong 95% interval, in French decimals, and DeLong's paired test.
    const auc = (e: { auc: number; ci95: [number, number] }) =>
      `${decimal('fr', e.auc)} (${decimal('fr', e.ci95[0])}–${decimal('fr', e.ci95[1])})`;
    const aucRow = await cells(page, 'auc');
    expect(aucRow.slice(0, 3)).toEqual([
      'Aire sous la courbe ROC (IC 95 %)',
      auc(s.auc.current),
      auc(s.auc.candidate),
    ]);
    expect(aucRow[1]).toMatch(/^[01],\d{3} \([01],\d{3}–[01],\d{3}\)$/);
    expect(aucRow[3]).toMatch(/^DeLong : p = (< 0,001|[01],\d{3})$/);
    // Sensitivity and specificity at each model's recall threshold: share, counts, Wilson interval;
    // McNemar's exact p with the discordant cases.
    type Share = { value: number; successes: number; total: number; ci95: [number, number] };
    const share = (p: Share) =>
      `${percent('fr', p.value)} (${p.successes}/${p.total} ; ${percent('fr', p.ci95[0])}–${percent('fr', p.ci95[1])})`;
    for (const [row, label, total] of [
      ['sensitivity', 'Sensibilité au seuil (IC 95 %)', 4],
      ['specificity', 'Spécificité au seuil (IC 95 %)', 2],
      ['flagged', 'Part des examens signalés (IC 95 %)', 6],
    ] as const) {
      const shown = await cells(page, row);
      expect(shown.slice(0, 3)).toEqual([label, share(op.current[row]), share(op.candidate[row])]);
      expect(shown[1]).toMatch(new RegExp(`^\\d{1,3},\\d[\u00a0\u202f]% \\(\\d/${total} ; `));
      if (row !== 'flagged') {
        const m = op[`${row}McNemar`];
        expect(shown[3]).toMatch(
          /^McNemar : p = [01],\d{3} ; candidat seul : \d, modèle en service seul : \d$/,
        );
        expect(shown[3]).toContain(`candidat seul : ${m.onlyA}, modèle en service seul : ${m.onlyB}`);
      }
    }
    // The share flagged is what each model's scores and threshold give.
    const candidateScores = new Map(
      (
        await t.app.ctx.pool.query<{ uid: string; score: number }>(
          'SELECT study_instance_uid AS uid, malignancy_score AS score FROM shadow_analysis',
        )
      ).rows.map((r) => [r.uid, r.score]),
    );
    const flagsCurrent = cases.filter((k) => k.current >= c.current.threshold);
    const flagsCandidate = cases.filter((k) => candidateScores.get(k.uid)! >= c.candidate.threshold);
    expect([op.current.flagged.successes, op.candidate.flagged.successes]).toEqual([
      flagsCurrent.length,
      flagsCandidate.length,
    ]);

    // The cases where the two models decide differently, each with its views, scores and reading.
    const disagreeing = cases.filter(
      (k) => k.current >= c.current.threshold !== candidateScores.get(k.uid)! >= c.candidate.threshold,
    );

    expect(disagreeing.length).toBeGreaterThan(0);
    const items = page.getByTestId('disagreement');
    const imagesRead: string[] = [];
    await expect(items.count()).resolves.toBe(disagreeing.length);
    for (const k of disagreeing) {
      const item = items.filter({ hasText: k.uid });
      const views = await caseViews(item);
      expect(views.loaded).toEqual(SCREENING_VIEWS.filter((v) => k.views.includes(v)));
      expect(views.missing).toEqual(SCREENING_VIEWS.filter((v) => !k.views.includes(v)));
      // WADO-RS through the bridge's relay: her patient scope checked, each image read audited.
      for (const src of views.srcs) {
        const [, study, instance] =
          /^\/dicom-web\/studies\/([\d.]+)\/series\/[\d.]+\/instances\/([\d.]+)\/rendered\?viewport=256,320$/.exec(
            src,
          ) ?? [];
        expect(study).toBe(k.uid);
        imagesRead.push(instance!);
      }
      expect(await item.locator('figcaption').allTextContents()).toEqual([
        'CC droite',
        'CC gauche',
        'OML droite',
        'OML gauche',
      ]);
      const candidate = candidateScores.get(k.uid)!;
      const word = (flagged: boolean) => (flagged ? 'signalé' : 'non signalé');
      expect(await item.getByTestId('case-decisions').textContent()).toBe(
        `modèle en service ${decimal('fr', k.current)}, ${word(k.current >= c.current.threshold)} · ` +
          `candidat ${decimal('fr', candidate)}, ${word(candidate >= c.candidate.threshold)} · ` +
          `lecture finale : ${k.recall ? 'rappel' : 'pas de rappel'}`,
      );
      expect(await item.locator('a').getAttribute('href')).toBe(`/mammo?StudyInstanceUIDs=${k.uid}`);
    }
    expect(await page.getByTestId('promote').isDisabled()).toBe(false);
    await waitUntil('the image reads in the audit trail', async () => {
      const { body } = await t.api('/api/audit?actor=dr.lefevre&limit=1000', { as: 'dr.lefevre' });
      const read = new Set(
        body.entries
          .filter(
            (e: { resourceType: string; outcome: string }) =>
              e.resourceType === 'instance' && e.outcome === 'success',
          )
          .map((e: { resourceId: string }) => e.resourceId),
      );
      return imagesRead.every((uid) => read.has(uid)) ? true : undefined;
    });
    expect(await page.getByTestId('error').textContent()).toBe('');
    await page.screenshot({ path: join(shots, '01-comparison-fr.png'), fullPage: true });
    await page.close();

    // The same comparison in English.
    const english = await signedInPage(browser, t.app.url, 'dr.lefevre', '/models?lng=en');
    await english.getByTestId('candidate').getByText('studies analysed: 6, waiting: 0').waitFor();
    await english.getByTestId('compare').click();
    await english.getByTestId('row-auc').waitFor();
    const aucEn = await cells(english, 'auc');
    expect(aucEn[0]).toBe('Area under the ROC curve (95% CI)');
    expect(aucEn[1]).toBe(
      `${decimal('en', s.auc.current.auc)} (${decimal('en', s.auc.current.ci95[0])}–${decimal('en', s.auc.current.ci95[1])})`,
    );
    const sensitivityEn = await cells(english, 'sensitivity');
    expect(sensitivityEn[1]).toMatch(/^\d{1,3}\.\d% \(\d\/4; \d{1,3}\.\d%–\d{1,3}\.\d%\)$/);
    expect(sensitivityEn[3]).toMatch(/^McNemar: p = [01]\.\d{3}; candidate only: \d, model in use only: \d$/);
    const first = english.getByTestId('disagreement').filter({ hasText: disagreeing[0]!.uid });
    const viewsEn = await caseViews(first);
    expect(viewsEn.loaded.length).toBe(disagreeing[0]!.views.length);
    expect(await first.locator('figcaption').allTextContents()).toEqual(['RCC', 'LCC', 'RMLO', 'LMLO']);
    expect(await first.getByTestId('case-truth').textContent()).toBe(
      disagreeing[0]!.recall ? 'final reading: recall' : 'final reading: no recall',
    );
    await english.screenshot({ path: join(shots, '02-comparison-en.png'), fullPage: true });
    await english.close();
  });
});
