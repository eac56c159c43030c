/**
 * The AI models page in Chromium, with the registry's real models: a physician-admin sees the
 * model in use, puts the other model in shadow, compares (no read case yet: promotion disabled,
 * the truth rule said), and stops; the page speaks French, and English with ?lng=en, the API's
 * refusal codes included.
 */
import { DEFAULT_REGISTRY_PATH } from '@sentinelle/models';
import { launchChromium } from '@sentinelle/ohif-extensions/testing';
import type { Browser } from 'playwright-core';
import { useReadingApp } from '../testing/readingApp';
import { signedInPage } from './testing/signedInPage';

const t = useReadingApp({
  configure: (config) => ({ ...config, model: { registryPath: DEFAULT_REGISTRY_PATH } }),
});
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('AI models page', () => {
  test('models page lets a physician-admin put a candidate in shadow, compare and stop, in French', async () => {
    const page = await signedInPage(browser, t.app.url, 'dr.lefevre', '/models');
    await page.getByTestId('in-use').getByText('mammo-mias-cnn 1.0.0').waitFor();
    expect(await page.getByTestId('in-use').textContent()).toContain('modèle par défaut du registre');
    expect(await page.getByTestId('candidate').textContent()).toBe('Aucun candidat en évaluation.');
    expect(await page.getByTestId('rollback').isHidden()).toBe(true);
    // The model in use is not offered as a candidate.
    expect(await page.getByTestId('candidate-model').locator('option').allTextContents()).toEqual([
      'mammo-ffdm-mil-cnn 2.0.0',
    ]);

    await page.getByTestId('start-shadow').click();
    await page.getByTestId('saved').getByText('mammo-ffdm-mil-cnn 2.0.0 est en évaluation.').waitFor();
    // The state is read again after the answer.
    await page.getByTestId('candidate').getByText('examens analysés : 0').waitFor();
    expect((await t.api('/api/models', { as: 'dr.lefevre' })).body.candidate).toMatchObject({
      id: 'mammo-ffdm-mil-cnn',
      version: '2.0.0',
    });

    await page.getByTestId('compare').click();
    await page.getByTestId('comparison-cases').getByText('Trop peu de cas pour promouvoir.').waitFor();
    expect(await page.getByTestId('comparison-cases').textContent()).toContain(
      '0 examens comparés : 0 rappelés, 0 non rappelés (minimum pour promouvoir : 30 et 30).',
    );
    expect(await page.getByTestId('comparison').textContent()).toContain(
      'Les résultats anatomopathologiques ne sont pas encore enregistrés',
    );
    expect(await page.getByTestId('promote').isDisabled()).toBe(true);

    await page.getByTestId('stop-shadow').click();
    await page.getByTestId('saved').getByText("L'évaluation est arrêtée.").waitFor();
    await page.getByTestId('candidate').getByText('Aucun candidat en évaluation.').waitFor();
    expect(await page.getByTestId('comparison').isHidden()).toBe(true);
    expect(await page.getByTestId('error').textContent()).toBe('');
  });

  test('models page speaks English, the API’s refusals included, and a radiologist is refused', async () => {
    const page = await signedInPage(browser, t.app.url, 'dr.lefevre', '/models?lng=en');
    await page.getByTestId('in-use').getByText("the registry's default model").waitFor();
    expect(await page.locator('h1').textContent()).toBe('AI models');
    expect(await page.getByTestId('history').textContent()).toBe(
      "No change: the registry's default model is in use.",
    );
    const words = await page.evaluate(() =>
      (
        globalThis as unknown as {
          SentinelleLanguage: { errorText(status: number, code: string, params?: object): string };
        }
      ).SentinelleLanguage.errorText(409, 'too-few-cases', {
        positives: '3',
        negatives: '2',
        minimumPositives: '30',
        minimumNegatives: '30',
      }),
    );
    expect(words).toBe('Too few cases: 3 recalled and 2 not recalled; at least 30 and 30 are needed.');

    const reader = await signedInPage(browser, t.app.url, 'dr.martin', '/models');
    await reader
      .getByTestId('error')
      .getByText('Votre compte n’a pas l’autorisation de faire ceci (model:manage).')
      .waitFor();
  });
});
