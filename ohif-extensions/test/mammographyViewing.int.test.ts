/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Mammography viewing in the browser, against the real stack (startWorkspace: an analysed 4-view
 * FFDM exam and the same woman's prior a year earlier), plus a study holding only the MLO views:
 * view labels in French and in English, the message of an empty viewport, the magnifier, the
 * images' size in the four-view row and the 1:1 toggle measured on the canvas (kept when the window
 * is resized), and the comparison stage with a prior, without one, and with a prior holding a single
 * small RCC image without View Code Sequence (the exam opens; each prior viewport says what the prior
 * lacks). Each step leaves a screenshot in .test-output/mammography-viewing.
 */
import { storescu, wrapFfdmStudy } from '@sentinelle/inference-worker/testing';
import { jest } from '@jest/globals';
import { orthancClient, storeStudy, waitUntil } from '@sentinelle/orthanc-bridge/testing';
import type { Page } from 'playwright-core';
import { chooseLanguage, viewportsShowing as viewportsShowingOn } from './testing/viewerPage';
import { startWorkspace, type Workspace } from './testing/workspace';

jest.setTimeout(300_000);

let w: Workspace;
let page: Page;
/** A study of another woman with only the two MLO views, and no prior. */
let mloOnlyUid: string;

const FOUR_VIEWS = ['RCC', 'LCC', 'RMLO', 'LMLO'];
const FRENCH = { RCC: 'CC droite', LCC: 'CC gauche', RMLO: 'OML droite', LMLO: 'OML gauche' };
const ENGLISH = { RCC: 'RCC', LCC: 'LCC', RMLO: 'RMLO', LMLO: 'LMLO' };

beforeAll(async () => {
  w = await startWorkspace('mammography-viewing');
  page = w.page;
  const mloOnly = await wrapFfdmStudy(w.work, { views: ['MLO'], description: 'Dépistage OML seules' });
  await storescu(w.orthanc, mloOnly.files);
  mloOnlyUid = mloOnly.studyInstanceUid;
  await w.signInAs('dr.martin');
});

afterAll(() => w?.stop());

const open = (studyUid: string, query = '') =>
  page.goto(`${w.app.url}/mammo?StudyInstanceUIDs=${studyUid}${query}`);

const viewportsShowing = (ids: readonly string[]) => viewportsShowingOn(page, ids);

/** The label and the empty-viewport message of each viewport on screen, by viewport id. */
async function captions(): Promise<Record<string, { label: string; empty: string | null; box: any }>> {
  return page.evaluate(() => {
    const found: Record<string, { label: string; empty: string | null; box: any }> = {};
    for (const label of (globalThis as any).document.querySelectorAll('[data-testid="viewport-label"]')) {
      const pane = label.parentElement;
      const rect = pane.getBoundingClientRect();
      found[label.getAttribute('data-viewport-id')] = {
        label: label.textContent,
        empty: pane.querySelector(':scope > [data-testid="viewport-empty"]')?.textContent ?? null,
        box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
      };
    }
    return found;
  });
}

/** Waits until the viewports named carry exactly these labels. */
async function labelsRead(expected: Record<string, string>): Promise<void> {
  try {
    await page.waitForFunction(
      (expected) => {
        const labels = [...(globalThis as any).document.querySelectorAll('[data-testid="viewport-label"]')];
        return Object.entries(expected).every(([id, text]) =>
          labels.some((l: any) => l.getAttribute('data-viewport-id') === id && l.textContent === text),
        );
      },
      expected,
      { timeout: 30_000 },
    );
  } catch (error) {
    const found = Object.fromEntries(Object.entries(await captions()).map(([id, c]) => [id, c.label]));
    throw new Error(`labels ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}: ${error}`);
  }
}

/** Waits until cornerstone drew each viewport's image (some pixel on its canvas is not black). */
async function imagesDrawn(ids: readonly string[]): Promise<void> {
  await page.waitForFunction(
    (ids) => {
      const engine = (globalThis as any).cornerstone?.getRenderingEngines?.()[0];
      return ids.every((id: string) => {
        const canvas = engine?.getViewport(id)?.canvas;
        if (!canvas?.width) return false;
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        for (let i = 0; i < data.length; i += 4 * 97) if (data[i] > 16) return true;
        return false;
      });
    },
    ids,
    { timeout: 30_000 },
  );
}

const VIEW_CODES: Record<string, string> = { CC: '399162004', MLO: '399368009' };

