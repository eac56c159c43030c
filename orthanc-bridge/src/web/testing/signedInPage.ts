import type { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../testing/testUsers';

/** A new French page of `browser`, signed in as `login` through /login, on `next` of the bridge at `baseUrl`. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  login: string,
  next: string,
): Promise<Page> {
  const page = await browser.newPage({ locale: 'fr-FR' });
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await page.click('#password-step button[type=submit]');
  await page.waitForURL(`${baseUrl}${next}`);
  return page;
}
