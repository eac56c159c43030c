/**
 * The training exports page in Chromium, on the real bridge, Orthanc, PostgreSQL and Redis, with
 * the real worker writing the export: a physician-admin selects the signed demo case, starts the
 * export, watches it go from queued to released without reloading, and opens its verification
 * report and provenance; a bad date range is refused in French and stores nothing; a radiologist is
 * refused; the page's own words are all French in French and all English in English.
 */
import { readFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { jest } from '@jest/globals';
import type { WorkerServices } from '@sentinelle/inference-worker';
import { loadTestModel, startTestWorker } from '@sentinelle/inference-worker/testing';
import { launchChromium, screenshotDir } from '@sentinelle/ohif-extensions/testing';
import { assessedDraft } from '@sentinelle/reporting/testing/report';
import type { Browser, Page } from 'playwright-core';
import { uniqueName } from '../testing/harness';
import { keptMassRevision } from '../testing/mammography';
import { useReadingApp } from '../testing/readingApp';
import { TEST_PASSWORD } from '../testing/testUsers';
import { signedInPage } from './testing/signedInPage';

jest.setTimeout(300_000);

const t = useReadingApp();
let browser: Browser;
let work: string;
let worker: WorkerServices | undefined;
let shots: string;

beforeAll(async () => {
  [browser, work, shots] = await Promise.all([
    launchChromium(),
    mkdtemp(join(tmpdir(), 'sentinelle-training-page-')),
    screenshotDir('training-exports-page'),
  ]);
});
afterEach(async () => {
  await worker?.stop();
  await worker?.model.release();
  worker = undefined;
});
afterAll(async () => {
  await browser?.close();
  await rm(work, { recursive: true, force: true });
});

/**
 * The demo case: PAT-PAGE's left CC + MLO, the AI mass kept by dr.martin, reported BI-RADS 2 and
 * signed. Returns its CC's SOP Instance UID.
 */
async function signedCase(): Promise<string> {
  const { study, uid } = await t.analysedStudy({ patientId: 'PAT-PAGE' });
  const revised = await t.api(`/api/studies/${uid}/revisions`, {
    method: 'POST',
    body: keptMassRevision(study.sources[0]!),
  });
  expect(revised.status).toBe(201);
  const report = `/api/studies/${uid}/report`;
  const content = assessedDraft((await t.api(report)).body.draft.content);
  expect((await t.api(`${report}/draft`, { method: 'PUT', body: content })).status).toBe(200);
  const signed = await t.api(`${report}/sign`, { method: 'POST', body: { password: TEST_PASSWORD } });
  expect(signed.status).toBe(200);
  return study.sources[0]!.sopInstanceUid;
}

/**
 * The worker, taking training exports (its analysis queue is one nobody fills: the demo case's
 * analysis is already done).
 */
async function startWorker(exportsDir: string): Promise<WorkerServices> {
  return startTestWorker(await loadTestModel(), {
    orthanc: t.orthanc,
    databaseUrl: t.database.url,
    redisUrl: t.redisUrl,
    queueName: uniqueName('page-analysis'),
    trainingExports: { exportsDir, dataDir: work },
  });
}

const storedExports = async () =>
  (await t.app.ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM training_export')).rows[0]!.n;

type Language = 'fr' | 'en';

/** The words (four letters or more, lower-cased) of some texts. */
function wordsOf(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap((text) => text.toLowerCase().match(/\p{L}{4,}/gu) ?? []));
}

/** The page script's own strings per language, as it hands them to SentinellePage. */
async function scriptStrings(): Promise<Record<Language, Record<string, string>>> {
  const script = await readFile(
    fileURLToPath(new URL('./pages/trainingExports.js', import.meta.url)),
    'utf8',
  );
  let strings: Record<Language, Record<string, string>> | undefined;
  const window = {
    SentinellePage(given: typeof strings) {
      strings = given;
      throw new Error('strings read');
    },
    SentinelleLanguage: {},
  };
  expect(() => runInNewContext(script, { window })).toThrow('strings read');
  return strings!;
}

/** The French texts of the page's HTML (its data-t elements), as a French page first shows them. */
const frenchMarkup = (page: Page) =>
  page.locator('[data-t]').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''));

/**
 * Words of the page's text that only the other language's strings hold; `data` (a folder name on
 * the server, say) is left out: it is the same in both languages.
 */
async function foreignWords(
  page: Page,
  language: Language,
  owned: { strings: Record<Language, Record<string, string>>; frenchMarkup: readonly string[] },
  data: readonly string[],
): Promise<string[]> {
  const french = wordsOf([...Object.values(owned.strings.fr), ...owned.frenchMarkup]);
  const english = wordsOf(Object.values(owned.strings.en));
  const [own, other] = language === 'fr' ? [french, english] : [english, french];
  const text = data.reduce((t, d) => t.split(d).join(' '), await page.locator('main').innerText());
  const shown = wordsOf([text]);
  return [...shown].filter((word) => other.has(word) && !own.has(word));
}