test('viewportLabels name each view in French as the radiologist reads it, from the image shown', async () => {
  await open(w.studyUid);
  const shown = await viewportsShowing(FOUR_VIEWS);
  await labelsRead(FRENCH);
  // Each label says what its viewport's image is (ImageLaterality and View Code Sequence).
  for (const [id, study, laterality, code] of shown) {
    const [, side, view] = /^([RL])(CC|MLO)$/.exec(id!)!;
    expect([study, laterality, code]).toEqual([w.studyUid, side, VIEW_CODES[view!]]);
  }
  const found = await captions();
  expect(Object.keys(found).sort()).toEqual([...FOUR_VIEWS].sort());
  expect(Object.values(found).map((c) => c.empty)).toEqual([null, null, null, null]);
  await imagesDrawn(FOUR_VIEWS);
  await w.shot('01-labels-fr');
});

test('viewportLabels speak English, and only English, when the reader chose it', async () => {
  // As the user menu chooses a language: i18next's storage key, and ?lng= on the page's URL.
  await chooseLanguage(page, 'en');
  await open(w.studyUid, '&lng=en');
  await viewportsShowing(FOUR_VIEWS);
  await labelsRead(ENGLISH);
  await imagesDrawn(FOUR_VIEWS);
  await expect(page.locator('[data-cy="Magnify"]').textContent()).resolves.not.toContain('Loupe');
  await w.shot('02-labels-en');
  await chooseLanguage(page, 'fr');
  await open(w.studyUid, '&lng=fr');
  await labelsRead(FRENCH);
});

test('an empty viewport says which view the exam lacks', async () => {
  await open(mloOnlyUid);
  const shown = await viewportsShowing(['RMLO', 'LMLO']);
  expect(shown.map(([, study]) => study)).toEqual([mloOnlyUid, mloOnlyUid]);
  await labelsRead({ RMLO: 'OML droite', LMLO: 'OML gauche', RCC: 'CC droite', LCC: 'CC gauche' });
  const found = await captions();
  expect({
    RCC: found.RCC?.empty,
    LCC: found.LCC?.empty,
    RMLO: found.RMLO?.empty,
    LMLO: found.LMLO?.empty,
  }).toEqual({
    RCC: 'Pas d’incidence CC dans cet examen',
    LCC: 'Pas d’incidence CC dans cet examen',
    RMLO: null,
    LMLO: null,
  });
  await imagesDrawn(['RMLO', 'LMLO']);
  await w.shot('03-empty-cc-viewports');
});

/** How each viewport maps image pixels to screen pixels, and where the chest wall sits. */
async function scales(ids: readonly string[]) {
  return page.evaluate((ids) => {
    const cs = (globalThis as any).cornerstone;
    const engine = cs.getRenderingEngines()[0];
    const ratio = (globalThis as any).devicePixelRatio || 1;
    return ids.map((id: string) => {
      const viewport = engine.getViewport(id);
      const imageId = viewport.getCurrentImageId();
      const { columns, rows } = cs.metaData.get('imagePixelModule', imageId);
      // Pixel centres at integers: the image's outer edges at -0.5 and columns - 0.5.
      const at = (x: number, y: number) =>
        viewport.worldToCanvas(cs.utilities.imageToWorldCoords(imageId, [x, y])) as [number, number];
      const [a, b, c] = [at(0, 0), at(100, 0), at(0, 100)];
      const laterality = cs.metaData.get('instance', imageId).ImageLaterality;
      const chestWall = at(laterality === 'R' ? columns - 0.5 : -0.5, (rows - 1) / 2);
      const [topLeft, bottomRight] = [at(-0.5, -0.5), at(columns - 0.5, rows - 0.5)];
      const { clientWidth, clientHeight } = viewport.element;
      return {
        id,
        // Screen (device) pixels per image pixel, across and down.
        across: (Math.hypot(b[0] - a[0], b[1] - a[1]) * ratio) / 100,
        down: (Math.hypot(c[0] - a[0], c[1] - a[1]) * ratio) / 100,
        chestWall: [chestWall[0] / clientWidth, chestWall[1] / clientHeight],
        // The part of the viewport the whole image covers.
        filled:
          (Math.abs(bottomRight[0] - topLeft[0]) * Math.abs(bottomRight[1] - topLeft[1])) /
          (clientWidth * clientHeight),
      };
    });
  }, ids);
}

