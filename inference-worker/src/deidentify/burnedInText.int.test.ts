import { blankRegions, findBurnedInText, type GrayImage } from './burnedInText';
import { burnLabel, FFDM_VIEWS, loadFfdmView, type Box, type LabelSpec } from './testing/textOnMammogram';

// Runs Debian's tesseract (tesseract-ocr with fra and eng data), installed by .ci/run.

/**
 * Glyph pixels, with their neighbours, that do not hold the background value: the neighbours
 * carry the contrast of dark text on a light label.
 */
function inkLeft(ink: Uint8Array, image: GrayImage, background: number): number {
  let left = 0;
  ink.forEach((v, i) => {
    if (v !== 1) return;
    const x = i % image.width;
    const y = Math.floor(i / image.width);
    let visible = false;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= image.width || ny >= image.height) continue;
        if (image.data[ny * image.width + nx] !== background) visible = true;
      }
    }
    if (visible) left++;
  });
  return left;
}

function minimum(image: GrayImage): number {
  let low = Infinity;
  for (const v of image.data) low = Math.min(low, v);
  return low;
}

/** Pixels that differ between two images outside a box. */
function changedOutside(a: GrayImage, b: GrayImage, box: Box): number {
  let changed = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const inside = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
      if (!inside && a.data[y * a.width + x] !== b.data[y * a.width + x]) changed++;
    }
  }
  return changed;
}

const grow = (box: Box, by: number): Box => ({
  x: box.x - by,
  y: box.y - by,
  width: box.width + 2 * by,
  height: box.height + 2 * by,
});

type Case = {
  readonly title: string;
  readonly view: (typeof FFDM_VIEWS)[number];
  readonly spec: LabelSpec;
  readonly read: readonly string[];
  /** How far past the label a box may reach: over tissue, a box grows along the "ink" of tissue. */
  readonly slack?: number;
};

const identity = ['DUPONT^MARIE', '12/03/1961', 'Centre Hospitalier'];
const side = ['Sein gauche', 'Left breast', 'MARTIN Jeanne 1958'];
const cases: Case[] = [
  {
    title: 'white on black, 24 px, sans',
    view: '0_L-CC',
    spec: { lines: identity, size: 24, style: 'white-on-black', font: 'sans' },
    read: ['12/03/1961', 'Centre', 'Hospitalier'],
  },
  {
    title: 'white on black, 40 px, sans',
    view: '0_R-MLO',
    spec: { lines: identity, size: 40, style: 'white-on-black', font: 'sans' },
    read: ['12/03/1961', 'Centre', 'Hospitalier'],
  },
  {
    title: 'black on grey, 16 px, monospace',
    view: '0_R-CC',
    spec: { lines: side, size: 16, style: 'black-on-grey', font: 'mono' },
    read: ['Sein', 'gauche', 'Left', 'breast', 'MARTIN', 'Jeanne'],
  },
  {
    title: 'black on grey, 28 px, monospace',
    view: '0_L-MLO',
    spec: { lines: side, size: 28, style: 'black-on-grey', font: 'mono' },
    read: ['Sein', 'gauche', 'Left', 'breast', 'MARTIN', 'Jeanne', '1958'],
  },
  {
    title: 'white over dense tissue (pectoral muscle), 24 px, sans',
    view: '0_L-MLO',
    spec: { lines: identity, size: 24, style: 'white-on-black', font: 'sans', corner: 'top-left' },
    read: ['12/03/1961', 'Centre', 'Hospitalier'],
    slack: 4 * 24,
  },
  {
    title: 'white across the skin line, 24 px, sans',
    view: '0_L-CC',
    spec: { lines: identity, size: 24, style: 'white-on-black', font: 'sans', corner: 'bottom-left' },
    read: ['Hospitalier'],
  },
];

describe('findBurnedInText', () => {
  test.each(FFDM_VIEWS)('findBurnedInText finds no text on the plain mammogram %s', async (view) => {
    const regions = await findBurnedInText(loadFfdmView(view));
    expect(regions).toEqual([]);
  });

  test.each(cases)(
    'findBurnedInText reads a label ($title) on $view, and blankRegions leaves nothing to read',
    async ({ view, spec, read, slack }) => {
      const original = loadFfdmView(view);
      const { image, ink, label } = burnLabel(original, spec);
      const around = grow(label, slack ?? spec.size);

      const regions = await findBurnedInText(image);
      const texts = regions.map((r) => r.text);
      for (const word of read) expect(texts).toContain(word);
      expect(regions.every((r) => r.source === 'ocr')).toBe(true);
      // Every found box lies on the label: nothing found in the breast.
      for (const r of regions) {
        expect(r.x).toBeGreaterThanOrEqual(around.x);
        expect(r.x + r.width).toBeLessThanOrEqual(around.x + around.width);
        expect(r.y).toBeGreaterThanOrEqual(around.y);
        expect(r.y + r.height).toBeLessThanOrEqual(around.y + around.height);
      }

      const blanked = blankRegions(image, regions);
      // The boxes with their default margin cover every glyph pixel that was drawn...
      const background = minimum(original);
      expect(inkLeft(ink, image, background)).toBeGreaterThan(100);
      expect(inkLeft(ink, blanked, background)).toBe(0);
      // ...the OCR re-check reads nothing...
      expect(await findBurnedInText(blanked)).toEqual([]);
      // ...and the breast away from the label is the original, pixel for pixel.
      expect(changedOutside(blanked, original, around)).toBe(0);
      expect(blanked.data).not.toBe(image.data);
    },
  );

  test('findBurnedInText reads the same words with the inverted rendering added', async () => {
    const { image } = burnLabel(loadFfdmView('0_R-CC'), cases[2]!.spec);
    const plain = (await findBurnedInText(image)).map((r) => r.text).sort();
    const withInverted = (await findBurnedInText(image, { inverted: true })).map((r) => r.text).sort();
    expect(withInverted).toEqual(plain);
  });

  test('findBurnedInText says which Debian packages to install when tesseract is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const failure = findBurnedInText({ width: 2, height: 2, bitsStored: 8, data: new Uint8Array(4) });
      await expect(failure).rejects.toMatchObject({
        code: 'ocr_failed',
        message: expect.stringMatching(/tesseract-ocr-fra/),
      });
    } finally {
      process.env.PATH = path;
    }
  });
});
