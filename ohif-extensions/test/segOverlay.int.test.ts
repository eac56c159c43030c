/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The AI's lesion SEG drawn over the 4-view FFDM exam (801, 801, 981 and 1006 columns: no width a
 * multiple of 8), in Debian's Chromium against the real stack: each viewport whose image the SEG
 * masks shows the mask, on the image's own pixel grid, with as many coloured pixels as the SEG
 * frame Orthanc serves has lesion pixels. Then the same SEG as an older Sentinelle wrote it
 * (BINARY, 1 bit a pixel, whose frames Orthanc refuses): the viewer still draws it.
 */
import type { OrthancHandle } from '@sentinelle/config';
import { orthancRest } from '@sentinelle/inference-worker/testing';
import { legacyBinarySeg } from '@sentinelle/reporting/testing';
import { jest } from '@jest/globals';
import type { Page, Response } from 'playwright-core';
import { startWorkspace, type Workspace } from './testing/workspace';

jest.setTimeout(300_000);

let w: Workspace;
let orthanc: OrthancHandle;
let page: Page;
let studyUid: string;
let seg: { seriesInstanceUid: string; instances: { sopInstanceUid: string }[] };
/** Every SEG request the page made and the status it got. */
const segRequests: { url: string; status: number }[] = [];

const VIEWPORT_IDS = ['RCC', 'LCC', 'RMLO', 'LMLO'];

beforeAll(async () => {
  w = await startWorkspace('seg-overlay');
  ({ orthanc, page, studyUid } = w);
  ({ seg } = await w.readerApi(`/studies/${studyUid}/findings`));
  page.on('response', (response: Response) => {
    if (seg && response.url().includes(`/series/${seg.seriesInstanceUid}/`))
      segRequests.push({ url: response.url(), status: response.status() });
  });
  page.on('console', (message) => {
    // The overlay's own warnings (a SEG frame it could not read) explain a failure below.
    if (message.type() === 'warning' && message.text().includes('[mammo-ai]'))
      console.warn('[seg-overlay] page:', message.text());
  });
  await w.signInAs('dr.martin', `/mammo?StudyInstanceUIDs=${studyUid}`);
});

afterAll(() => w?.stop());

const authorization = () =>
  `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString('base64')}`;

/** The lesion pixels of each SEG frame as Orthanc serves it (uncompressed), by source image. */
async function servedMaskPixels(): Promise<Map<string, number[]>> {
  const bySource = new Map<string, number[]>();
  for (const instance of seg.instances) {
    const base = `${orthanc.dicomWebUrl}/studies/${studyUid}/series/${seg.seriesInstanceUid}/instances/${instance.sopInstanceUid}`;
    const [metadata] = (await (
      await fetch(`${base}/metadata`, { headers: { authorization: authorization() } })
    ).json()) as any[];
    const pixels = metadata['00280010'].Value[0] * metadata['00280011'].Value[0];
    const frames: any[] = metadata['52009230'].Value;
    for (const [index, frame] of frames.entries()) {
      const source = frame['00089124'].Value[0]['00082112'].Value[0]['00081155'].Value[0] as string;
      const response = await fetch(`${base}/frames/${index + 1}`, {
        headers: {
          authorization: authorization(),
          accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1',
        },
      });
      expect(response.status).toBe(200);
      const body = new Uint8Array(await response.arrayBuffer());
      const start = Buffer.from(body).indexOf('\r\n\r\n') + 4;
      let lesion = 0;
      for (let i = start; i < start + pixels; i++) if (body[i] === 255) lesion++;
      bySource.set(
        source,
        [...(bySource.get(source) ?? []), lesion].sort((a, b) => a - b),
      );
    }
  }
  return bySource;
}

/**
 * What each viewport shows: its image's SOP Instance UID, where the image and each SEG layer sit on
 * the canvas, and each layer's picture decoded: its size and how many of its pixels are coloured.
 */
async function drawnSegLayers() {
  return page.evaluate(async (ids) => {
    const cs = (globalThis as any).cornerstone;
    const engine = cs.getRenderingEngines()[0];
    const result = [];
    for (const id of ids) {
      const viewport = engine.getViewport(id);
      const imageId = viewport.getCurrentImageId();
      const { columns, rows } = cs.metaData.get('imagePixelModule', imageId);
      const corner = (x: number, y: number) =>
        viewport.worldToCanvas(cs.utilities.imageToWorldCoords(imageId, [x - 0.5, y - 0.5]));
      const svg = viewport.element.querySelector('svg');
      const layers = [];
      for (const node of [...(svg?.querySelectorAll('image[data-sentinelle="seg"]') ?? [])] as any[]) {
        const m = node.transform.baseVal.consolidate().matrix;
        const width = Number(node.getAttribute('width'));
        const height = Number(node.getAttribute('height'));
        const picture = new (globalThis as any).Image();
        picture.src = node.getAttribute('href');
        await picture.decode();
        const canvas = (globalThis as any).document.createElement('canvas');
        canvas.width = picture.naturalWidth;
        canvas.height = picture.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(picture, 0, 0);
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        let coloured = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) coloured++;
        layers.push({
          picture: [picture.naturalWidth, picture.naturalHeight],
          coloured,
          opacity: Number(node.getAttribute('opacity') ?? node.style.opacity ?? 1),
          topLeft: [m.e, m.f],
          bottomRight: [m.a * width + m.c * height + m.e, m.b * width + m.d * height + m.f],
        });
      }
      result.push({
        id,
        sop: cs.metaData.get('instance', imageId).SOPInstanceUID as string,
        image: [columns, rows],
        imageTopLeft: corner(0, 0),
        imageBottomRight: corner(columns, rows),
        layers,
      });
    }
    return result;
  }, VIEWPORT_IDS);
}