test('the magnifier shows the image enlarged under the pointer while the button is held', async () => {
  await open(w.studyUid);
  await viewportsShowing(FOUR_VIEWS);
  await labelsRead(FRENCH);
  const box = (await page.locator('[data-viewportid="RCC"]').boundingBox())!;
  // Over the breast: the right breast hangs with its chest wall on the right edge.
  const [x, y] = [box.x + box.width * 0.92, box.y + box.height * 0.5];
  // The first click only makes the viewport active.
  await page.mouse.click(x, y);
  await page.locator('[data-cy="Magnify"]').click();
  await page.mouse.move(x, y);
  await page.mouse.down();
  // The magnifier's own canvas, with the breast drawn in it.
  await page.waitForFunction(
    () => {
      const canvas = (globalThis as any).document.querySelector('.magnifyTool canvas');
      if (!canvas?.width) return false;
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4 * 31) if (data[i] > 16) return true;
      return false;
    },
    undefined,
    { timeout: 15_000 },
  );
  const zoom = await page.evaluate(() => {
    const engine = (globalThis as any).cornerstone.getRenderingEngines()[0];
    const magnifier = engine.getViewports().find((v: any) => v.element.closest('.magnifyTool'));
    return engine.getViewport('RCC').getCamera().parallelScale / magnifier.getCamera().parallelScale;
  });
  expect(zoom).toBeGreaterThan(1.5);
  await w.shot('04-magnifier');
  await page.mouse.up();
  await page.waitForFunction(() => !(globalThis as any).document.querySelector('.magnifyTool'));
  await page.locator('[data-cy="WindowLevel"]').click();
});

test('the 1:1 toggle puts one image pixel on one screen pixel, chest wall in place, and back to the whole image', async () => {
  const fitted = await scales(FOUR_VIEWS);
  for (const viewport of fitted) {
    expect(viewport.across).toBeLessThan(0.9);
    // The four views in one row of tall viewports: each tall, narrow image fills most of its own
    // (in a 2×2 grid of wide viewports it filled about a third).
    expect(viewport.filled).toBeGreaterThan(0.6);
  }
  await page.locator('[data-cy="TrueSize"]').click();
  await labelsRead({
    RCC: 'CC droite · 1:1',
    LCC: 'CC gauche · 1:1',
    RMLO: 'OML droite · 1:1',
    LMLO: 'OML gauche · 1:1',
  });
  for (const viewport of await scales(FOUR_VIEWS)) {
    expect(viewport.across).toBeCloseTo(1, 2);
    expect(viewport.down).toBeCloseTo(1, 2);
    // Each breast's chest wall stays on the centre line of the pair, halfway down.
    expect(viewport.chestWall[0]).toBeCloseTo(viewport.id.startsWith('R') ? 1 : 0, 1);
    expect(viewport.chestWall[1]).toBeCloseTo(0.5, 1);
  }
  await imagesDrawn(FOUR_VIEWS);
  await w.shot('05-true-size');

  // The window resized (or a panel opened): the viewports change size, and 1:1 is applied again.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width - 240, height: size.height - 160 });
  const resized = await waitUntil('1:1 again in the resized viewports', async () => {
    const now = await scales(FOUR_VIEWS);
    const trueSize = now.every(
      (v) =>
        Math.abs(v.across - 1) < 0.005 &&
        Math.abs(v.down - 1) < 0.005 &&
        Math.abs(v.chestWall[1]! - 0.5) < 0.05,
    );
    return trueSize ? now : undefined;
  });
  for (const viewport of resized)
    expect(viewport.chestWall[0]).toBeCloseTo(viewport.id.startsWith('R') ? 1 : 0, 1);
  await imagesDrawn(FOUR_VIEWS);
  await w.shot('05a-true-size-resized');
  await page.setViewportSize(size);
  await waitUntil('1:1 again at the first size', async () =>
    (await scales(FOUR_VIEWS)).every((v) => Math.abs(v.across - 1) < 0.005) ? true : undefined,
  );
  await page.locator('[data-cy="TrueSize"]').click();
  await labelsRead(FRENCH);
  const again = await scales(FOUR_VIEWS);
  expect(again.map((v) => v.across)).toEqual(fitted.map((v) => expect.closeTo(v.across, 3)));
});

test('the comparison stage puts each view over the same view of the prior, with the prior’s date', async () => {
  await page.locator('[data-cy="Comparison"]').click();
  const priors = FOUR_VIEWS.map((id) => `${id}Prior`);
  const shown = await viewportsShowing([...FOUR_VIEWS, ...priors]);
  expect(shown.map(([id, study]) => [id, study])).toEqual([
    ...FOUR_VIEWS.map((id) => [id, w.studyUid]),
    ...priors.map((id) => [id, w.priorUid]),
  ]);
  await labelsRead({
    RCC: 'CC droite · actuel du 17/03/2025',
    LCC: 'CC gauche · actuel du 17/03/2025',
    RMLO: 'OML droite · actuel du 17/03/2025',
    LMLO: 'OML gauche · actuel du 17/03/2025',
    RCCPrior: 'CC droite · antérieur du 12/03/2024',
    LCCPrior: 'CC gauche · antérieur du 12/03/2024',
    RMLOPrior: 'OML droite · antérieur du 12/03/2024',
    LMLOPrior: 'OML gauche · antérieur du 12/03/2024',
  });
  // Current over prior: each prior directly below its view.
  const found = await captions();
  for (const id of FOUR_VIEWS) {
    const [current, prior] = [found[id]!.box, found[`${id}Prior`]!.box];
    expect(Math.abs(prior.x - current.x)).toBeLessThan(2);
    expect(prior.y).toBeGreaterThan(current.y + current.height - 2);
  }
  await imagesDrawn([...FOUR_VIEWS, ...priors]);
  await w.shot('06-compare-prior');
  await page.locator('[data-cy="Comparison"]').click();
  await viewportsShowing(FOUR_VIEWS);
  await labelsRead(FRENCH);
  expect(Object.keys(await captions()).sort()).toEqual([...FOUR_VIEWS].sort());
});

