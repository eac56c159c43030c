/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The radiologist's workspace end to end, in Debian's Chromium driven by playwright-core, against
 * the real stack: Orthanc, PostgreSQL, Redis, the bridge serving the pinned OHIF build, and the
 * inference worker with the shipped model. One 4-view FFDM exam goes in through storescu; the
 * steps follow a reading: worklist, the study in the mode, the AI marks, validate, modify, the
 * report (written, signed, downloaded, amended), consult. Each step leaves a screenshot in the
 * folder printed at the start.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OrthancHandle } from '@sentinelle/config';
import { dciodvfyErrors, orthancRest } from '@sentinelle/inference-worker/testing';
import type { AppServices } from '@sentinelle/orthanc-bridge';
import { fhirErrors, fromFhirXml, readPart10 } from '@sentinelle/reporting';
import { dsrdump, linesWith } from '@sentinelle/reporting/testing';
import { pdfsig } from '@sentinelle/reporting/testing/pdfsig';
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { aiMarksPlaced, dragIn, viewportsShowing as viewportsShowingOn } from './testing/viewerPage';
import { startWorkspace, type Workspace } from './testing/workspace';

jest.setTimeout(300_000);

let w: Workspace;
let orthanc: OrthancHandle;
let app: AppServices;
let page: Page;
let work: string;
let studyUid: string;
let priorUid: string;
let aiSrUid: string;

const VIEWPORTS = {
  RCC: ['R', '399162004'],
  LCC: ['L', '399162004'],
  RMLO: ['R', '399368009'],
  LMLO: ['L', '399368009'],
};

beforeAll(async () => {
  w = await startWorkspace('viewer-e2e');
  ({ orthanc, app, page, work, studyUid, priorUid, aiSrUid } = w);
});

afterAll(() => w?.stop());

const shot = (name: string) => w.shot(name);
const openStudy = () => w.openStudy();

/** The AI marks in cornerstone's annotation state once the mode placed them. */
async function aiMarks(): Promise<{ lesionKey: string; outline: [number, number][]; imageId: string }[]> {
  await aiMarksPlaced(page);
  return page.evaluate(() =>
    (globalThis as any).cornerstoneTools.annotation.state
      .getAllAnnotations()
      .filter((a: any) => a.metadata.toolName === 'SentinelleAiFinding')
      .map((a: any) => ({
        lesionKey: a.data.lesionKey,
        outline: a.data.outline,
        imageId: a.metadata.referencedImageId,
      })),
  );
}

/** The image region outlines of an SR, by the SOP Instance UID they are selected from. */
function srOutlines(dataset: any): { sop: string; points: number[] }[] {
  const found: { sop: string; points: number[] }[] = [];
  const walk = (items: any[] | undefined) => {
    for (const item of items ?? []) {
      if (item.ValueType === 'SCOORD' && item.GraphicType === 'POLYLINE') {
        const image = (item.ContentSequence ?? []).find((child: any) => child.ValueType === 'IMAGE');
        const sop =
          image?.ReferencedSOPSequence?.[0]?.ReferencedSOPInstanceUID ??
          image?.ReferencedSOPSequence?.ReferencedSOPInstanceUID;
        found.push({ sop, points: (item.GraphicData as number[]).map(Number) });
      }
      walk(item.ContentSequence);
    }
  };
  walk(dataset.ContentSequence);
  return found;
}

const readerApi = (path: string, reader?: string) => w.readerApi(path, reader);
const signInAs = (login: string, next?: string) => w.signInAs(login, next);

