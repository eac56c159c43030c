/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The reader's marks are the truth on screen, in Debian's Chromium against the whole stack with
 * the analysed 4-view FFDM exam: a rejected AI mark leaves the screen (dimmed only on request),
 * the first drag on an inactive viewport draws, rows and labels name the view and speak French
 * with mm, the drawing comes back after a reload from the latest revision, a second revision
 * starts from the first, and a lesion click centres the lesion while its pair stays mirrored.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { aiMarksPlaced, chooseLanguage, dragIn } from './testing/viewerPage';
import { startWorkspace, type Workspace } from './testing/workspace';

jest.setTimeout(300_000);

let w: Workspace;
let page: Page;
let studyUid: string;

beforeAll(async () => {
  w = await startWorkspace('reader-marks');
  ({ page, studyUid } = w);
});

afterAll(() => w?.stop());

const shot = (name: string) => w.shot(name);

/** The AI marks placed, and the overlay given a moment to draw them. */
async function aiMarksDrawn(): Promise<void> {
  await aiMarksPlaced(page);
  await page.waitForTimeout(500);
}

/** The AI outlines drawn on screen now: mark key and whether it is dimmed. */
function drawnOutlines(): Promise<{ key: string; rejected: string }[]> {
  return page.evaluate(() =>
    [...(globalThis as any).document.querySelectorAll('svg polyline[data-lesion-key]')].map((node: any) => ({
      key: node.getAttribute('data-lesion-key'),
      rejected: node.getAttribute('data-rejected'),
    })),
  );
}

/** The reader tool annotations in cornerstone's state: tool, UID and the viewport whose image they are on. */
function readerAnnotations(): Promise<{ tool: string; uid: string; viewport: string | null }[]> {
  return page.evaluate(() => {
    const cs = (globalThis as any).cornerstone;
    const engine = cs.getRenderingEngines()[0];
    const shown = new Map(
      ['RCC', 'LCC', 'RMLO', 'LMLO'].map((id) => [engine.getViewport(id)?.getCurrentImageId(), id]),
    );
    return (globalThis as any).cornerstoneTools.annotation.state
      .getAllAnnotations()
      .filter((a: any) => ['EllipticalROI', 'PlanarFreehandROI', 'Probe'].includes(a.metadata.toolName))
      .map((a: any) => ({
        tool: a.metadata.toolName,
        uid: a.annotationUID,
        viewport: shown.get(a.metadata.referencedImageId) ?? null,
      }));
  });
}

/** The text cornerstone wrote beside the drawings in a viewport. */
const viewportText = (id: string) =>
  page
    .locator(`[data-viewportid="${id}"] svg`)
    .first()
    .evaluate((svg: any) => svg.textContent as string);

let rejectedKeys: string[] = [];

test('lesion rows name the views their marks are on, "CC droite · L1"-style', async () => {
  await w.signInAs('dr.martin', `/mammo?StudyInstanceUIDs=${studyUid}`);
  await aiMarksDrawn();
  await page.getByTestId('lesion-row').first().waitFor({ timeout: 60_000 });
  const rows = await page.getByTestId('lesion-row').allTextContents();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows)
    expect(row).toMatch(/^(CC|OML) (droite|gauche)( \+ (CC|OML) (droite|gauche))? · L\d+ · /);
  await shot('20-lesion-rows-name-the-view');
});

