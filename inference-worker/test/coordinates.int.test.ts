import { readFileSync } from 'node:fs';
import { DEFAULT_REGISTRY_PATH, registrySchema, resolveModel } from '@sentinelle/models';
import { toModel, toOriginal } from '../src/preprocess/imageTransform';
import { preprocess } from '../src/preprocess/preprocess';
import { MammoModel } from '../src/session/mammoModel';
import { breastPhantom, brightestSpot } from '../src/testing/breastPhantom';

// Every registered model at its own input size: the default (the one served) and the older ones
// that stay loadable. Coordinates must survive each model's crop, flip and scale.
const MODELS = registrySchema
  .parse(JSON.parse(readFileSync(DEFAULT_REGISTRY_PATH, 'utf8')))
  .models.map((m) => m.id);

describe.each(MODELS)('coordinates for model %s', (id) => {
  it.each([
    ['left', 'MONOCHROME2'],
    ['right', 'MONOCHROME2'],
    ['right', 'MONOCHROME1'],
  ] as const)(
    'coordinates of a synthetic blob come back to its original pixel within 2 px at the model input size (chest wall %s, %s)',
    async (side, photometric) => {
      const { entry } = await resolveModel({ id });
      const { height, width } = entry.input;
      const blob = { x: side === 'left' ? 420 : 780, y: 760, sigma: 14 };
      const image = breastPhantom({ width: 1200, height: 1800, chestWall: side, blob, photometric });
      // A wide clip keeps the blob's profile intact: this test is about geometry, not contrast.
      const { input, transform } = preprocess(image, { height, width, clip: 1000 });

      expect(transform).toMatchObject({ modelHeight: height, modelWidth: width, flipped: side === 'right' });
      const found = toOriginal(transform, brightestSpot(input, width, height));
      expect(Math.hypot(found.x - blob.x, found.y - blob.y)).toBeLessThan(2);
      for (const p of [
        { x: 0, y: 0 },
        { x: 512.5, y: 1033.25 },
        { x: 1199, y: 1799 },
      ]) {
        const back = toOriginal(transform, toModel(transform, p));
        expect(back.x).toBeCloseTo(p.x, 9);
        expect(back.y).toBeCloseTo(p.y, 9);
      }
    },
  );

  it('coordinates of the lesion maps cover the model input exactly, one cell per stride', async () => {
    const resolved = await resolveModel({ id });
    const { height, width } = resolved.entry.input;
    const { stride } = resolved.entry.lesionMaps;
    const image = breastPhantom({
      width: 1200,
      height: 1800,
      chestWall: 'left',
      blob: { x: 420, y: 760, sigma: 14 },
    });
    const model = await MammoModel.load(resolved, { provider: 'cpu', threads: 2 });
    const [output] = await model.run([preprocess(image, { height, width, clip: 3 }).input]);
    await model.release();
    expect(output!.mapHeight * stride).toBe(height);
    expect(output!.mapWidth * stride).toBe(width);
    expect(output!.lesionMaps).toHaveLength(3 * output!.mapHeight * output!.mapWidth);
  });
});
