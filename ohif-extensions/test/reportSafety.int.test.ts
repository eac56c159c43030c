/**
 * Report safety in the radiologist's workspace (issue 17, part 1), in a real Chromium against the
 * whole stack: the draft opens with no category and cannot be signed; a draft that contradicts
 * itself (a finding in a breast assessed ACR 1) lists why, in the viewer's language, and the bridge
 * refuses it (422, the same list); assessed consistently, it signs; the signature is in the reading
 * history. Each step leaves a screenshot in `.test-output/report-safety`.
 */
import { TEST_PASSWORD } from '@sentinelle/orthanc-bridge/testing';
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { aiMarksPlaced, chooseLanguage } from './testing/viewerPage';
import { startWorkspace, type Workspace } from './testing/workspace';

jest.setTimeout(300_000);

let w: Workspace;
let page: Page;
let studyUid: string;

beforeAll(async () => {
  w = await startWorkspace('report-safety');
  ({ page, studyUid } = w);
});

afterAll(() => w?.stop());

const shot = (name: string) => w.shot(name);

/** The study open in the mammography mode, the viewer in `language`, with the findings panel ready. */
async function openStudy(language: 'fr' | 'en' = 'fr'): Promise<void> {
  await chooseLanguage(page, language);
  await page.goto(`${w.app.url}/mammo?StudyInstanceUIDs=${studyUid}`);
  await page.getByTestId('btn-open-report').waitFor({ timeout: 60_000 });
  // The images are drawn once the mode placed the AI marks on them.
  await aiMarksPlaced(page);
}

/** A screenshot with the report's problem list in view. */
async function shotWithProblems(name: string): Promise<void> {
  await page.getByTestId('report-problems').scrollIntoViewIfNeeded();
  await shot(name);
}

async function openReportPanel(): Promise<void> {
  await page.getByTestId('btn-open-report').click();
  await page.getByTestId('report-draft').or(page.getByTestId('signed-version')).first().waitFor({
    timeout: 30_000,
  });
}

/** The codes of the problems the panel lists, in its order. */
const listedCodes = () =>
  page
    .getByTestId('report-problem-item')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-code')));

const draftSaved = () => w.draftSaved();

/** POST /api`path` from the page, with its session and CSRF token, as the panel would. */
interface Refusal {
  error: { status: number; message: string; problems: { code: string }[] };
}

