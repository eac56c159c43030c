/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * One language at a time, in Debian's Chromium against the whole stack (startWorkspace): in French
 * then in English, a walk through the sign-in page (and a wrong password), the worklist with its
 * preview and user menu, the study with each panel (AI, validate, modify, consult, report), the
 * bridge's own pages (accounts, audit trail, templates), a refusal (the audit trail for a
 * radiologist), OHIF's /local and an unknown address (not found). On each page every text a user
 * sees (the page's text, its title and the title, aria-label and placeholder attributes) is read,
 * and no string of the other language may be there: our own string tables (each string that is not
 * the same in both languages), the bridge pages' words, and OHIF's English chrome for the French
 * walk. Each page leaves a screenshot, `<language>-<step>.png`.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import '../extension-mammo-ai/src/hangingProtocols/viewingStrings';
import { stringTables, type Language } from '../extension-mammo-ai/src/i18n';
import { OHIF_CHROME_FRENCH } from '../extension-mammo-ai/src/ohifChromeWords';
import '../extension-mammo-ai/src/panels/panelStrings';
import '../extension-mammo-ai/src/panels/report/reportStrings';
import '../extension-mammo-ai/src/worklist/worklistStrings';
import { startWorkspace, type Workspace } from './testing/workspace';
import { aiMarksPlaced, chooseLanguage } from './testing/viewerPage';

jest.setTimeout(600_000);

/** Shown in both languages on purpose: the language switch names each language in itself. */
const BOTH = new Set(['Français', 'English', 'Sentinelle']);

/** What a French page must not say, besides our English strings: OHIF's and the bridge's English. */
const ENGLISH_ELSEWHERE = [
  ...Object.keys(OHIF_CHROME_FRENCH),
  'Open Health Imaging Foundation',
  'OHIF Viewer',
  'wrong password',
  'this needs the permission',
  'sign in first',
  'Sign in',
  'Password',
  'Audit trail',
  'Accounts',
  'Report templates',
  'Error (404)',
  "We can't find the page you're looking for.",
  'Return to Study List',
];

/** What an English page must not say, besides our French strings: the bridge's French, French typography. */
const FRENCH_ELSEWHERE = [
  'Se connecter',
  'Mot de passe',
  'Identifiant',
  'Journal d’audit',
  "Journal d'audit",
  'Comptes',
  'Modèles de compte rendu',
  'Rechercher',
  '«',
  '»',
  '\u00a0:',
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `phrase` as a whole word or phrase of `text`, case-sensitive (so "Reset" is not found in "Resets"). */
function says(text: string, phrase: string): boolean {
  if (/^\W/.test(phrase) || /\W$/.test(phrase)) return text.includes(phrase);
  return new RegExp(`(?<![\\p{L}\\p{N}])${escape(phrase)}(?![\\p{L}\\p{N}])`, 'u').test(text);
}

/**
 * The strings of `language`'s tables that must never show in the other language: those that differ
 * from the other language's string of the same key, cut at their placeholders, the longer pieces only
 * (a lone "mm" or "CC" means nothing), and none that is also a string of the other language.
 */
function stringsOf(language: Language): string[] {
  const tables = stringTables();
  const other = tables[language === 'fr' ? 'en' : 'fr'];
  const otherValues = Object.values(other);
  const pieces = new Set<string>();
  for (const [key, value] of Object.entries(tables[language])) {
    if (other[key] === value) continue;
    for (const piece of value.split(/\{\w+\}/)) {
      const trimmed = piece.replace(/^[\s\u00a0:,.·()—–-]+|[\s\u00a0:,.·()—–-]+$/g, '');
      // Not a word the other language uses too ("Point" in "Point (calcifications)").
      if (trimmed.length < 4 || BOTH.has(trimmed) || otherValues.some((v) => says(v, trimmed))) continue;
      pieces.add(trimmed);
    }
  }
  return [...pieces];
}

const FORBIDDEN: Record<Language, string[]> = {
  fr: [...stringsOf('en'), ...ENGLISH_ELSEWHERE],
  en: [...stringsOf('fr'), ...FRENCH_ELSEWHERE],
};

let w: Workspace;
let page: Page;
/** The study's data (names, descriptions): shown as stored, in whatever language it was written. */
let data: string[] = [];

beforeAll(async () => {
  w = await startWorkspace('languages');
  page = w.page;
  const { studies } = await w.readerApi('/worklist');
  // Longest first: a name is removed before a shorter piece of it.
  data = studies
    .flatMap((s: any) => {
      const name: string = s.patient?.name ?? '';
      return [s.description, name, name.replace(/\^/g, ', '), name.replace(/\^/g, ' ')];
    })
    .filter((value: unknown): value is string => typeof value === 'string' && value.length > 0)
    .sort((a: string, b: string) => b.length - a.length);
});

afterAll(() => w?.stop());

/** Every text a user sees on the page: its text, its title, and the attributes read or shown to her. */
function visibleTexts(): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as any;
    const parts: string[] = [document.title, document.body.innerText];
    for (const element of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      for (const name of ['title', 'aria-label', 'placeholder']) {
        const value = element.getAttribute(name);
        if (value) parts.push(value);
      }
    }
    return parts.join('\n');
  });
}