test('the viewer sends a browser without a session to the sign-in page, which comes back after sign-in', async () => {
  const viewer = `${app.url}/mammo?StudyInstanceUIDs=${studyUid}`;
  await page.goto(viewer);
  await page.waitForURL(/\/login\?next=/);
  expect(new URL(page.url()).searchParams.get('next')).toBe(`/mammo?StudyInstanceUIDs=${studyUid}`);
  // The viewer's files and the images are closed too.
  expect(
    (await fetch(`${app.url}/app-config.js`, { headers: { accept: 'application/javascript' } })).status,
  ).toBe(401);
  expect((await fetch(`${app.url}/dicom-web/studies/${studyUid}/series`)).status).toBe(401);
  await page.getByTestId('password-step').waitFor();
  await shot('00-sign-in');
  await page.getByTestId('password-step').locator('input[name=login]').fill('dr.martin');
  await page.getByTestId('password-step').locator('input[name=password]').fill('not the password');
  await page.getByTestId('password-step').locator('button[type=submit]').click();
  await expect(page.getByTestId('error').textContent()).resolves.toBeDefined();
  await page
    .getByTestId('error')
    .filter({ hasText: /incorrect|Wrong/ })
    .waitFor();
  await signInAs('dr.martin', `/mammo?StudyInstanceUIDs=${studyUid}`);
  expect(new URL(page.url()).pathname).toBe('/mammo');
});

test('the worklist shows the study with its AI status, screening category, exam score and probability', async () => {
  await page.goto(`${app.url}/`);
  await page.getByTestId('worklist-ai-status').first().waitFor({ timeout: 60_000 });
  await expect(page.getByTestId('worklist-ai-status').first().getAttribute('data-status')).resolves.toBe(
    'done',
  );
  const { studies } = await readerApi('/worklist');
  const entry = studies.find((s: any) => s.studyInstanceUid === studyUid);
  const cell = page.locator(`[data-testid="worklist-ai-score"][data-category="${entry.category}"]`).first();
  await expect(cell.getByTestId('worklist-ai-category').textContent()).resolves.toBe(
    { elevated: 'élevé', intermediate: 'intermédiaire', likelyNormal: 'probablement normal' }[
      entry.category as string
    ],
  );
  await expect(cell.getByTestId('worklist-ai-exam-score').textContent()).resolves.toBe(
    `${entry.examScore}/10`,
  );
  // French decimal comma by default.
  await expect(cell.getByTestId('worklist-ai-malignancy-score').textContent()).resolves.toMatch(
    /^\(\d,\d\d\)$/,
  );
  expect(await page.getByTestId('worklist-ai-score').allTextContents()).not.toContain(
    expect.stringMatching(/seuil|threshold/),
  );
  await shot('01-worklist');
});

const viewportsShowing = (ids: readonly string[]) => viewportsShowingOn(page, ids);

test('the study opens in the mode with each view in its viewport', async () => {
  await openStudy();
  await aiMarks();
  const ids = Object.keys(VIEWPORTS);
  expect(await viewportsShowing(ids)).toEqual(
    Object.entries(VIEWPORTS).map(([id, [laterality, view]]) => [id, studyUid, laterality, view]),
  );
  await page.getByTestId('exam-reading').waitFor();
  await expect(page.getByTestId('research-notice').textContent()).resolves.toContain('recherche');
  // One row per lesion of the exam (a lesion seen on CC and MLO is one row), as the findings list them.
  const { findings } = await readerApi(`/studies/${studyUid}/findings`);
  await expect(page.getByTestId('exam-reading').getAttribute('data-category')).resolves.toBe(
    findings.category,
  );
  await expect(page.getByTestId('exam-reading-exam-score').textContent()).resolves.toBe(
    `${findings.examScore}/10`,
  );
  expect(
    await page
      .getByTestId('lesion-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-lesion-id'))),
  ).toEqual(findings.lesions.map((l: any) => l.id));
  await expect(page.getByTestId('sentinelle-panel').textContent()).resolves.not.toMatch(/seuil|threshold/);
  await shot('02-mammo-mode');
});

test('the AI outlines sit at the coordinates of the AI SR', async () => {
  const marks = await aiMarks();
  expect(marks.length).toBeGreaterThan(0);
  const rest = orthancRest(orthanc);
  const [id] = await rest.instancesWithUid(aiSrUid);
  const sr = readPart10(await rest.bytes(`/instances/${id}/file`)) as any;
  const outlines = srOutlines(sr);
  for (const mark of marks) {
    const sop = mark.lesionKey.split(':')[0];
    // SR image coordinates put the top-left pixel's corner at (0, 0): pixel centres at +0.5.
    const expected = mark.outline.flatMap(([x, y]) => [x + 0.5, y + 0.5]);
    const match = outlines.find(
      (o) =>
        o.sop === sop &&
        o.points.length >= expected.length &&
        expected.every((v, i) => Math.abs(v - o.points[i]!) < 0.01),
    );
    expect(match).toBeDefined();
  }
});

