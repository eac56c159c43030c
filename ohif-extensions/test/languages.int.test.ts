/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * One language at a time, in Debian's Chromium against the whole stack (startWorkspace): in French
 * then in English, a walk through the sign-in page (and a wrong password), a refusal (the audit trail
 * for a radiologist), the worklist with its preview (our mode the only one offered), user menu,
 * settings menu and OHIF's preferences dialog (its language menu: French and English only, the
 * language in use shown, a choice there switching the whole UI), a notification (a colleague
 * answered), the date filter's calendar, the study with each panel (AI, validate, modify, consult,
 * report), the sign dialog's wrong password, the viewer's header menu and preferences, the bridge's
 * own pages (accounts, audit trail and its date filter, templates, identity conflicts, AI models,
 * training exports), OHIF's /local and an unknown address (not found). On each page every text a user sees (the page's text, its title and
 * the title, aria-label and placeholder attributes) is read, and no string of the other language may
 * be there: our own string tables (each string that is not the same in both languages), the bridge
 * pages' words, OHIF's English chrome for the French walk, and any native date input (drawn in the
 * browser's locale). Each page leaves a screenshot, `<language>-<step>.png`.
 */
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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { REPO_ROOT } from '@sentinelle/config';
import {
  orthancClient,
  sessionHeaders,
  sessionOf,
  storeStudy,
  TEST_PASSWORD,
  waitUntil,
} from '@sentinelle/orthanc-bridge/testing';
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
  'mm/dd/yyyy',
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
  // OHIF's modes that we do not offer (the preview lists ours only)
  'Basic Viewer',
  'Visionneuse de base',
  // The worker's series descriptions before they became language-neutral
  'AI results',
  'Mammography CAD',
  'Lesion masks',
  // The calendar of the worklist's date filter (react-day-picker's English)
  'Go to the Previous Month',
  'Go to the Next Month',
  'Choose the Month',
  'Choose the Year',
  'Today',
  'Monday',
  'Sunday',
];

