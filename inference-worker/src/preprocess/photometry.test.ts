import { toUnitIntensity } from './unitIntensity';
import { looksInverted } from './photometry';
import { preprocess } from './preprocess';
import { syntheticMammogram } from './testing/syntheticMammogram';

const spec = { height: 128, width: 64, clip: 3 };

function invertedCopy(image: ReturnType<typeof syntheticMammogram>): ReturnType<typeof syntheticMammogram> {
  const pixels = new Uint16Array(image.pixels.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 4095 - image.pixels[i]!;
  return { ...image, pixels };
}

test('a mammogram on its dark background is not taken for an inverted one', () => {
  const image = syntheticMammogram({ width: 200, height: 300, chestWall: 'left', view: 'MLO' });
  expect(looksInverted(toUnitIntensity(image), image.width, image.height)).toBe(false);
  expect(preprocess(image, spec).invertedDetected).toBe(false);
});

test('an export written dark-on-bright is detected and analysed as the upright image', () => {
  const upright = syntheticMammogram({ width: 200, height: 300, chestWall: 'right', view: 'CC' });
  const inverted = invertedCopy(upright);
  expect(looksInverted(toUnitIntensity(inverted), inverted.width, inverted.height)).toBe(true);
  const a = preprocess(upright, spec);
  const b = preprocess(inverted, spec);
  expect(b.invertedDetected).toBe(true);
  // Same breast found, same orientation, same network input.
  expect(b.transform).toEqual(a.transform);
  expect(Math.max(...a.input.map((v, i) => Math.abs(v - b.input[i]!)))).toBeLessThan(1e-3);
});

test('a textured breast filling most of the frame (dense, tightly cropped) is not taken for a background', () => {
  const width = 120;
  const height = 160;
  const pixels = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Tissue fills all but the corner away from the chest wall; denser towards the chest wall,
      // with glandular texture over a third of the range.
      const inside = (x / (width * 1.1)) ** 2 + ((y - height / 2) / (height * 0.6)) ** 2 <= 1;
      const texture = ((x * 37 + y * 91) % 23) * 40 + Math.round(600 * Math.sin(x / 7) * Math.cos(y / 9));
      pixels[y * width + x] = inside ? 1800 - 6 * x + texture : 40;
    }
  }
  const image = { ...syntheticMammogram({ width, height, chestWall: 'left' }), pixels };
  expect(looksInverted(toUnitIntensity(image), width, height)).toBe(false);
});