/**
 * What the overlay drew in each viewport: AI outline polylines (canvas points) with where the
 * annotation state puts them, and the extent of each image layer of `kind` against the image's.
 */
async function drawnOverlay(kind: 'seg' | 'model-view') {
  return page.evaluate(
    ({ ids, kind }) => {
      const cs = (globalThis as any).cornerstone;
      const tools = (globalThis as any).cornerstoneTools;
      const engine = cs.getRenderingEngines()[0];
      return ids.map((id: string) => {
        const viewport = engine.getViewport(id);
        const imageId = viewport.getCurrentImageId();
        const marks = tools.annotation.state
          .getAllAnnotations()
          .filter(
            (a: any) =>
              a.metadata.toolName === 'SentinelleAiFinding' && a.metadata.referencedImageId === imageId,
          );
        const expected = marks.map((a: any) =>
          a.data.worldOutline.map((p: number[]) => viewport.worldToCanvas(p)),
        );
        const svg = viewport.element.querySelector('svg');
        const drawn = [...(svg?.querySelectorAll('polyline') ?? [])].map((node: any) =>
          [...node.points].map((p: any) => [p.x, p.y]),
        );
        const { columns, rows } = cs.metaData.get('imagePixelModule', imageId);
        const corner = (x: number, y: number) =>
          viewport.worldToCanvas(cs.utilities.imageToWorldCoords(imageId, [x - 0.5, y - 0.5]));
        const layers = [...(svg?.querySelectorAll(`image[data-sentinelle="${kind}"]`) ?? [])].map(
          (node: any) => {
            const m = node.transform.baseVal.consolidate().matrix;
            const w = Number(node.getAttribute('width'));
            const h = Number(node.getAttribute('height'));
            const outlines = [...svg.querySelectorAll('polyline')];
            return {
              paintedBeforeOutlines: outlines.every(
                (o: any) => node.compareDocumentPosition(o) & 4, // DOCUMENT_POSITION_FOLLOWING
              ),
              href: String(node.getAttribute('href')).slice(0, 22),
              topLeft: [m.e, m.f],
              bottomRight: [m.a * w + m.c * h + m.e, m.b * w + m.d * h + m.f],
            };
          },
        );
        return {
          id,
          canvas: [viewport.element.clientWidth, viewport.element.clientHeight],
          expected,
          drawn,
          layers,
          imageTopLeft: corner(0, 0),
          imageBottomRight: corner(columns, rows),
        };
      });
    },
    { ids: Object.keys(VIEWPORTS), kind },
  );
}

const near = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!) < 1;

test('every AI outline is drawn where the annotation state puts it, in view, in each viewport', async () => {
  await aiMarks();
  await page.waitForTimeout(500);
  const viewports = await drawnOverlay('seg');
  expect(viewports.some((v) => v.expected.length > 0)).toBe(true);
  for (const viewport of viewports) {
    for (const outline of viewport.expected) {
      const found = viewport.drawn.some(
        (points: number[][]) =>
          points.length >= outline.length && outline.every((p: number[], i: number) => near(p, points[i]!)),
      );
      // The whole image is in view, so every mark is too.
      const visible = outline.every(
        ([x, y]: number[]) => x! >= 0 && y! >= 0 && x! <= viewport.canvas[0]! && y! <= viewport.canvas[1]!,
      );
      expect({ viewport: viewport.id, found, visible }).toEqual({
        viewport: viewport.id,
        found: true,
        visible: true,
      });
    }
  }
  await shot('02b-ai-outlines');
});