function postFromPage(path: string, body: unknown): Promise<{ status: number; body: Refusal }> {
  return page.evaluate(
    async ({ path, body }) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const response = await fetch(`/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Refusal };
    },
    { path, body },
  );
}

test('the report draft opens with no category for either breast, and cannot be signed', async () => {
  await w.signInAs('dr.martin', `/mammo?StudyInstanceUIDs=${studyUid}`);
  await openStudy('fr');
  await page.getByTestId('btn-validate').waitFor({ timeout: 60_000 });
  // The reader agrees with the AI, giving no category: the report must still ask for one per breast.
  await page.getByTestId('btn-validate').click();
  await page.getByTestId('submit-validation').click();
  await page.getByTestId('panel-message').waitFor({ timeout: 30_000 });

  await openReportPanel();
  await expect(page.getByTestId('assessment-R').inputValue()).resolves.toBe('');
  await expect(page.getByTestId('assessment-L').inputValue()).resolves.toBe('');
  await expect(page.getByTestId('overall-assessment').getAttribute('data-category')).resolves.toBe('');
  await expect(page.getByTestId('report-impression-text').inputValue()).resolves.not.toContain('ACR 1');
  expect(await listedCodes()).toEqual(['composition-missing', 'breast-not-assessed', 'breast-not-assessed']);
  await expect(page.getByTestId('report-problems').textContent()).resolves.toContain(
    'Sein droit\u00a0: classification ACR à donner.',
  );
  await expect(page.getByTestId('btn-sign-report').isDisabled()).resolves.toBe(true);
  const { draft } = await w.readerApi(`/studies/${studyUid}/report`);
  expect(draft.content.overallAssessment).toBeNull();
  expect(draft.content.recommendations).toEqual([]);
  await shotWithProblems('10a-report-unassessed');
});

test('a draft with a finding in a breast assessed ACR 1 lists why, in French or English, and the bridge refuses it', async () => {
  const { draft } = await w.readerApi(`/studies/${studyUid}/report`);
  const withFinding: 'R' | 'L' | undefined = draft.content.findings[0]?.laterality;
  expect(withFinding).toMatch(/^[RL]$/); // the validated AI lesions are the report's findings
  await page.getByTestId('report-composition').selectOption('b');
  await page.getByTestId('assessment-R').selectOption('1');
  await page.getByTestId('assessment-L').selectOption('1');
  expect(await listedCodes()).toContain('finding-in-negative-breast');
  await expect(page.getByTestId('report-problems').textContent()).resolves.toMatch(
    /Sein (droit|gauche) classé ACR 1 \(négatif\) alors que l’anomalie n°\u00a01/,
  );
  await expect(page.getByTestId('btn-sign-report').isDisabled()).resolves.toBe(true);
  await draftSaved();
  await shotWithProblems('10b-report-contradictory');

  // The bridge signs by the same rules: 422, the same list, and nothing signed.
  const refused = await postFromPage(`/studies/${studyUid}/report/sign`, { password: TEST_PASSWORD });
  expect(refused.status).toBe(422);
  expect(refused.body.error.problems.map((p) => p.code)).toEqual(await listedCodes());
  const after = await w.readerApi(`/studies/${studyUid}/report`);
  expect(after.versions).toEqual([]);
  expect(after.draft).toMatchObject({ status: 'draft', stored: true });

  // The same list in English, for a viewer in English.
  await openStudy('en');
  await openReportPanel();
  await expect(page.getByTestId('report-problems').textContent()).resolves.toMatch(
    /To complete before signing.*(Right|Left) breast is assessed BI-RADS 1 \(negative\) but finding 1/,
  );
  await expect(page.getByTestId('report-problems').textContent()).resolves.not.toMatch(/Sein|classé/);
  await shotWithProblems('10c-report-contradictory-en');
});

test('assessed consistently, the report signs; the signature and an addendum are in the reading history', async () => {
  await openStudy('fr');
  await openReportPanel();
  const { draft } = await w.readerApi(`/studies/${studyUid}/report`);
  const withFinding: 'R' | 'L' = draft.content.findings[0].laterality;
  const other = withFinding === 'R' ? 'L' : 'R';
  const othersHaveFindings = draft.content.findings.some(
    (f: { laterality: string }) => f.laterality === other,
  );
  await page.getByTestId(`assessment-${withFinding}`).selectOption('4');
  await page.getByTestId(`assessment-${other}`).selectOption(othersHaveFindings ? '2' : '1');
  await expect(page.getByTestId('overall-assessment').getAttribute('data-category')).resolves.toBe('4');
  await expect(page.getByTestId('recommendation-biopsy').isChecked()).resolves.toBe(true);
  expect(await page.getByTestId('report-problem-item').count()).toBe(0);
  await expect(page.getByTestId('btn-sign-report').isEnabled()).resolves.toBe(true);
  await draftSaved();
  await page.getByTestId('btn-sign-report').scrollIntoViewIfNeeded();
  await shot('10d-report-consistent');

  await page.getByTestId('btn-sign-report').click();
  await w.confirmSignature(1);
  await expect(page.getByTestId('signed-overall').textContent()).resolves.toMatch(/^ACR 4 \(suspect\)/);
  const signed = await w.readerApi(`/studies/${studyUid}/report`);
  expect(signed.versions[0]).toMatchObject({ version: 1, status: 'signed', signer: { login: 'dr.martin' } });
  await shot('10e-report-signed');

  // An addendum, signed in turn, starts from the signed content: consistent, it signs at once.
  await page.getByTestId('btn-start-addendum').click();
  await page.getByTestId('report-draft').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('report-problem-item').count()).toBe(0);
  await page.getByTestId('report-comparison').fill('Mammographie du 12/03/2024 : pas de modification.');
  await draftSaved();
  await page.getByTestId('btn-sign-report').click();
  await w.confirmSignature(2);

  // The reading history lists the signature.
  await openStudy('fr');
  const entry = page.getByTestId('history-report-signed');
  await entry.waitFor({ timeout: 60_000 });
  await expect(entry.textContent()).resolves.toContain('Compte rendu signé par Dr Claire Martin (version 1)');
  await expect(page.getByTestId('history-report-addendum').textContent()).resolves.toContain(
    'Addendum signé par Dr Claire Martin (version 2, complète la version 1)',
  );
  const reading = await w.readerApi(`/studies/${studyUid}/reading`);
  expect(reading.reports).toEqual([
    expect.objectContaining({ version: 2, amendsVersion: 1 }),
    expect.objectContaining({
      version: 1,
      amendsVersion: null,
      signer: expect.objectContaining({ login: 'dr.martin' }),
    }),
  ]);
  await entry.scrollIntoViewIfNeeded();
  await shot('10f-history-signed');
});
