/**
 * The identity conflicts page in Chromium: a physician-admin sees images that disagree with a
 * patient's recorded identity and keeps the recorded one; the API then holds the decision.
 */
import { launchChromium } from '@sentinelle/ohif-extensions/testing';
import type { Browser } from 'playwright-core';
import { findPatient } from '../patients/patientStore';
import { storeStudy } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';
import { signedInPage } from './testing/signedInPage';

const t = useReadingApp();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('identity conflicts page', () => {
  test('a physician-admin decides an identity conflict from /identity-conflicts', async () => {
    const first = await storeStudy(t.client, { patientId: 'PAT-PAGE', views: ['LCC'] });
    await t.analysisOf(first, 'queued');
    const later = await storeStudy(t.client, {
      patientId: 'PAT-PAGE',
      patientName: 'Faute^Frappe',
      birthDate: '19990101',
      views: ['RCC'],
    });
    await t.analysisOf(later, 'queued');
    const [conflict] = (await t.api('/api/patients/identity-conflicts', { as: 'dr.lefevre' })).body.conflicts;

    const page = await signedInPage(browser, t.app.url, 'dr.lefevre', '/identity-conflicts');
    const row = `conflict-${conflict.id}`;
    await page.getByTestId(`${row}-current`).getByText('Test Patient, née le 01/01/1960, F').waitFor();
    await page.getByTestId(`${row}-incoming`).getByText('Faute Frappe, née le 01/01/1999, F').waitFor();
    await page.getByTestId(`${row}-keep`).click();
    await page.getByTestId('saved').getByText('Décision enregistrée.').waitFor();
    await page
      .getByTestId(`${row}-status`)
      .getByText('identité enregistrée gardée (par dr.lefevre)')
      .waitFor();
    expect(await page.getByTestId(`${row}-accept`).count()).toBe(0);
    expect((await t.api('/api/patients/identity-conflicts', { as: 'dr.lefevre' })).body.conflicts).toEqual([
      expect.objectContaining({ id: conflict.id, status: 'kept', decidedBy: 'dr.lefevre' }),
    ]);
    expect(await findPatient(t.app.ctx.pool, t.app.ctx.cipher, 'PAT-PAGE', '')).toMatchObject({
      name: 'Test^Patient',
      birthDate: '19600101',
    });
    await page.close();
  });

  test('a sysadmin reaching /identity-conflicts sees the refusal and no patient', async () => {
    const page = await signedInPage(browser, t.app.url, 'admin.dupont', '/identity-conflicts');
    await page
      .getByTestId('error')
      .getByText(/patient:write/)
      .waitFor();
    expect(await page.getByTestId('conflicts-table').locator('tbody tr').count()).toBe(0);
    await page.close();
  });
});
