/**
 * The sign-in page in Chromium: where it sends the browser once signed in. Requests to any host but
 * the bridge's loopback address are refused and recorded, so a redirect away shows as a failure
 * without leaving the machine.
 */
import { launchChromium } from '@sentinelle/ohif-extensions/testing';
import type { Browser } from 'playwright-core';
import { useReadingApp } from '../testing/readingApp';
import { FOREIGN_NEXTS } from './testing/foreignNexts';
import { signedInPage } from './testing/signedInPage';

const t = useReadingApp();
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('sign-in page', () => {
  test('the sign-in page sends a signed-in browser home when next would lead to another site', async () => {
    const page = await signedInPage(browser, t.app.url, 'dr.martin', '/audit');
    const origin = new URL(t.app.url).origin;
    const foreign: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const landed: Record<string, string> = {};
    for (const next of FOREIGN_NEXTS) {
      // A redirect away interrupts the navigation (the route aborts it): what counts is where it ends.
      await page.goto(`${t.app.url}/login?next=${encodeURIComponent(next)}`).catch(() => undefined);
      // Signed in, the page leaves /login at once: wherever it goes is the answer.
      await page.waitForURL((url) => url.pathname !== '/login', { timeout: 15_000 }).catch(() => undefined);
      const url = new URL(page.url());
      landed[next] = url.origin === origin ? url.pathname + url.search : url.href;
    }
    expect(landed).toEqual(Object.fromEntries(FOREIGN_NEXTS.map((next) => [next, '/'])));
    expect(foreign).toEqual([]);

    // A path of this site is kept, with its query.
    await page.goto(`${t.app.url}/login?next=${encodeURIComponent('/audit?actor=dr.martin')}`);
    await page.waitForURL(`${t.app.url}/audit?actor=dr.martin`);
    await page.close();
  });
});