test('the toggle lays each image as the model saw it exactly over the mammogram, and takes it away again', async () => {
  await page.getByTestId('toggle-model-view').check();
  await page.waitForFunction(
    () =>
      (globalThis as any).document.querySelectorAll('svg image[data-sentinelle="model-view"]').length === 4,
    undefined,
    { timeout: 30_000 },
  );
  for (const viewport of await drawnOverlay('model-view')) {
    expect(viewport.layers).toHaveLength(1);
    const [layer] = viewport.layers;
    expect(layer!.href).toBe('data:image/png;base64,');
    expect(near(layer!.topLeft, viewport.imageTopLeft)).toBe(true);
    expect(near(layer!.bottomRight, viewport.imageBottomRight)).toBe(true);
    // Under the AI marks, which stay visible over it.
    expect(layer!.paintedBeforeOutlines).toBe(true);
  }
  await shot('02c-model-view');
  await page.getByTestId('toggle-model-view').uncheck();
  await page.waitForFunction(
    () =>
      (globalThis as any).document.querySelectorAll('svg image[data-sentinelle="model-view"]').length === 0,
  );
});

test('the prior exam is found and the comparison layout puts current and prior of each view side by side', async () => {
  // Only the current study is named, as the worklist's link names it; the mode finds the prior.
  await page.goto(`${app.url}/mammo?StudyInstanceUIDs=${studyUid}&stageid=compare`);
  const layout = ['RCC', 'RCCPrior', 'LCCPrior', 'LCC', 'RMLO', 'RMLOPrior', 'LMLOPrior', 'LMLO'];
  const shown = await viewportsShowing(layout);
  expect(shown).toEqual(
    layout.map((id) => {
      const [laterality, view] = VIEWPORTS[id.replace('Prior', '') as keyof typeof VIEWPORTS];
      return [id, id.endsWith('Prior') ? priorUid : studyUid, laterality, view];
    }),
  );
  await shot('02d-compare-prior');
  await openStudy();
  await aiMarks();
});

test('validate records the agreement and BI-RADS, and shows it again after a reload', async () => {
  await page.getByTestId('btn-validate').click();
  await page.getByTestId('birads-select').selectOption('2');
  await page.getByTestId('submit-validation').click();
  await page.getByTestId('panel-message').waitFor();
  const reading = await readerApi(`/studies/${studyUid}/reading`);
  expect(reading.validations).toHaveLength(1);
  expect(reading.validations[0]).toMatchObject({
    overall: 'agree',
    birads: '2',
    reader: { login: 'dr.martin' },
  });
  await shot('03-validated');
  await page.reload();
  await page.getByTestId('history-validation').waitFor({ timeout: 60_000 });
  await expect(page.getByTestId('history-validation').textContent()).resolves.toContain('BI-RADS 2');
  await shot('04-validated-after-reload');
});

test('modify stores a new SR revision in Orthanc, with the AI SR as predecessor, that passes dciodvfy', async () => {
  await aiMarks();
  await page.getByTestId('btn-modify').click();
  await page.getByTestId('tool-ellipse').click();
  await dragIn(page, 'RCC', 0.8, 0.45);
  await page.getByTestId('reader-drawing').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('save-revision').click();
  await page.getByText(/Révision 1 enregistrée/).waitFor({ timeout: 60_000 });
  await shot('05-modified');

  const reading = await readerApi(`/studies/${studyUid}/reading`);
  expect(reading.revisions).toHaveLength(1);
  const revision = reading.revisions[0];
  const rest = orthancRest(orthanc);
  const [id] = await rest.instancesWithUid(revision.sopInstanceUid);
  expect(id).toBeDefined();
  const bytes = await rest.bytes(`/instances/${id}/file`);
  const file = join(work, 'revision.dcm');
  await writeFile(file, bytes);
  expect(await dciodvfyErrors(file)).toEqual([]);
  const sr = readPart10(bytes) as any;
  const predecessor = [sr.PredecessorDocumentsSequence].flat()[0];
  const referenced = [[predecessor.ReferencedSeriesSequence].flat()[0].ReferencedSOPSequence].flat()[0];
  expect(referenced.ReferencedSOPInstanceUID).toBe(aiSrUid);
  expect(JSON.stringify(sr.ContentSequence)).toContain('Martin^Claire');
  // The AI SR is still there, unchanged in identity.
  expect(await rest.instancesWithUid(aiSrUid)).toHaveLength(1);
});

