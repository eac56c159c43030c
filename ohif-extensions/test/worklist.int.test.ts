/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The worklist as a reading list, in Debian's Chromium against the whole stack (startWorkspace: the
 * analysed 4-view exam and its prior, plus two more patients stored here): its columns and order,
 * the search by PatientID, the filters, flagging a patient urgent from the list, a live update when
 * a colleague answers, and the user menu (language, sign-out). Each step leaves a screenshot.
 */
import { jest } from '@jest/globals';
import {
  orthancClient,
  sessionHeaders,
  sessionOf,
  storeStudy,
  waitUntil,
} from '@sentinelle/orthanc-bridge/testing';
import type { Page } from 'playwright-core';
import { startWorkspace, type Workspace } from './testing/workspace';

jest.setTimeout(300_000);

let w: Workspace;
let page: Page;
let urgentUid: string;
let laterUid: string;

beforeAll(async () => {
  w = await startWorkspace('worklist');
  page = w.page;
  const client = orthancClient(w.orthanc);
  // Triaged stat by its description: first in the list.
  urgentUid = await storeStudy(client, {
    patientId: 'WL-URGENT',
    patientName: 'BERNARD^Lucie',
    birthDate: '19580304',
    accessionNumber: 'WL-ACC-1',
    description: 'Bilan diagnostique URGENT',
    views: ['RCC', 'LCC'],
  });
  laterUid = await storeStudy(client, {
    patientId: 'WL-0002',
    patientName: 'ROUSSEAU^Claire',
    birthDate: '19800101',
    accessionNumber: 'WL-ACC-2',
    description: 'Mammographie de dépistage',
    views: ['RCC', 'LCC'],
  });
  await waitUntil('the two more studies in the worklist', async () => {
    const { studies } = await w.readerApi('/worklist');
    const uids = studies.map((s: any) => s.studyInstanceUid);
    return uids.includes(urgentUid) && uids.includes(laterUid) ? true : undefined;
  });
  await w.signInAs('dr.martin', '/');
});

afterAll(() => w?.stop());

/** The list's rows, as the study UIDs of their "Read" links, top to bottom. */
async function rowUids(): Promise<string[]> {
  const hrefs = await page
    .getByTestId('worklist-open')
    .evaluateAll((links) => links.map((a) => (a as any).getAttribute('href') ?? ''));
  return hrefs.map((href) => decodeURIComponent(href.split('StudyInstanceUIDs=')[1] ?? ''));
}

async function waitForRows(expected: (uids: string[]) => boolean, what: string): Promise<string[]> {
  return waitUntil(
    what,
    async () => {
      const uids = await rowUids();
      return uids.length > 0 && expected(uids) ? uids : undefined;
    },
    60_000,
    250,
  );
}

/** The filter input under the column whose header reads `label`. */
async function filterOf(label: string) {
  const headers = await page.locator('thead th').allTextContents();
  const index = headers.findIndex((text) => text.trim() === label);
  if (index < 0) throw new Error(`no column "${label}" among ${JSON.stringify(headers)}`);
  return page.locator('tr[data-filter-row] td').nth(index).locator('input');
}