test('an AI mark the reader unticks in "Je modifie" leaves the screen, and shows dimmed only on request', async () => {
  const { findings } = await w.readerApi(`/studies/${studyUid}/findings`);
  await page.getByTestId('btn-modify').click();
  const first = page.getByTestId('keep-ai-lesion').first();
  const lesionId = await first.getAttribute('data-lesion-id');
  const lesion = findings.lesions.find((l: any) => l.id === lesionId);
  rejectedKeys = lesion.views.map((v: any) => {
    const image = findings.images.find((i: any) => i.imageRef.name === v.image);
    return `${image.imageRef.sopInstanceUid}:${v.mark}`;
  });
  // The form's labels name the view too.
  await expect(first.locator('..').textContent()).resolves.toMatch(/(CC|OML) (droite|gauche).* · L\d+/);
  expect((await drawnOutlines()).map((o) => o.key)).toEqual(expect.arrayContaining(rejectedKeys));

  await first.uncheck();
  await page.waitForTimeout(300);
  const hidden = await drawnOutlines();
  expect(hidden.filter((o) => rejectedKeys.includes(o.key))).toEqual([]);
  expect(hidden.every((o) => o.rejected === 'false')).toBe(true);
  // A viewport whose every AI mark is rejected shows no SEG fill either.
  const segOnRejectedOnly = await page.evaluate((rejected) => {
    const cs = (globalThis as any).cornerstone;
    const engine = cs.getRenderingEngines()[0];
    return ['RCC', 'LCC', 'RMLO', 'LMLO'].flatMap((id) => {
      const viewport = engine.getViewport(id);
      const keys = (globalThis as any).cornerstoneTools.annotation.state
        .getAllAnnotations()
        .filter(
          (a: any) =>
            a.metadata.toolName === 'SentinelleAiFinding' &&
            a.metadata.referencedImageId === viewport.getCurrentImageId(),
        )
        .map((a: any) => a.data.lesionKey);
      const allRejected = keys.length > 0 && keys.every((k: string) => rejected.includes(k));
      const fills = viewport.element.querySelectorAll('svg image[data-sentinelle="seg"]').length;
      return allRejected ? [{ id, fills }] : [];
    });
  }, rejectedKeys);
  for (const viewport of segOnRejectedOnly) expect(viewport).toEqual({ id: viewport.id, fills: 0 });
  await shot('21-rejected-mark-hidden');

  await page.getByTestId('toggle-rejected').check();
  await page.waitForTimeout(300);
  const dimmed = (await drawnOutlines()).filter((o) => rejectedKeys.includes(o.key));
  expect(dimmed.length).toBe(rejectedKeys.length);
  expect(dimmed.every((o) => o.rejected === 'true')).toBe(true);
  await shot('22-rejected-mark-dimmed-on-request');
  await page.getByTestId('toggle-rejected').uncheck();
});

test('the first drag on an inactive viewport draws, labelled in French with mm and without tool names', async () => {
  await page.getByTestId('tool-ellipse').click();
  // The hanging protocol activates RCC; LMLO is inactive until this drag.
  expect(await readerAnnotations()).toEqual([]);
  await dragIn(page, 'LMLO', 0.2, 0.45);
  await page.getByTestId('reader-drawing').first().waitFor({ timeout: 30_000 });
  expect(await readerAnnotations()).toEqual([
    expect.objectContaining({ tool: 'EllipticalROI', viewport: 'LMLO' }),
  ]);

  await expect(page.getByTestId('reader-drawing-label').first().textContent()).resolves.toMatch(
    /^OML gauche · R1 · Ellipse · \d+,\d × \d+,\d mm$/,
  );
  await page.waitForTimeout(300);
  const text = await viewportText('LMLO');
  expect(text).toMatch(/Ellipse · \d+,\d × \d+,\d mm/);
  expect(text).not.toMatch(/Area|Mean|Max|Std Dev|EllipticalROI|Elliptical/);
  expect(await page.getByTestId('sentinelle-panel').textContent()).not.toMatch(/EllipticalROI/);
  await shot('23-first-drag-draws-french-mm');
});

let ownRegion: unknown;

test('the revision keeps the ticked lesions and the drawing, and leaves out the rejected lesion', async () => {
  await page.getByTestId('save-revision').click();
  await page.getByText(/Révision 1 enregistrée/).waitFor({ timeout: 60_000 });
  const { revisions } = await w.readerApi(`/studies/${studyUid}/reading`);
  expect(revisions).toHaveLength(1);
  const findings = revisions[0].findings as any[];
  expect(findings.filter((f) => rejectedKeys.includes(f.aiLesionKey))).toEqual([]);
  const own = findings.filter((f) => f.aiLesionKey === null);
  expect(own).toEqual([
    expect.objectContaining({ id: 'R1', type: 'mass', region: expect.objectContaining({ kind: 'ellipse' }) }),
  ]);
  ownRegion = own[0].region;
  await shot('24-revision-1-saved');
});

test('after a reload the reader’s drawing is back from the latest revision and the rejected mark stays hidden', async () => {
  await w.openStudy();
  await aiMarksDrawn();
  await page.waitForFunction(
    () =>
      (globalThis as any).cornerstoneTools.annotation.state
        .getAllAnnotations()
        .some((a: any) => String(a.annotationUID).startsWith('sentinelle-reader:1:')),
    undefined,
    { timeout: 30_000 },
  );
  expect(await readerAnnotations()).toEqual([
    { tool: 'EllipticalROI', uid: 'sentinelle-reader:1:R1', viewport: 'LMLO' },
  ]);
  await page.waitForTimeout(500);
  expect((await drawnOutlines()).filter((o) => rejectedKeys.includes(o.key))).toEqual([]);
  await expect(viewportText('LMLO')).resolves.toMatch(/Ellipse · \d+,\d × \d+,\d mm/);
  const rejectedRow = page.locator('[data-testid="lesion-row"][data-rejected="true"]');
  await expect(rejectedRow.count()).resolves.toBe(1);
  await shot('25-drawing-back-after-reload');
});