/** The report panel of the open study, opened from the findings panel. */
async function openReportPanel(): Promise<void> {
  await page.getByTestId('btn-open-report').click();
  await page.getByTestId('report-panel').waitFor({ timeout: 30_000 });
  await page
    .locator('[data-testid="report-draft"], [data-testid="signed-version"], [data-testid="report-problem"]')
    .first()
    .waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('report-problem').allTextContents()).toEqual([]);
}

const draftSaved = () => w.draftSaved();

/** A file the panel's link downloads, as bytes, kept in the work folder under `name`. */
async function downloadFromPanel(testId: string, name: string): Promise<{ path: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).first().click(),
  ]);
  const path = join(work, name);
  await download.saveAs(path);
  return { path, bytes: await readFile(path) };
}

test('the report opens prefilled from the reading and saves itself as the physician writes', async () => {
  await openStudy();
  await aiMarks();
  await openReportPanel();
  await page.getByTestId('report-draft').waitFor({ timeout: 30_000 });
  const { draft } = await readerApi(`/studies/${studyUid}/report`);
  expect(draft).toMatchObject({ version: 1, stored: false });
  // The revision's lesions (one per lesion), the validation's BI-RADS 2 on the breasts with findings
  // (a breast without any would be left for the physician), and the AI summary.
  const revision = (await readerApi(`/studies/${studyUid}/reading`)).revisions[0];
  expect(await page.getByTestId('report-finding').count()).toBe(draft.content.findings.length);
  expect(draft.content.findings.length).toBeLessThanOrEqual(revision.findings.length);
  await expect(page.getByTestId('assessment-R').inputValue()).resolves.toBe('2');
  expect(draft.content.overallAssessment).toBe('2');
  await expect(page.getByTestId('report-ai-summary').textContent()).resolves.toMatch(
    /^Résultat de l’IA\u00a0: (élevé|intermédiaire|probablement normal), score d’examen \d{1,2}\/10 \(score de malignité\u00a0: \d,\d\d\)/,
  );
  await shot('06a-report-prefilled');

  await page.getByTestId('report-indication').fill('Dépistage organisé.');
  await page.getByTestId('report-composition').selectOption('b');
  await page.getByTestId('assessment-R').selectOption('4B');
  await expect(page.getByTestId('overall-assessment').getAttribute('data-category')).resolves.toBe('4B');
  await expect(page.getByTestId('recommendation-biopsy').isChecked()).resolves.toBe(true);
  await expect(page.getByTestId('report-impression-text').inputValue()).resolves.toContain(
    'ACR 4B (suspicion modérée de malignité)',
  );
  await page.getByTestId('report-notes').click();
  await page.keyboard.type('Échographie ciblée ');
  await page.getByTestId('notes-bold').click();
  await page.keyboard.type('le jour même');
  await draftSaved();

  const saved = (await readerApi(`/studies/${studyUid}/report`)).draft;
  expect(saved).toMatchObject({ stored: true, status: 'draft' });
  expect(saved.content).toMatchObject({
    indication: 'Dépistage organisé.',
    composition: 'b',
    overallAssessment: '4B',
    recommendations: ['biopsy'],
    notes: [
      {
        kind: 'paragraph',
        runs: [{ text: 'Échographie ciblée ' }, { text: 'le jour même', bold: true }],
      },
    ],
  });
  await shot('06b-report-edited');

  // After a reload the panel shows the saved draft, notes included.
  await openStudy();
  await aiMarks();
  await openReportPanel();
  await expect(page.getByTestId('report-indication').inputValue()).resolves.toBe('Dépistage organisé.');
  await expect(page.getByTestId('report-notes').innerHTML()).resolves.toBe(
    '<div>Échographie ciblée <b>le jour même</b></div>',
  );
});

test('signing asks for the password again: a wrong one is refused in the dialog and the draft stays', async () => {
  await page.getByTestId('btn-sign-report').click();
  await page.getByTestId('sign-password').fill('not the password');
  await page.getByTestId('confirm-sign').click();
  await page.getByTestId('sign-error').waitFor({ timeout: 30_000 });
  expect(new URL(page.url()).pathname).toBe('/mammo');
  const report = await readerApi(`/studies/${studyUid}/report`);
  expect(report.versions).toEqual([]);
  expect(report.draft.status).toBe('draft');
  await shot('06c-sign-refused');
});