/** What an English page must not say, besides our French strings: the bridge's French, French typography. */
const FRENCH_ELSEWHERE = [
  'mm/dd/yyyy',
  'Se connecter',
  'Mot de passe',
  'Identifiant',
  'Journal d’audit',
  "Journal d'audit",
  'Comptes',
  'Modèles de compte rendu',
  'Rechercher',
  'Identités en conflit',
  'née le',
  'jj/mm/aaaa',
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
 * The pieces of `mine`, cut at their placeholders, that `theirs` never says: the longer ones only (a
 * lone "mm" or "CC" means nothing), and not a word the other language uses too ("Point" in "Point
 * (calcifications)").
 */
function piecesOnlyIn(mine: readonly string[], theirs: readonly string[]): string[] {
  const pieces = new Set<string>();
  for (const value of mine)
    for (const piece of value.split(/\{\w+\}/)) {
      const trimmed = piece.replace(/^[\s\u00a0:;,.·()—–-]+|[\s\u00a0:;,.·()—–-]+$/g, '');
      if (trimmed.length >= 4 && !BOTH.has(trimmed) && !theirs.some((v) => says(v, trimmed)))
        pieces.add(trimmed);
    }
  return [...pieces];
}

/**
 * The strings of `language`'s tables that must never show in the other language: the pieces of those
 * that differ from the other language's string of the same key.
 */
function stringsOf(language: Language): string[] {
  const tables = stringTables();
  const other = tables[language === 'fr' ? 'en' : 'fr'];
  const differing = Object.entries(tables[language])
    .filter(([key, value]) => other[key] !== value)
    .map(([, value]) => value);
  return piecesOnlyIn(differing, Object.values(other));
}

/** Every string of a nested table (a page's `errors` included). */
const flatten = (table: object): string[] =>
  Object.values(table).flatMap((value) => (typeof value === 'string' ? [value] : flatten(value)));

const PAGES = join(REPO_ROOT, 'orthanc-bridge', 'src', 'web', 'pages');

/**
 * What a page of the bridge owned elsewhere must not say in each language, from its own files: its
 * script's `STRINGS` table (French and English) and the French its HTML is written in before the
 * script translates it (each `data-t` element and the title).
 */
function bridgePageWords(html: string, script: string): Record<Language, string[]> {
  const source = readFileSync(join(PAGES, script), 'utf8');
  const literal = /var STRINGS = (\{[\s\S]*?\n {2}\});/.exec(source)?.[1];
  if (!literal) throw new Error(`${script}: no STRINGS table to read its words from`);
  const strings = new Function(`return ${literal};`)() as Record<Language, object>;
  const page = readFileSync(join(PAGES, html), 'utf8');
  const written = [...page.matchAll(/<[a-z0-9]+\b[^>]*\bdata-t="[^"]*"[^>]*>([^<]+)</g)]
    .map((match) => match[1]!.replace(/\s+/g, ' ').trim())
    .concat(/<title>([^<]*)<\/title>/.exec(page)?.[1] ?? []);
  const french = [...flatten(strings.fr), ...written];
  const english = flatten(strings.en);
  return { fr: piecesOnlyIn(english, french), en: piecesOnlyIn(french, english) };
}

/** By language, what each of those pages must not say: the other language's words. */
const MODELS_PAGE = bridgePageWords('models.html', 'models.js');
const TRAINING_EXPORTS_PAGE = bridgePageWords('trainingExports.html', 'trainingExports.js');

const FORBIDDEN: Record<Language, string[]> = {
  fr: [...stringsOf('en'), ...ENGLISH_ELSEWHERE],
  en: [...stringsOf('fr'), ...FRENCH_ELSEWHERE],
};

let w: Workspace;
let page: Page;
/** The study's data (names, descriptions): shown as stored, in whatever language it was written. */
let data: string[] = [];

/** A patient whose second study arrives under another name: an identity conflict to decide. */
const CONFLICT = { patientId: 'LANG-CONFLICT', names: ['CONFLIT^Alice', 'AUTRENOM^Alice'] } as const;

beforeAll(async () => {
  w = await startWorkspace('languages');
  page = w.page;
  const client = orthancClient(w.orthanc);
  for (const [i, patientName] of CONFLICT.names.entries()) {
    await storeStudy(client, {
      patientId: CONFLICT.patientId,
      patientName,
      birthDate: i === 0 ? '19690412' : '19690421',
      views: ['RCC'],
    });
    // The recorded identity first: the second study is the one that disagrees with it.
    if (i === 0)
      await waitUntil('the first study of the conflicting patient listed', async () => {
        const { studies } = await w.readerApi('/worklist');
        return studies.some((s: any) => s.patient?.patientId === CONFLICT.patientId) ? true : undefined;
      });
  }
  await waitUntil('the identity conflict recorded', async () => {
    const { conflicts } = await w.readerApi('/patients/identity-conflicts', 'dr.lefevre');
    return conflicts.length > 0 ? true : undefined;
  });
  const { studies } = await w.readerApi('/worklist');
  // Longest first: a name is removed before a shorter piece of it.
  data = studies
    .flatMap((s: any) => {
      const name: string = s.patient?.name ?? '';
      return [s.description, name, name.replace(/\^/g, ', '), name.replace(/\^/g, ' ')];
    })
    .concat(CONFLICT.names.flatMap((n) => [n, n.replace(/\^/g, ' '), n.replace(/\^/g, ', ')]))
    .filter((value: unknown): value is string => typeof value === 'string' && value.length > 0)
    .sort((a: string, b: string) => b.length - a.length);
});

afterAll(() => w?.stop());

/**
 * Every text a user sees on the page: its text, its title, and the attributes read or shown to her.
 * A native date input counts as English: the browser draws it in its own locale ("mm/dd/yyyy"),
 * whatever language the user chose.
 */
function visibleTexts(): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as any;
    const parts: string[] = [document.title, document.body.innerText];
    for (const input of document.querySelectorAll(
      'input[type=date], input[type=datetime-local], input[type=month], input[type=week], input[type=time]',
    ))
      parts.push(`native date input ${input.name || input.id}: mm/dd/yyyy`);
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
async function onlyIn(
  language: Language,
  step: string,
  alsoForbidden: readonly string[] = [],
): Promise<void> {
  await page.waitForTimeout(300); // what the last click started has rendered
  await w.shot(`${language}-${step}`);
  let text = await visibleTexts();
  for (const value of data) text = text.split(value).join(' ');
  // Each string found, with what surrounds it on the page (where to look).
  const found = [...FORBIDDEN[language], ...alsoForbidden]
    .filter((phrase) => says(text, phrase))
    .map((phrase) => {
      const at = text.indexOf(phrase);
      return `${phrase} in “${text.slice(Math.max(0, at - 40), at + phrase.length + 40).replace(/\s+/g, ' ')}”`;
    });
  expect({ step, otherLanguage: found }).toEqual({ step, otherLanguage: [] });
}

/** A call to the API as `login`, expecting success. */
async function apiAs(login: string, method: string, path: string, body: unknown): Promise<any> {
  const response = await fetch(`${w.app.url}/api${path}`, {
    method,
    headers: { ...sessionHeaders(await sessionOf(w.app.url, login)), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
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

    test(`the preview offers our mode only, in ${language}`, async () => {
      // The buttons under "open the study with": our mode's name, nothing of OHIF's own modes.
      const offered = await page.evaluate(() => {
        const { document } = globalThis as any;
        const heading = [...document.querySelectorAll('span')].find((s: any) =>
          ['Launch workflow', 'Ouvrir l’examen avec'].includes(s.textContent.trim()),
        );
        const box = heading?.parentElement?.parentElement;
        return box
          ? [...box.querySelectorAll('button')].map((b: any) => b.textContent.trim()).filter(Boolean)
          : null;
      });
      expect(offered).toEqual([language === 'fr' ? 'Mammographie IA' : 'Mammography AI']);
    });

    test(`the worklist's settings menu and OHIF's preferences are in ${language} only`, async () => {
      await page.locator('button[aria-label="Open settings"], button[aria-label="Réglages"]').click();
      const preferences = page.getByText(language === 'fr' ? 'Préférences' : 'Preferences', { exact: true });
      await preferences.waitFor();
      await onlyIn(language, '06a-settings-menu');
      await preferences.click();
      await page.getByRole('dialog').waitFor();
      await onlyIn(language, '06b-preferences');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
    });

    test(`a notification (a colleague answered) is in ${language} only`, async () => {
      const asked = await apiAs('dr.martin', 'POST', `/studies/${w.studyUid}/consultations`, {
        colleague: 'dr.bernard',
        note: 'Votre avis ?',
      });
      await apiAs('dr.bernard', 'POST', `/consultations/${asked.consultation.id}/answer`, {
        answer: 'Aspect bénin.',
      });
      await page.locator('[data-sonner-toast]').first().waitFor({ timeout: 30_000 });
      await onlyIn(language, '06c-notification');
    });

    test(`the date filter's calendar is in ${language} only`, async () => {
      // The date column shows once the preview is closed (the list is wide enough).
      await page.locator('button[aria-label="Close preview"], button[aria-label="Fermer l’aperçu"]').click();
      await page.locator('[data-cy="input-date-range-start"]').click();
      await page.locator('.rdp-root').first().waitFor();
      // The month menu: its short names, which only mean a month inside the calendar.
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      await onlyIn(language, '06d-date-calendar', language === 'fr' ? months : []);
      await page.keyboard.press('Escape');
      await page.locator('button[aria-label="Open preview"], button[aria-label="Ouvrir l’aperçu"]').click();
    });

    test(`OHIF's preferences offer French and English only, show the language in use, and switch the whole UI`, async () => {
      const other = language === 'fr' ? 'en' : 'fr';
      const names = language === 'fr' ? ['Français', 'Anglais'] : ['French', 'English'];
      const [inUse, otherName] = language === 'fr' ? names : [names[1]!, names[0]!];
      const dialog = page.getByRole('dialog');
      const menu = dialog.locator('button[aria-label="Language"], button[aria-label="Langue"]');
      const langIs = (lng: string) =>
        page.waitForFunction((lng) => (globalThis as any).document.documentElement.lang === lng, lng, {
          timeout: 60_000,
        });
      // The worklist's preferences: the two languages, the one in use shown.
      await page.locator('button[aria-label="Open settings"], button[aria-label="Réglages"]').click();
      await page.getByText(language === 'fr' ? 'Préférences' : 'Preferences', { exact: true }).click();
      await dialog.waitFor();
      await expect(menu.textContent()).resolves.toBe(inUse);
      await menu.click();
      await page.getByRole('option').first().waitFor();
      await expect(page.getByRole('option').allTextContents()).resolves.toEqual(names);
      await onlyIn(language, '06e-preferences-languages');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      // The viewer, its address naming the language as after the user menu: the choice made in
      // OHIF's dialog (which loads the page again) wins, in the whole UI.
      await page.goto(`${w.app.url}/mammo?StudyInstanceUIDs=${w.studyUid}&lng=${language}`);
      await page.getByTestId('exam-reading').waitFor({ timeout: 60_000 });
      await page.locator('button[aria-haspopup="menu"]').last().click();
      await page.getByRole('menuitem').nth(1).click();
      await dialog.waitFor();
      await expect(menu.textContent()).resolves.toBe(inUse);
      await menu.click();
      await page.getByRole('option', { name: otherName, exact: true }).click();
      await dialog
        .getByRole('button', { name: language === 'fr' ? 'Enregistrer' : 'Save', exact: true })
        .click();
      await langIs(other);
      await page.getByTestId('exam-reading').waitFor({ timeout: 60_000 });
      expect(new URL(page.url()).searchParams.get('lng')).toBe(other);
      await onlyIn(other, '06f-viewer-switched-by-preferences');
      // Back with the user menu (the header menu's first item), as the walk goes on in its language.
      await page.locator('button[aria-haspopup="menu"]').last().click();
      await page.getByRole('menuitem').first().click();
      const userMenu = page.getByTestId('viewer-user-menu-host');
      await expect(
        userMenu.getByTestId(`user-menu-language-${other}`).getAttribute('aria-checked'),
      ).resolves.toBe('true');
      await userMenu.getByTestId(`user-menu-language-${language}`).click();
      await langIs(language);
      await page.getByTestId('exam-reading').waitFor({ timeout: 60_000 });
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
      // The report's own language is the physician's choice, kept with it (the French walk wrote
      // this draft in French): she writes in the language she reads.
      await page.getByTestId('report-locale').selectOption(language);
      await w.draftSaved();
      await onlyIn(language, '11-report-panel');
    });

    test(`the sign dialog's wrong password is in ${language} only`, async () => {
      // A draft that may be signed: composition and each breast assessed consistently.
      const { draft } = await w.readerApi(`/studies/${w.studyUid}/report`);
      const lateralities = new Set(draft.content.findings.map((f: { laterality: string }) => f.laterality));
      await page.getByTestId('report-composition').selectOption('b');
      for (const side of ['R', 'L'])
        await page.getByTestId(`assessment-${side}`).selectOption(lateralities.has(side) ? '4' : '1');
      await w.draftSaved();
      await page.getByTestId('btn-sign-report').click();
      await page.getByTestId('sign-password').fill(`${TEST_PASSWORD}-not`);
      await page.getByTestId('confirm-sign').click();
      await page.getByTestId('sign-error').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('sign-error').textContent()).resolves.toBe(
        language === 'fr' ? 'Mot de passe incorrect.' : 'Wrong password.',
      );
      await page.getByTestId('sign-error').scrollIntoViewIfNeeded();
      await onlyIn(language, '11a-sign-wrong-password');
      // Cancelled: nothing signed, the dialog gone.
      await page.getByTestId('sign-dialog').getByRole('button').nth(1).click();
      await page.getByTestId('sign-dialog').waitFor({ state: 'hidden' });
    });

    test(`the viewer's header menu and OHIF's preferences are in ${language} only`, async () => {
      // OHIF's header menu: the last menu button of the viewer's top bar (a gear).
      await page.locator('button[aria-haspopup="menu"]').last().click();
      await page.getByRole('menuitem').first().waitFor();
      await onlyIn(language, '11b-viewer-menu');
      await page.getByRole('menuitem').nth(1).click();
      await page.getByRole('dialog').waitFor();
      await onlyIn(language, '11c-viewer-preferences');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      // Its first item, in place of OHIF's "About": our user menu, in a modal.
      await page.locator('button[aria-haspopup="menu"]').last().click();
      await page.getByRole('menuitem').first().click();
      await page.getByTestId('viewer-user-menu-host').getByTestId('user-menu-sign-out').waitFor();
      await onlyIn(language, '11d-viewer-user-menu');
      await page.keyboard.press('Escape');
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
      // The dates are typed dd/mm/yyyy whatever the browser's locale; another shape is refused, in words.
      const filters = page.getByTestId('audit-filters');
      await filters.locator('input[name=from]').fill('2026-12-07');
      await filters.locator('button[type=submit]').click();
      await expect(page.locator('#error').textContent()).resolves.toBe(
        language === 'fr'
          ? 'Date invalide : écrivez-la jj/mm/aaaa (par exemple 07/12/2026).'
          : 'Invalid date: write it dd/mm/yyyy (for example 07/12/2026).',
      );
      await onlyIn(language, '13a-audit-bad-date');
      const today = new Date().toLocaleDateString('fr-FR', { timeZone: 'UTC' });
      await filters.locator('input[name=from]').fill(today);
      await filters.locator('input[name=to]').fill(today);
      await filters.locator('button[type=submit]').click();
      await page.locator('#error:empty').waitFor();
      await page.locator('[data-testid="audit-table"] tbody tr').first().waitFor({ timeout: 30_000 });
      await page.goto(`${w.app.url}/templates`);
      await page.waitForLoadState('networkidle');
      await onlyIn(language, '14-templates');
      await page.goto(`${w.app.url}/identity-conflicts`);
      await page.locator('[data-testid="conflicts-table"] tbody tr').first().waitFor({ timeout: 30_000 });
      await onlyIn(language, '14a-identity-conflicts');
      // The AI models and training exports pages (model:manage, a physician-admin's).
      await page.goto(`${w.app.url}/models`);
      await page.locator('[data-testid="in-use"]:not(:empty)').waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      await onlyIn(language, '14b-models', MODELS_PAGE[language]);
      await page.goto(`${w.app.url}/training-exports`);
      await page.locator('[data-testid="assessments"] input').first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      await onlyIn(language, '14c-training-exports', TRAINING_EXPORTS_PAGE[language]);
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
