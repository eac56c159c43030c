import type { DecodedImage } from '../image/decodedImage';
import { ImageQualityError } from './imageQualityError';
import { preprocess } from './preprocess';
import { checkAcquisition, checkImageContent } from './qualityGate';
import { syntheticMammogram } from './testing/syntheticMammogram';

const spec = { width: 128, height: 224, clip: 3 };

/** Runs the gate as analyzeImage does: the header first, then the pixels after pre-processing. */
function gate(image: DecodedImage): void {
  checkAcquisition(image);
  checkImageContent(image, preprocess(image, spec).region);
}

function refusal(image: DecodedImage): ImageQualityError {
  try {
    gate(image);
  } catch (err) {
    if (err instanceof ImageQualityError) return err;
    throw err;
  }
  throw new Error('the image was accepted');
}

/** A 12-bit image of `width` x `height` whose pixels come from `value`. */
function image(width: number, height: number, value: (i: number) => number): DecodedImage {
  const pixels = new Uint16Array(width * height);
  for (let i = 0; i < pixels.length; i++) pixels[i] = value(i);
  return {
    ...syntheticMammogram({ width: 8, height: 8, chestWall: 'left' }),
    width,
    height,
    pixels,
    source: { kind: 'png', name: 'test.png' },
  };
}

/** Deterministic uniform noise in [0, 1). */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('image quality gate', () => {
  it('the quality gate lets a synthetic mammogram through, CC and MLO, either side', () => {
    for (const chestWall of ['left', 'right'] as const) {
      for (const view of ['CC', 'MLO'] as const) {
        expect(() => gate(syntheticMammogram({ width: 600, height: 900, chestWall, view }))).not.toThrow();
      }
    }
  });

  it.each([
    ['black image', () => 0],
    ['white image', () => 4095],
    ['black image with a few levels of detector noise', (r: () => number) => Math.floor(4 * r())],
  ])('the quality gate refuses a %s as uniform', (_name, value) => {
    const r = noise(1);
    const error = refusal(image(600, 900, () => value(r)));
    expect(error).toMatchObject({ code: 'constant-image', file: 'test.png' });
    expect(error.reason.fr).toMatch(/^image uniforme/);
    expect(error.reason.en).toMatch(/^uniform image/);
    expect(error.message).toBe(`test.png: ${error.reason.fr} / ${error.reason.en}`);
  });

  it.each([
    ['uniform', (r: () => number) => Math.floor(4096 * r())],
    ['Gaussian-like', (r: () => number) => Math.round(2048 + 400 * (r() + r() + r() + r() - 2))],
  ])('the quality gate refuses %s noise as an image without structure', (_name, value) => {
    const r = noise(7);
    const error = refusal(image(600, 900, () => value(r)));
    expect(error.code).toBe('noise-image');
    expect(error.reason.fr).toMatch(/bruit/);
    expect(error.measures.roughness).toBeGreaterThan(0.5);
  });

  it('the quality gate refuses a dark frame holding only a burned-in label: no breast', () => {
    const r = noise(3);
    const error = refusal(
      image(600, 900, (i) => {
        const x = i % 600;
        const y = Math.floor(i / 600);
        return x >= 500 && x < 560 && y >= 20 && y < 60 ? 4000 : 40 + Math.floor(60 * r());
      }),
    );
    expect(error.code).toBe('no-breast');
    expect(error.reason).toEqual({
      fr: 'aucun sein trouvé dans l’image',
      en: 'no breast found in the image',
    });
  });

  it('the quality gate refuses an image too small to hold a breast, in mm when the spacing is known', () => {
    const small = syntheticMammogram({ width: 400, height: 450, chestWall: 'left' });
    const inMm = refusal(small);
    expect(inMm.code).toBe('too-small');
    expect(inMm.reason.fr).toBe(
      'image trop petite pour contenir un sein : 40.0 × 45.0 mm, il faut au moins 50 mm de côté',
    );
    // Without a spacing the same image passes: only the pixel minimum applies.
    expect(() => gate({ ...small, pixelSpacing: null })).not.toThrow();
    const inPixels = refusal(
      syntheticMammogram({ width: 100, height: 120, chestWall: 'left', spacing: null }),
    );
    expect(inPixels.reason.en).toBe(
      'image too small to hold a breast: 100 × 120 pixels, at least 128 pixels a side is needed',
    );
  });

  it('the quality gate refuses a FOR PROCESSING image before looking at its pixels', () => {
    const raw: DecodedImage = {
      ...syntheticMammogram({ width: 600, height: 900, chestWall: 'left' }),
      presentationIntent: 'FOR PROCESSING',
    };
    expect(() => checkAcquisition(raw)).toThrow(ImageQualityError);
    expect(refusal(raw)).toMatchObject({ code: 'for-processing' });
    expect(refusal(raw).reason.fr).toMatch(/FOR PRESENTATION/);
    expect(() => gate({ ...raw, presentationIntent: 'FOR PRESENTATION' })).not.toThrow();
  });
});
