/**
 * The accounts page in Chromium: a physician-admin signs in, puts a radiologist in a care team,
 * grants a permission, unlocks a locked account and creates one; the API then holds each change.
 */
import { launchChromium } from '@sentinelle/ohif-extensions/testing';
import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../testing/testUsers';
import { useReadingApp } from '../testing/readingApp';
import { signedInPage as signInAt } from './testing/signedInPage';

const t = useReadingApp();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const signedInPage = (login: string, next: string): Promise<Page> =>
  signInAt(browser, t.app.url, login, next);

/** The status of a sign-in with the account's right password: 423 while it is locked. */
const signInStatus = async (login: string) =>
  (await t.api('/api/auth/login', { as: null, method: 'POST', body: { login, password: TEST_PASSWORD } }))
    .status;

const account = async (login: string) =>
  ((await t.api('/api/users', { as: 'dr.lefevre' })).body.users as { login: string }[]).find(
    (u) => u.login === login,
  ) as Record<string, unknown> | undefined;

describe('accounts page', () => {
  test('a physician-admin manages accounts from /users', async () => {
    const page = await signedInPage('dr.lefevre', '/users');
    await page.getByTestId('user-dr.bernard').waitFor();
    // The sites as configured, with the institutions that feed them.
    await page.getByTestId('site-site-b').getByText('Hopital B').waitFor();
    // The default site says so in the page's language (French here).
    await page.getByTestId('site-main').getByText('(par défaut : tout autre établissement)').waitFor();

    await page.getByTestId('user-dr.bernard-care-teams').fill('senologie, oncologie');
    await page.getByTestId('user-dr.bernard-save').click();
    await page.getByTestId('saved').getByText('Enregistré.').waitFor();
    expect(await account('dr.bernard')).toMatchObject({ careTeams: ['senologie', 'oncologie'] });

    // Every permission there is, report:template included, has its menu.
    await page.getByTestId('user-dr.moreau-report:template').waitFor();
    await page.getByTestId('user-dr.moreau-report:sign').selectOption('granted');
    await page.getByTestId('saved').getByText('Enregistré.').waitFor();
    expect(await account('dr.moreau')).toMatchObject({
      permissions: expect.arrayContaining(['report:sign']),
      permissionChanges: [{ permission: 'report:sign', granted: true }],
    });

    for (let i = 0; i < 5; i++)
      await t.api('/api/auth/login', {
        as: null,
        body: { login: 'dr.martin', password: 'wrong password!' },
        method: 'POST',
      });
    expect(await signInStatus('dr.martin')).toBe(423);
    await page.getByTestId('user-dr.martin-unlock').click();
    await page.getByTestId('saved').getByText('Compte déverrouillé.').waitFor();
    expect(await signInStatus('dr.martin')).toBe(200);

    const form = page.getByTestId('create-user');
    await form.locator('input[name=login]').fill('dr.petit');
    await form.locator('input[name=displayName]').fill('Dr Léa Petit');
    await form.locator('input[name=personName]').fill('Petit^Léa');
    await form.locator('select[name=role]').selectOption('radiologist');
    await form.locator('input[name=site]').fill('main');
    await form.locator('input[name=password]').fill('six pommes rouges 2031');
    await form.locator('button[type=submit]').click();
    await page.getByTestId('user-dr.petit').waitFor();
    expect(await account('dr.petit')).toMatchObject({ role: 'radiologist', site: 'main', disabled: false });

    await page.close();
  });

  test('a radiologist reaching /users sees the refusal and no account', async () => {
    const page = await signedInPage('dr.bernard', '/users');
    await page
      .getByTestId('error')
      .getByText(/permission|user:manage/)
      .waitFor();
    expect(await page.getByTestId('users-table').locator('tbody tr').count()).toBe(0);
    await page.close();
  });
});