test('the comparison stage of an exam without a prior says so in each prior viewport', async () => {
  await open(mloOnlyUid);
  await viewportsShowing(['RMLO', 'LMLO']);
  await labelsRead({ RMLO: 'OML droite', LMLO: 'OML gauche' });
  await page.locator('[data-cy="Comparison"]').click();
  await labelsRead({ RMLOPrior: 'OML droite', LMLOPrior: 'OML gauche' });
  await imagesDrawn(['RMLO', 'LMLO']);
  const found = await captions();
  expect(
    Object.fromEntries(['RCC', 'RMLO', 'RCCPrior', 'LMLOPrior'].map((id) => [id, found[id]?.empty ?? null])),
  ).toEqual({
    RCC: 'Pas d’incidence CC dans cet examen',
    RMLO: null,
    RCCPrior: 'Pas d’examen antérieur',
    LMLOPrior: 'Pas d’examen antérieur',
  });
  await w.shot('07-compare-no-prior');
});

test('an exam whose prior holds a single small RCC image opens, and the comparison says what the prior lacks', async () => {
  const current = await wrapFfdmStudy(w.work, { description: 'Dépistage, antérieur incomplet' });
  await storescu(w.orthanc, current.files);
  // Her prior: one 8 × 8 right CC image, with View Position but no View Code Sequence (OHIF's own
  // view attribute threw on it, and the current exam never finished loading).
  const priorUid = await storeStudy(orthancClient(w.orthanc), {
    patientId: current.patientId,
    views: ['RCC'],
    description: 'Antérieur incomplet',
  });
  await waitUntil('both exams in dr.martin’s worklist', async () => {
    const { studies } = await w.readerApi('/worklist');
    const uids = studies.map((s: any) => s.studyInstanceUid);
    return uids.includes(current.studyInstanceUid) && uids.includes(priorUid) ? true : undefined;
  });
  const errors: string[] = [];
  const onError = (error: Error) => errors.push(error.message);
  page.on('pageerror', onError);
  await open(current.studyInstanceUid);
  const shown = await viewportsShowing(FOUR_VIEWS);
  expect(shown.map(([, study]) => study)).toEqual(FOUR_VIEWS.map(() => current.studyInstanceUid));
  await labelsRead(FRENCH);
  await imagesDrawn(FOUR_VIEWS);
  await page.locator('[data-cy="Comparison"]').click();
  const [priorShown] = await viewportsShowing(['RCCPrior']);
  expect(priorShown?.slice(1, 3)).toEqual([priorUid, 'R']);
  await labelsRead({
    RCC: 'CC droite · actuel du 17/03/2025',
    RCCPrior: 'CC droite · antérieur du 02/01/2025',
    LCCPrior: 'CC gauche',
    RMLOPrior: 'OML droite',
    LMLOPrior: 'OML gauche',
  });
  const found = await captions();
  expect(
    Object.fromEntries(
      ['RCCPrior', 'LCCPrior', 'RMLOPrior', 'LMLOPrior'].map((id) => [id, found[id]?.empty]),
    ),
  ).toEqual({
    RCCPrior: null,
    LCCPrior: 'Pas d’incidence CC gauche dans l’examen antérieur du 02/01/2025',
    RMLOPrior: 'Pas d’incidence OML droite dans l’examen antérieur du 02/01/2025',
    LMLOPrior: 'Pas d’incidence OML gauche dans l’examen antérieur du 02/01/2025',
  });
  await imagesDrawn([...FOUR_VIEWS, 'RCCPrior']);
  // No error notification, and no page error.
  await expect(page.locator('[data-sonner-toast]').count()).resolves.toBe(0);
  page.off('pageerror', onError);
  expect(errors).toEqual([]);
  await w.shot('08-compare-incomplete-prior');
});