test('signed in the panel, the report is closed to edits and each export downloads from it, valid', async () => {
  await w.confirmSignature(1);
  await expect(page.getByTestId('signed-by').textContent()).resolves.toContain('Dr Claire Martin');
  expect(await page.getByTestId('report-draft').count()).toBe(0);
  await shot('06d-report-signed');
  const report = await readerApi(`/studies/${studyUid}/report`);
  expect(report.draft).toBeNull();
  expect(report.versions[0]).toMatchObject({
    version: 1,
    status: 'signed',
    signer: { login: 'dr.martin' },
    content: { indication: 'Dépistage organisé.', overallAssessment: '4B' },
  });

  const pdf = await downloadFromPanel('export-pdf', 'report-v1.pdf');
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect((await pdfsig(pdf.path)).signatures).toEqual([
    expect.objectContaining({ valid: true, totalDocumentSigned: true }),
  ]);

  const sr = await downloadFromPanel('export-sr', 'report-v1.dcm');
  expect(await dciodvfyErrors(sr.path)).toEqual([]);
  const dump = await dsrdump(sr.path);
  expect(dump.exitCode).toBe(0);
  expect(linesWith(dump.output, 'Error')).toEqual([]);
  expect((readPart10(sr.bytes) as any).SOPInstanceUID).toBe(report.versions[0].sr.sopInstanceUid);

  const fhir = JSON.parse(
    (await downloadFromPanel('export-fhir', 'report-v1.fhir.json')).bytes.toString('utf8'),
  );
  expect(fhirErrors(fhir)).toEqual([]);
  const xml = (await downloadFromPanel('export-fhir.xml', 'report-v1.fhir.xml')).bytes.toString('utf8');
  expect(fromFhirXml(xml)).toEqual(fhir);
});

test('an addendum opens from the signed report, amends it and is signed in turn', async () => {
  await page.getByTestId('btn-start-addendum').click();
  await page.getByTestId('report-draft').waitFor({ timeout: 30_000 });
  await expect(page.getByTestId('report-indication').inputValue()).resolves.toBe('Dépistage organisé.');
  await page.getByTestId('report-comparison').fill('Mammographie du 12/03/2024 : pas de modification.');
  await draftSaved();
  await page.getByTestId('btn-sign-report').click();
  await w.confirmSignature(2);
  await shot('06e-addendum-signed');
  const report = await readerApi(`/studies/${studyUid}/report`);
  expect(report.versions.map((v: any) => [v.version, v.amendsVersion, v.status])).toEqual([
    [1, null, 'signed'],
    [2, 1, 'signed'],
  ]);
  expect(report.versions[1].content.comparison).toBe('Mammographie du 12/03/2024 : pas de modification.');
});

test('consult: the colleague sees the request in their worklist and panel, and their answer shows', async () => {
  await openStudy();
  await aiMarks();
  await page.getByTestId('btn-consult').click();
  await page.getByTestId('colleague-select').selectOption('dr.bernard');
  await page.getByTestId('consult-note').fill('Masse droite : votre avis ?');
  await page.getByTestId('send-consult').click();
  await page.getByTestId('history-consultation').waitFor();
  await shot('06-consult-sent');

  // The colleague's worklist flags the study.
  await page.getByTestId('btn-sign-out').click();
  await page.waitForURL(/\/login/);
  await signInAs('dr.bernard');
  await page.getByText('Avis demandé').first().waitFor({ timeout: 60_000 });
  await shot('07-colleague-worklist');

  await openStudy();
  await page.getByTestId('incoming-request').waitFor({ timeout: 60_000 });
  await page.getByTestId('answer-input').fill('Aspect bénin, contrôle à 6 mois.');
  await page.getByTestId('send-answer').click();
  await page.getByTestId('consultation-answer').waitFor({ timeout: 30_000 });
  await shot('08-colleague-answered');

  const { incoming } = await readerApi('/consultations', 'dr.bernard');
  expect(incoming[0]).toMatchObject({
    note: 'Masse droite : votre avis ?',
    answer: 'Aspect bénin, contrôle à 6 mois.',
  });
});
