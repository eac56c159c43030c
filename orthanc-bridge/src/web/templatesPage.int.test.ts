/**
 * The report templates page in Chromium: a physician-admin changes the French template's header,
 * section order, wording and logo, and saves; the API then holds exactly those changes as version 2,
 * the English template untouched. A radiologist sees the template but cannot change it.
 */
import { launchChromium } from '@sentinelle/ohif-extensions/testing';
import { REPORT_SECTIONS } from '@sentinelle/reporting';
import { LOGO_PNG } from '@sentinelle/reporting/testing/report';
import type { Browser, Page } from 'playwright-core';
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

describe('report templates page', () => {
  test('a physician-admin changes the French template from /templates', async () => {
    const page = await signedInPage('dr.lefevre', '/templates');
    await page.getByTestId('template-info').getByText('version 1').waitFor();
    expect(await page.getByTestId('logo-preview').isHidden()).toBe(true);
    expect(await page.getByTestId('template-info').textContent()).toContain('modèle par défaut');
    expect(await page.getByTestId('read-only').isHidden()).toBe(true);
    expect(await page.getByTestId('section-impression').textContent()).toContain('Conclusion');

    await page.getByTestId('institution-name').fill('Centre du sein Sentinelle');
    await page.getByTestId('address-lines').fill('  12 rue des Lilas\n\n75012 Paris  \n');
    await page.getByTestId('section-impression-up').click();
    await page.getByTestId('section-notes-remove').click();
    await page.getByTestId('section-add-notes').waitFor();
    expect(await page.getByTestId('heading-notes').count()).toBe(0);
    await page.getByTestId('heading-impression').fill('Conclusion et classification');
    await page.getByTestId('logo-file').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: Buffer.from(LOGO_PNG, 'base64'),
    });
    await page.getByTestId('logo-preview').waitFor();
    expect(await page.getByTestId('logo-preview').getAttribute('src')).toBe(
      `data:image/png;base64,${LOGO_PNG}`,
    );
    await page.getByTestId('save').click();
    await page.getByTestId('saved').getByText('Modèle enregistré (version 2).').waitFor();
    expect(await page.getByTestId('error').textContent()).toBe('');

    expect((await t.api('/api/templates/fr', { as: 'dr.lefevre' })).body).toEqual({
      site: 'main',
      isDefault: false,
      sections: REPORT_SECTIONS,
      template: {
        institution: 'main',
        version: 2,
        locale: 'fr',
        header: {
          institutionName: 'Centre du sein Sentinelle',
          addressLines: ['12 rue des Lilas', '75012 Paris'],
          logoPng: LOGO_PNG,
        },
        sections: [
          'indication',
          'comparison',
          'technique',
          'composition',
          'findings',
          'impression',
          'ai-summary',
          'recommendations',
        ],
        wording: { headings: { impression: 'Conclusion et classification' } },
      },
    });
    expect((await t.api('/api/templates/en', { as: 'dr.lefevre' })).body).toMatchObject({
      isDefault: true,
      template: { version: 1, locale: 'en' },
    });

    // The page shows the saved template once reloaded, and the English one, still the default.
    await page.getByTestId('template-info').getByText('version 2').waitFor();
    expect(await page.getByTestId('template-info').textContent()).toContain('modèle du site');
    expect(await page.getByTestId('institution-name').inputValue()).toBe('Centre du sein Sentinelle');
    expect(await page.getByTestId('heading-impression').inputValue()).toBe('Conclusion et classification');
    await page.getByTestId('locale').selectOption('en');
    await page.getByTestId('template-info').getByText('version 1').waitFor();
    expect(await page.getByTestId('institution-name').inputValue()).toBe('');
    expect(await page.getByTestId('logo-preview').isHidden()).toBe(true);
    await page.getByTestId('section-notes').waitFor();
    await page.close();
  });

  test('a radiologist sees the template read-only', async () => {
    const page = await signedInPage('dr.martin', '/templates');
    await page.getByTestId('template-info').getByText('version 1').waitFor();
    await page
      .getByTestId('read-only')
      .getByText(/médecins administrateurs/)
      .waitFor();
    await page.getByTestId('section-impression').waitFor();
    expect(await page.getByTestId('save').isDisabled()).toBe(true);
    expect(await page.getByTestId('institution-name').isEditable()).toBe(false);
    expect(await page.getByTestId('section-impression-up').isDisabled()).toBe(true);
    expect(await page.getByTestId('section-impression-remove').isDisabled()).toBe(true);
    expect(await page.getByTestId('locale').isEnabled()).toBe(true);
    await page.close();
  });
});