test('a second revision starts from the first: the rejected lesion stays unticked, the drawing is kept', async () => {
  await page.getByTestId('btn-modify').click();
  await expect(page.getByTestId('modify-from-revision').getAttribute('data-revision')).resolves.toBe('1');
  const boxes = page.getByTestId('keep-ai-lesion');
  const states = await boxes.evaluateAll((nodes) =>
    nodes.map((n: any) => [n.getAttribute('data-lesion-id'), n.checked]),
  );
  expect(states.filter(([, checked]) => !checked)).toHaveLength(1);
  // The restored drawing is listed once its annotation is back in cornerstone's state.
  await page.getByTestId('reader-drawing-label').first().waitFor({ timeout: 30_000 });
  await expect(page.getByTestId('reader-drawing-label').allTextContents()).resolves.toEqual([
    expect.stringMatching(/^OML gauche · R1 · Ellipse · /),
  ]);
  await shot('26-revision-2-starts-from-revision-1');
  await page.getByTestId('save-revision').click();
  await page.getByText(/Révision 2 enregistrée/).waitFor({ timeout: 60_000 });
  const { revisions } = await w.readerApi(`/studies/${studyUid}/reading`);
  const [second, first] = revisions;
  expect(second.revisionNumber).toBe(2);
  const aiKeys = (r: any) => r.findings.map((f: any) => f.aiLesionKey).sort();
  expect(aiKeys(second)).toEqual(aiKeys(first));
  // The same ellipse: the same axis ends (each axis's two ends may come back in either order).
  const ends = (region: any) => region.axes.map((p: any) => `${p.x},${p.y}`).sort();
  expect(ends(second.findings.find((f: any) => f.aiLesionKey === null).region)).toEqual(ends(ownRegion));
  await shot('27-revision-2-saved');
});

/** Each viewport's image extent on its canvas (left and right x, top y), and its canvas size. */
function imagePlacement(): Promise<
  Record<string, { left: number; right: number; top: number; canvas: number[] }>
> {
  return page.evaluate(() => {
    const cs = (globalThis as any).cornerstone;
    const engine = cs.getRenderingEngines()[0];
    const out: Record<string, unknown> = {};
    for (const id of ['RCC', 'LCC', 'RMLO', 'LMLO']) {
      const viewport = engine.getViewport(id);
      const imageId = viewport.getCurrentImageId();
      const { columns, rows } = cs.metaData.get('imagePixelModule', imageId);
      const corner = (x: number, y: number) =>
        viewport.worldToCanvas(cs.utilities.imageToWorldCoords(imageId, [x - 0.5, y - 0.5]));
      const corners = [corner(0, 0), corner(columns, 0), corner(0, rows), corner(columns, rows)];
      out[id] = {
        left: Math.min(...corners.map((c) => c[0])),
        right: Math.max(...corners.map((c) => c[0])),
        top: Math.min(...corners.map((c) => c[1])),
        canvas: [viewport.element.clientWidth, viewport.element.clientHeight],
      };
    }
    return out as any;
  });
}

test('a lesion click centres the lesion in its own viewport while the pair stays mirrored', async () => {
  // A lesion still on screen if there is one, else the rejected one (the click works the same).
  const kept = page.locator('[data-testid="lesion-row"][data-rejected="false"]:not([data-lesion-key=""])');
  const row = (await kept.count()) > 0 ? kept.first() : page.getByTestId('lesion-row').first();
  const key = (await row.getAttribute('data-lesion-key'))!;
  const before = await imagePlacement();
  await row.click();
  await page.waitForTimeout(500);
  const after = await imagePlacement();
  const { target, centre } = await page.evaluate((key) => {
    const cs = (globalThis as any).cornerstone;
    const engine = cs.getRenderingEngines()[0];
    const [sop, mark] = key.split(':');
    for (const id of ['RCC', 'LCC', 'RMLO', 'LMLO']) {
      const viewport = engine.getViewport(id);
      const imageId = viewport.getCurrentImageId();
      if (cs.metaData.get('instance', imageId).SOPInstanceUID !== sop) continue;
      const annotation = (globalThis as any).cornerstoneTools.annotation.state.getAnnotation(
        `sentinelle-ai:${sop}:${mark}`,
      );
      return { target: id, centre: viewport.worldToCanvas(annotation.data.worldCentre) };
    }
    return { target: null, centre: null };
  }, key);
  expect(target).not.toBeNull();
  const { canvas } = after[target!]!;
  expect(Math.abs(centre[0] - canvas[0]! / 2)).toBeLessThan(2);
  expect(Math.abs(centre[1] - canvas[1]! / 2)).toBeLessThan(2);
  // The other breast of the same projection moved by the mirror of the shift, and is still on screen.
  const partner = { RCC: 'LCC', LCC: 'RCC', RMLO: 'LMLO', LMLO: 'RMLO' }[target as 'RCC']!;
  const shift = (id: string) => [after[id]!.left - before[id]!.left, after[id]!.top - before[id]!.top];
  const [dx, dy] = shift(target!);
  const [px, py] = shift(partner);
  expect(Math.abs(px! + dx!)).toBeLessThan(1);
  expect(Math.abs(py! - dy!)).toBeLessThan(1);
  const p = after[partner]!;
  expect(p.left < p.canvas[0]! && p.right > 0).toBe(true);
  // Back to back: each image keeps the same distance to the centre line between the pair.
  const rightBreast = target!.startsWith('R') ? target! : partner;
  const leftBreast = rightBreast === target ? partner : target!;
  const gapToCentre = (placement: typeof after) => [
    placement[rightBreast]!.canvas[0]! - placement[rightBreast]!.right,
    placement[leftBreast]!.left,
  ];
  const [r, l] = gapToCentre(after);
  expect(Math.abs(r! - l! - (gapToCentre(before)[0]! - gapToCentre(before)[1]!))).toBeLessThan(1);
  await shot('28-lesion-centred-pair-mirrored');
});