/** Reads the page, keeps a screenshot of it, and fails on any string of the other language. */
async function onlyIn(language: Language, step: string): Promise<void> {
  await page.waitForTimeout(300); // what the last click started has rendered
  await w.shot(`${language}-${step}`);
  let text = await visibleTexts();
  for (const value of data) text = text.split(value).join(' ');
  // Each string found, with what surrounds it on the page (where to look).
  const found = FORBIDDEN[language]
    .filter((phrase) => says(text, phrase))
    .map((phrase) => {
      const at = text.indexOf(phrase);
      return `${phrase} in “${text.slice(Math.max(0, at - 40), at + phrase.length + 40).replace(/\s+/g, ' ')}”`;
    });
  expect({ step, otherLanguage: found }).toEqual({ step, otherLanguage: [] });
}

async function signOut(): Promise<void> {
  await page.evaluate(async () => {
    const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken?: string };
    await fetch('/api/auth/sign-out', {
      method: 'POST',
      headers: { 'x-csrf-token': session.csrfToken ?? '' },
    });
  });
}

for (const language of ['fr', 'en'] as const) {
  describe(`the ${language === 'fr' ? 'French' : 'English'} walk`, () => {
    test(`the sign-in page and a wrong password are in ${language} only`, async () => {
      await page.goto(`${w.app.url}/login`);
      await chooseLanguage(page, language);
      await page.goto(`${w.app.url}/login`);
      await page.getByTestId('password-step').waitFor();
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe(language);
      await onlyIn(language, '01-sign-in');
      await page.getByTestId('password-step').locator('input[name=login]').fill('dr.martin');
      await page.getByTestId('password-step').locator('input[name=password]').fill('not the password');
      await page.getByTestId('password-step').locator('button[type=submit]').click();
      await page.locator('[data-testid="error"]:not(:empty)').waitFor({ timeout: 30_000 });
      await onlyIn(language, '02-wrong-password');
    });

    test(`a refusal (the audit trail for a radiologist) is in ${language} only`, async () => {
      await w.signInAs('dr.martin', '/audit');
      await page.locator('#error:not(:empty)').waitFor({ timeout: 30_000 });
      await onlyIn(language, '03-audit-refused');
    });

    test(`the worklist, its preview and the user menu are in ${language} only, under Sentinelle's name`, async () => {
      await page.goto(`${w.app.url}/`);
      await page.getByTestId('worklist-open').first().waitFor({ timeout: 60_000 });
      await page.getByTestId('sentinelle-logo').first().waitFor();
      await onlyIn(language, '04-worklist');
      await page
        .getByTestId('worklist-open')
        .first()
        .locator('xpath=ancestor::tr')
        .click({ position: { x: 5, y: 5 } });
      await onlyIn(language, '05-worklist-preview');
      await page.getByTestId('user-menu-button').click();
      await page.getByTestId('user-menu-sign-out').waitFor();
      await onlyIn(language, '06-user-menu');
      await page.getByTestId('user-menu-button').click();
    });

    test(`the study and each of its panels are in ${language} only`, async () => {
      await w.openStudy();
      await aiMarksPlaced(page);
      await page.getByTestId('exam-reading').waitFor({ timeout: 60_000 });
      await page.getByTestId('sentinelle-logo').first().waitFor();
      await onlyIn(language, '07-study-ai-panel');
      await page.getByTestId('btn-validate').click();
      await page.getByTestId('validate-form').waitFor();
      await onlyIn(language, '08-validate-form');
      await page.getByTestId('btn-modify').click();
      await page.getByTestId('modify-form').waitFor();
      await onlyIn(language, '09-modify-form');
      await page.getByTestId('btn-consult').click();
      await page.getByTestId('consult-form').waitFor();
      await onlyIn(language, '10-consult-form');
      await page.getByTestId('btn-open-report').click();
      await page.getByTestId('report-panel').waitFor({ timeout: 30_000 });
      await onlyIn(language, '11-report-panel');
    });

    test(`the bridge's pages, /local and an unknown address are in ${language} only`, async () => {
      await signOut();
      await w.signInAs('dr.lefevre', '/users');
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      await onlyIn(language, '12-accounts');
      await page.goto(`${w.app.url}/audit`);
      await page.locator('[data-testid="audit-table"] tbody tr').first().waitFor({ timeout: 30_000 });
      await onlyIn(language, '13-audit');
      await page.goto(`${w.app.url}/templates`);
      await page.waitForLoadState('networkidle');
      await onlyIn(language, '14-templates');
      await page.goto(`${w.app.url}/local`);
      await page.getByTestId('sentinelle-not-found').waitFor({ timeout: 60_000 });
      expect(new URL(page.url()).pathname).toBe('/local');
      await onlyIn(language, '15-local-not-found');
      await page.goto(`${w.app.url}/no-such-page`);
      await page.getByTestId('sentinelle-not-found').waitFor({ timeout: 60_000 });
      await onlyIn(language, '16-not-found');
      await page.getByTestId('not-found-back').click();
      await page.getByTestId('worklist-open').first().waitFor({ timeout: 60_000 });
      await signOut();
    });
  });
}