describe('training exports page', () => {
  test('a physician-admin exports the demo case from /training-exports and reads its verification report; a bad range and a radiologist are refused', async () => {
    const cc = await signedCase();
    // Without a session the page sends the browser to sign in first, and back after.
    const anonymous = await browser.newPage();
    await anonymous.goto(`${t.app.url}/training-exports`);
    await anonymous.waitForURL(`${t.app.url}/login?next=%2Ftraining-exports`);
    await anonymous.close();
    const exportsDir = join(work, 'training-exports');
    const page = await signedInPage(browser, t.app.url, 'dr.lefevre', '/training-exports');
    await page.getByTestId('exports-table').getByText('Aucun export.').waitFor();
    const owned = { strings: await scriptStrings(), frenchMarkup: await frenchMarkup(page) };

    // A range that ends before it starts: refused in French, nothing stored.
    await page.getByTestId('from').fill('31/12/2025');
    await page.getByTestId('to').fill('01/01/2025');
    await page.getByTestId('start').click();
    await page
      .getByTestId('error')
      .getByText(
        'Demande d’export invalide : vérifiez les dates (jj/mm/aaaa, la première au plus tard le jour de la seconde)',
        { exact: false },
      )
      .waitFor();
    await page.screenshot({ path: join(shots, '01-bad-range-fr.png'), fullPage: true });
    expect(await storedExports()).toBe(0);
    expect(await page.getByTestId('exports-table').textContent()).toContain('Aucun export.');

    // The demo case's year, BI-RADS 2: queued while no worker runs yet.
    await page.getByTestId('from').fill('01/01/2025');
    await page.getByTestId('to').fill('31/12/2025');
    await page.getByTestId('assessment-2').check();
    await page.getByTestId('start').click();
    await page.getByTestId('saved').getByText('Export demandé : 1 examen(s) retenu(s).').waitFor();
    expect(await page.getByTestId('error').textContent()).toBe('');
    expect(await page.getByTestId('selected').textContent()).toBe(
      'Non retenus : 0 en attente du résultat anatomopathologique, 0 d’une autre catégorie, 0 sans analyse terminée.',
    );
    const [listed] = (await t.api('/api/training-exports', { as: 'dr.lefevre' })).body.exports;
    expect(listed).toMatchObject({ state: 'queued', cases: 1, criteria: { assessments: ['2'] } });
    const row = `export-${listed.id}`;
    await page.getByTestId(`${row}-state`).getByText('en attente').waitFor();
    expect(await page.getByTestId(row).textContent()).toContain('du 01/01/2025 au 31/12/2025, BI-RADS 2');
    await page.screenshot({ path: join(shots, '02-queued-fr.png'), fullPage: true });

    // The worker takes it; the page follows it to released without a reload.
    worker = await startWorker(exportsDir);
    await page
      .getByTestId(`${row}-state`)
      .getByText('disponible', { exact: true })
      .waitFor({ timeout: 240_000 });
    expect(await page.getByTestId(`${row}-location`).textContent()).toBe(
      `released/${listed.id} (dans le dossier des exports du serveur : SENTINELLE_DATA_DIR/training-exports, .data/training-exports par défaut)`,
    );
    await stat(join(exportsDir, 'released', listed.id, 'verification-report.md'));

    // Its verification report and provenance.
    await page.getByTestId(`${row}-open`).click();
    await page
      .getByTestId('verification-passed')
      .getByText('Vérification réussie : aucune donnée identifiante trouvée.')
      .waitFor();
    expect(await page.getByTestId('detail-state').textContent()).toContain('État : disponible. Demandé par');
    // Two images and the signed report's de-identified FHIR Bundle.
    expect(await page.getByTestId('verification-counts').textContent()).toBe(
      '3 fichier(s) contrôlé(s) (' +
        (await attributesChecked(listed.id)) +
        ' attributs), 1 examen(s), 1 patiente(s).',
    );
    expect(await page.getByTestId('verification-findings').textContent()).toBe('Aucun constat.');
    expect(await page.getByTestId('k-anonymity').textContent()).toBe(
      'k-anonymat sur la tranche d’âge, le sexe et le site : k = 1',
    );
    const cases = await page.getByTestId('provenance-cases').textContent();
    expect(cases).toMatch(
      /^ANON-[A-Z2-7]{16} \(site main\) : 2 image\(s\) ; sein gauche BI-RADS 2 → bénin ;/,
    );
    expect(cases).toContain('signé par dr.martin');
    expect(cases).toContain('marques : 1 du modèle test-model@0.0.1-test gardée(s) par dr.martin');
    expect(cases).not.toContain('PAT-PAGE');
    await page.screenshot({ path: join(shots, '03-released-report-fr.png'), fullPage: true });
    const folder = [`released/${listed.id}`];
    expect(await foreignWords(page, 'fr', owned, folder)).toEqual([]);

    // Keeping the accession number verbatim fails the verification: not released, and why.
    await page.getByTestId('keep-attributes').fill('0008,0050');
    await page.getByTestId('start').click();
    await page.getByTestId('saved').getByText('Export demandé : 1 examen(s) retenu(s).').waitFor();
    const [leaking] = (await t.api('/api/training-exports', { as: 'dr.lefevre' })).body.exports;
    expect(leaking).toMatchObject({ criteria: { keepAttributes: ['00080050'] } });
    await page
      .getByTestId(`export-${leaking.id}-state`)
      .getByText('vérification échouée')
      .waitFor({ timeout: 240_000 });
    expect(await page.getByTestId(`export-${leaking.id}-location`).textContent()).toBe('non disponible');
    await page
      .getByTestId('verification-passed')
      .getByText('Vérification échouée : l’export n’est pas mis à disposition.')
      .waitFor();
    expect(await page.getByTestId('verification-findings').textContent()).toMatch(
      /Accession Number \(0008,0050\)/,
    );
    // Said once, in the report: the recorded reasons repeat its findings.
    expect(await page.getByTestId('detail-reasons').textContent()).toBe('');
    await page.screenshot({ path: join(shots, '03b-failed-verification-fr.png'), fullPage: true });
    await page.close();

    // The same export in English.
    const english = await signedInPage(browser, t.app.url, 'dr.lefevre', '/training-exports?lng=en');
    await english.getByTestId(`${row}-state`).getByText('released', { exact: true }).waitFor();
    expect(await english.locator('h1').textContent()).toBe('Training exports');
    await english.getByTestId(`${row}-open`).click();
    await english
      .getByTestId('verification-passed')
      .getByText('Verification passed: no identifying data found.')
      .waitFor();
    expect(await english.getByTestId('provenance-cases').textContent()).toContain(
      'left breast BI-RADS 2 → benign',
    );
    await english.screenshot({ path: join(shots, '04-released-report-en.png'), fullPage: true });
    expect(await foreignWords(english, 'en', owned, folder)).toEqual([]);
    // The two refusals of the export's API, in English.
    await english.getByTestId('from').fill('01/01/2020');
    await english.getByTestId('to').fill('31/12/2020');
    await english.getByTestId('start').click();
    await english
      .getByTestId('error')
      .getByText('No study fits: no study of your patients in these dates has a signed report', {
        exact: false,
      })
      .waitFor();
    await english.getByTestId('from').fill('2025');
    await english.getByTestId('start').click();
    await english
      .getByTestId('error')
      .getByText('Invalid export request: check the dates', { exact: false })
      .waitFor();
    expect(await storedExports()).toBe(2);
    await english.close();

    // An image deleted from Orthanc after the selection: the export fails, and the page says why.
    expect(await t.client.deleteInstance((await t.client.findInstance(cc))!)).toBe(true);
    const again = await signedInPage(browser, t.app.url, 'dr.lefevre', '/training-exports');
    await again.getByTestId('from').fill('01/01/2025');
    await again.getByTestId('to').fill('31/12/2025');
    await again.getByTestId('start').click();
    await again.getByTestId('saved').getByText('Export demandé : 1 examen(s) retenu(s).').waitFor();
    const [orphan] = (await t.api('/api/training-exports', { as: 'dr.lefevre' })).body.exports;
    await again
      .getByTestId(`export-${orphan.id}-state`)
      .getByText('échec', { exact: true })
      .waitFor({ timeout: 240_000 });
    await again
      .getByTestId('detail-reasons')
      .getByText('case 1: an image was deleted from Orthanc after the export was asked for', { exact: false })
      .waitFor();
    expect(await again.getByTestId('verification').textContent()).toBe(
      'Pas de rapport : l’export a échoué avant d’être vérifié.',
    );
    await again.screenshot({ path: join(shots, '06-failed-fr.png'), fullPage: true });
    await again.close();

    // A radiologist lacks model:manage: the refusal, and no export listed.
    const reader = await signedInPage(browser, t.app.url, 'dr.martin', '/training-exports');
    await reader
      .getByTestId('error')
      .getByText('Votre compte n’a pas l’autorisation de faire ceci (model:manage).')
      .waitFor();
    expect(await reader.getByTestId('exports-table').locator('tbody tr').count()).toBe(0);
    await reader.screenshot({ path: join(shots, '05-radiologist-refused-fr.png'), fullPage: true });
    await reader.close();
  });
});

/** The attributes the verification checked, from the report as the API gives it. */
async function attributesChecked(id: string): Promise<number> {
  const { verification } = (await t.api(`/api/training-exports/${id}`, { as: 'dr.lefevre' })).body;
  return verification.files.reduce(
    (sum: number, f: { attributesChecked: number }) => sum + f.attributesChecked,
    0,
  );
}