test('in English the same rows and labels speak English only, with a decimal point', async () => {
  const choose = (lng: 'fr' | 'en') => chooseLanguage(page, lng);
  await choose('en');
  try {
    await page.goto(`${w.app.url}/mammo?StudyInstanceUIDs=${studyUid}&lng=en`);
    await aiMarksDrawn();
    await page.getByTestId('btn-modify').click();
    await expect(page.getByTestId('modify-from-revision').textContent()).resolves.toMatch(
      /^Starting from revision 2 of \d\d\/\d\d\/\d{4}, \d\d:\d\d$/,
    );
    await page.getByTestId('reader-drawing-label').first().waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('reader-drawing-label').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^LMLO · R1 · Ellipse · \d+\.\d × \d+\.\d mm$/),
    ]);
    await page.getByTestId('toggle-rejected').check();
    await page.waitForTimeout(300);
    await expect(viewportText('LMLO')).resolves.toMatch(/^(?!.*,\d).*Ellipse · \d+\.\d × \d+\.\d mm/);
    const panel = (await page.getByTestId('sentinelle-panel').textContent())!;
    expect(panel).toContain('Show rejected marks (dimmed)');
    expect(panel).not.toMatch(/rejetée|Garder|Mes annotations|masse/);
    await shot('29-english-reader-marks');
  } finally {
    await choose('fr');
  }
});

test('a drawing the reader removes is left out of her next revision and does not come back', async () => {
  await w.openStudy();
  await aiMarksDrawn();
  await page.getByTestId('btn-modify').click();
  await page.getByTestId('reader-drawing').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('remove-reader-drawing').click();
  await expect(page.getByTestId('reader-drawing').count()).resolves.toBe(0);
  expect(await readerAnnotations()).toEqual([]);
  await page.getByTestId('save-revision').click();
  await page.getByText(/Révision 3 enregistrée/).waitFor({ timeout: 60_000 });
  const [third] = (await w.readerApi(`/studies/${studyUid}/reading`)).revisions;
  expect(third.findings.filter((f: any) => f.aiLesionKey === null)).toEqual([]);
  await shot('30-drawing-removed-revision-3');
  await w.openStudy();
  await aiMarksDrawn();
  await page.getByTestId('lesion-row').first().waitFor();
  await page.waitForTimeout(1000);
  expect(await readerAnnotations()).toEqual([]);
});

test('a revision started before another was saved is refused in French, and nothing is stored', async () => {
  await page.getByTestId('btn-modify').click();
  await expect(page.getByTestId('modify-from-revision').getAttribute('data-revision')).resolves.toBe('3');
  // Meanwhile, in another tab, revision 4 is saved from revision 3.
  const status = await page.evaluate(async (uid) => {
    const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
    const response = await fetch(`/api/studies/${uid}/revisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ findings: [], basedOn: 3 }),
    });
    return response.status;
  }, studyUid);
  expect(status).toBe(201);
  await page.getByTestId('save-revision').click();
  await page
    .getByText(/Une révision plus récente a été enregistrée entre-temps/)
    .waitFor({ timeout: 30_000 });
  const { revisions } = await w.readerApi(`/studies/${studyUid}/reading`);
  expect(revisions.map((r: any) => r.revisionNumber)).toEqual([4, 3, 2, 1]);
  await shot('31-stale-revision-refused');
});