/** A write on the API as `login` (the test's own session, not the page's). */
async function apiAs(login: string, method: string, path: string, body: unknown) {
  const response = await fetch(`${w.app.url}/api${path}`, {
    method,
    headers: { ...sessionHeaders(await sessionOf(w.app.url, login)), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<any>;
}

test('the worklist shows priority, AI, score, patient, MRN, age, description and read status, urgent first', async () => {
  await page.goto(`${w.app.url}/`);
  const uids = await waitForRows((u) => u.length >= 4, 'the four studies listed');
  expect(uids[0]).toBe(urgentUid);
  const headers = (await page.locator('thead th').allTextContents()).map((h) => h.trim());
  for (const label of ['Priorité', 'IA', 'Score IA', 'Âge', 'Lecture']) expect(headers).toContain(label);
  expect(headers.indexOf('Priorité')).toBeLessThan(headers.indexOf('IA'));
  const first = page.getByTestId('worklist-priority').first();
  await expect(first.getAttribute('data-priority')).resolves.toBe('stat');
  await page.getByText('Bilan diagnostique URGENT').first().waitFor();
  await expect(page.getByText('No Description').count()).resolves.toBe(0);
  await page
    .getByTestId('worklist-age')
    .filter({ hasText: /^\d+ ans$/ })
    .first()
    .waitFor();
  const statuses = await page.getByTestId('worklist-read-status').allTextContents();
  expect(statuses).toContain('À lire');
  await w.shot('worklist-01-columns-order');
});

test('a PatientID typed in the MRN filter finds that patient’s studies', async () => {
  const { studies } = await w.readerApi('/worklist');
  const exam = studies.find((s: any) => s.studyInstanceUid === w.studyUid);
  const input = await filterOf('IPP'); // the MRN (patient ID) column, in French
  await input.fill(exam.patient.patientId);
  const found = await waitForRows(
    (u) => u.length === 2 && u.includes(w.studyUid) && u.includes(w.priorUid),
    'the exam and its prior only',
  );
  expect(found).toHaveLength(2);
  await w.shot('worklist-02-search-patient-id');
  await input.fill('');
  await waitForRows((u) => u.length >= 4, 'every study again');
});

test('the score filter keeps the exams scored at least that much; Reset clears it', async () => {
  const { studies } = await w.readerApi('/worklist');
  const exam = studies.find((s: any) => s.studyInstanceUid === w.studyUid);
  expect(exam.examScore).not.toBeNull();
  const input = await filterOf('Score IA');
  await input.fill(String(exam.examScore));
  const expected = studies
    .filter((s: any) => (s.examScore ?? 0) >= exam.examScore)
    .map((s: any) => s.studyInstanceUid);
  await waitForRows(
    (u) => u.length === expected.length && expected.every((uid: string) => u.includes(uid)),
    'the exams scored at least the analysed one',
  );
  await w.shot('worklist-03-filter-score');
  await page.getByRole('button', { name: 'Réinitialiser les filtres' }).click();
  await waitForRows((u) => u.length >= 4, 'every study after Reset');
});

test('a patient flagged urgent from the list moves first', async () => {
  const row = page.locator('tr').filter({ has: page.locator(`a[href*="${laterUid}"]`) });
  await row.getByTestId('worklist-flag-urgent').click();
  await waitForRows((u) => u[0] === laterUid, 'the flagged patient first');
  await expect(page.getByTestId('worklist-priority').first().getAttribute('data-urgent')).resolves.toBe(
    'true',
  );
  await w.shot('worklist-04-flag-urgent');
});

test('a patient’s flag cleared or set elsewhere moves the study in the open list, without a reload', async () => {
  const marker = await page.evaluate(() => ((globalThis as any).__sameWorklistPage = true));
  expect(marker).toBe(true);
  const laterRow = page.locator('tr').filter({ has: page.locator(`a[href*="${laterUid}"]`) });
  // A colleague (another session) clears the flag: the study goes back after the stat one.
  await apiAs('dr.lefevre', 'PUT', '/patients/WL-0002/urgent', { urgent: false });
  await waitForRows((u) => u[0] === urgentUid && u.includes(laterUid), 'the urgent study first again');
  await expect(laterRow.getByTestId('worklist-priority').getAttribute('data-urgent')).resolves.toBe('false');
  await w.shot('worklist-04a-flag-cleared-elsewhere');
  // And flags it again: first again.
  await apiAs('dr.lefevre', 'PUT', '/patients/WL-0002/urgent', { urgent: true });
  await waitForRows((u) => u[0] === laterUid, 'the flagged patient first again');
  // The same page: the events moved it.
  await expect(page.evaluate(() => (globalThis as any).__sameWorklistPage)).resolves.toBe(true);
});

test('the requester’s list shows the colleague’s answer as it comes, without a reload', async () => {
  const asked = await apiAs('dr.martin', 'POST', `/studies/${w.studyUid}/consultations`, {
    colleague: 'dr.bernard',
    note: 'Votre avis sur le sein droit ?',
  });
  await page.reload();
  await page.getByTestId('worklist-consultation-pending').first().waitFor({ timeout: 60_000 });
  const marker = await page.evaluate(() => ((globalThis as any).__sameWorklistPage = true));
  expect(marker).toBe(true);
  await apiAs('dr.bernard', 'POST', `/consultations/${asked.consultation.id}/answer`, {
    answer: 'Aspect bénin.',
  });
  await page.getByTestId('worklist-consultation-answered').first().waitFor({ timeout: 30_000 });
  // The same page: the event updated it.
  await expect(page.evaluate(() => (globalThis as any).__sameWorklistPage)).resolves.toBe(true);
  await w.shot('worklist-05-live-answer');
});

test('the user menu switches the language, and signs out from a study', async () => {
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('user-menu-sign-out').waitFor();
  await w.shot('worklist-06-user-menu');
  await page.getByTestId('user-menu-language-en').click();
  await page.waitForURL(/lng=en/);
  await waitForRows((u) => u.length >= 4, 'the list in English');
  const headers = (await page.locator('thead th').allTextContents()).map((h) => h.trim());
  for (const label of ['Priority', 'AI', 'AI score', 'Age', 'Reading']) expect(headers).toContain(label);
  expect(headers).not.toContain('Priorité');
  await w.shot('worklist-07-english');
  await page.getByTestId('user-menu-button').click();
  await page.getByTestId('user-menu-language-fr').click();
  await page.waitForURL(/lng=fr/);
  await waitForRows((u) => u.length >= 4, 'the list in French again');
  // In a study, the header's menu holds the same user menu.
  await w.openStudy();
  await page.locator('[aria-haspopup="menu"]').last().click();
  await page.getByRole('menuitem', { name: 'Menu utilisateur' }).click();
  await page.getByTestId('viewer-user-menu-host').getByTestId('user-menu-sign-out').waitFor();
  await w.shot('worklist-08-viewer-user-menu');
  await page.getByTestId('viewer-user-menu-host').getByTestId('user-menu-sign-out').click();
  await page.waitForURL(/\/login/);
  await w.shot('worklist-09-signed-out');
});