const near = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!) < 1;

/** Waits until every viewport whose image the SEG masks shows its layers, then checks them. */
async function expectSegDrawnOnEveryMaskedView(expected: Map<string, number[]>) {
  const masked = [...expected].filter(([, counts]) => counts.some((count) => count > 0)).map(([sop]) => sop);
  await page
    .waitForFunction(
      ({ ids, masked }) => {
        const cs = (globalThis as any).cornerstone;
        const engine = cs?.getRenderingEngines?.()[0];
        return ids.every((id: string) => {
          const viewport = engine?.getViewport(id);
          const imageId = viewport?.getCurrentImageId?.();
          if (!imageId) return false;
          const sop = cs.metaData.get('instance', imageId)?.SOPInstanceUID;
          return (
            !masked.includes(sop) ||
            viewport.element.querySelector('svg image[data-sentinelle="seg"]') !== null
          );
        });
      },
      { ids: VIEWPORT_IDS, masked },
      { timeout: 60_000 },
    )
    .catch(async (error: unknown) => {
      // What the viewports show instead, for the failure's reader.
      await w.shot('failed-seg-wait');
      console.warn(
        '[seg-overlay] expected masks',
        [...expected],
        'drawn',
        JSON.stringify(await drawnSegLayers()),
      );
      throw error;
    });
  // A reload fits each image to its viewport after the first draw: the layers must follow it.
  const aligned = (shown: Awaited<ReturnType<typeof drawnSegLayers>>) =>
    shown.every((viewport) =>
      viewport.layers.every(
        (layer) =>
          near(layer.topLeft, viewport.imageTopLeft) && near(layer.bottomRight, viewport.imageBottomRight),
      ),
    );
  let viewports = await drawnSegLayers();
  for (let tries = 0; tries < 120 && !aligned(viewports); tries++) {
    await page.waitForTimeout(250);
    viewports = await drawnSegLayers();
  }
  for (const viewport of viewports) {
    const counts = expected.get(viewport.sop) ?? [];
    const drawn = viewport.layers.map((layer) => layer.coloured).sort((a, b) => a - b);
    // One layer per SEG frame of this image (a segment without a lesion here draws an empty one),
    // each as many coloured pixels as the frame has lesion pixels, on the image's pixel grid,
    // corner to corner.
    expect({ id: viewport.id, drawn }).toEqual({ id: viewport.id, drawn: counts });
    for (const layer of viewport.layers) {
      expect({ id: viewport.id, picture: layer.picture }).toEqual({
        id: viewport.id,
        picture: viewport.image,
      });
      expect(near(layer.topLeft, viewport.imageTopLeft)).toBe(true);
      expect(near(layer.bottomRight, viewport.imageBottomRight)).toBe(true);
    }
  }
  return viewports;
}

test('the SEG of the 4-view FFDM exam is drawn in each viewport whose image it masks, pixel for pixel as Orthanc serves it', async () => {
  expect(seg).not.toBeNull();
  const expected = await servedMaskPixels();
  const viewports = await expectSegDrawnOnEveryMaskedView(expected);
  // The model masks three of the four views of this exam, every one a width not a multiple of 8.
  const withMask = viewports.filter((v) => v.layers.some((layer) => layer.coloured > 0));
  expect(withMask.length).toBeGreaterThanOrEqual(3);
  expect(withMask.every((v) => v.image[0]! % 8 !== 0)).toBe(true);
  // Every SEG request the viewer made was answered.
  expect(segRequests.length).toBeGreaterThan(0);
  expect(segRequests.filter((r) => r.status !== 200)).toEqual([]);
  await w.shot('01-seg-four-view');
});

test('a SEG stored BINARY by an older version (Orthanc refuses its frames) is still drawn, from its whole Pixel Data', async () => {
  const expected = await servedMaskPixels();
  const rest = orthancRest(orthanc);
  // Each SEG instance replaced by its BINARY form under the same SOP Instance UID.
  for (const instance of seg.instances) {
    const [id] = await rest.instancesWithUid(instance.sopInstanceUid);
    const bytes = await rest.bytes(`/instances/${id}/file`);
    const legacy = legacyBinarySeg(bytes, instance.sopInstanceUid);
    await rest.json(`/instances/${id}`, { method: 'DELETE' });
    await rest.store(legacy);
    const [stored] = await rest.instancesWithUid(instance.sopInstanceUid);
    const tags = await rest.json<Record<string, string>>(`/instances/${stored}/simplified-tags`);
    expect([tags.SegmentationType, tags.BitsAllocated]).toEqual(['BINARY', '1']);
  }
  segRequests.length = 0;
  await page.reload();
  await expectSegDrawnOnEveryMaskedView(expected);
  expect(segRequests.some((r) => r.url.includes('/bulk/7fe00010'))).toBe(true);
  expect(segRequests.filter((r) => r.status !== 200)).toEqual([]);
  await w.shot('02-seg-legacy-binary');
});
