import { blankRegions, findBurnedInText, type GrayImage, type TextRegion } from './burnedInText';
import { knownTextRegions } from './manufacturerTextRegions';

describe('blankRegions', () => {
  const image: GrayImage = {
    width: 6,
    height: 4,
    bitsStored: 12,
    data: Uint16Array.from({ length: 24 }, (_, i) => 100 + i),
  };
  const region: TextRegion = { x: 2, y: 1, width: 2, height: 2, text: 'AB', source: 'ocr' };

  test('blankRegions sets the region and its margin to the image minimum and leaves the input alone', () => {
    const out = blankRegions(image, [region], 1);
    const rows = Array.from({ length: 4 }, (_, y) => Array.from(out.data.slice(y * 6, y * 6 + 6)));
    expect(rows).toEqual([
      [100, 100, 100, 100, 100, 105],
      [106, 100, 100, 100, 100, 111],
      [112, 100, 100, 100, 100, 117],
      [118, 100, 100, 100, 100, 123],
    ]);
    expect(image.data[8]).toBe(108);
    expect(out.bitsStored).toBe(12);
  });

  test('blankRegions clips boxes that reach past the edges', () => {
    const out = blankRegions(image, [{ ...region, x: -3, y: 3, width: 5, height: 9 }], 0);
    expect(Array.from(out.data.slice(18))).toEqual([100, 100, 120, 121, 122, 123]);
  });

  test('blankRegions refuses a negative margin and a buffer of the wrong size', () => {
    expect(() => blankRegions(image, [region], -1)).toThrow(/non-negative/);
    expect(() => blankRegions({ ...image, height: 5 }, [region])).toThrow(/24 samples for 6×5/);
  });
});

describe('knownTextRegions', () => {
  test('knownTextRegions lists the Aixplorer banner for its 1400×1050 matrix only, whatever the case of the names', () => {
    expect(knownTextRegions('SuperSonic Imagine SA', 'AIXPLORER', 1400, 1050)).toEqual([
      {
        x: 0,
        y: 0,
        width: 1000,
        height: 89,
        text: 'known text area of SuperSonic Imagine SA Aixplorer',
        source: 'manufacturer',
      },
    ]);
    expect(knownTextRegions('SuperSonic Imagine SA', 'Aixplorer', 1280, 1024)).toEqual([]);
  });

  test('knownTextRegions gives the top and bottom bands of a Canon CXDI 2592-row image', () => {
    const regions = knownTextRegions('Canon Inc.', 'CXDI-70C Wireless', 2208, 2592);
    expect(regions.map(({ x, y, width, height }) => [x, y, width, height])).toEqual([
      [0, 0, 2208, 80],
      [0, 2512, 2208, 80],
    ]);
  });

  test('knownTextRegions clips a known area to a smaller image', () => {
    const [region] = knownTextRegions('GE Healthcare', 'LOGIQE9', 800, 600);
    expect(region).toMatchObject({ x: 0, y: 0, width: 800, height: 70 });
  });

  test('knownTextRegions has no area for mammography units or unknown devices', () => {
    expect(knownTextRegions('HOLOGIC, Inc.', 'Selenia Dimensions', 3328, 4096)).toEqual([]);
    expect(knownTextRegions('SIEMENS', 'Mammomat Inspiration', 2816, 3584)).toEqual([]);
    expect(knownTextRegions(undefined, undefined, 1024, 768)).toEqual([]);
  });
});

describe('findBurnedInText options', () => {
  const image: GrayImage = { width: 2, height: 2, bitsStored: 8, data: new Uint8Array(4) };

  test('findBurnedInText refuses a confidence threshold outside 0–100, a non-positive timeout and a short buffer', async () => {
    await expect(findBurnedInText(image, { minConfidence: 120 })).rejects.toThrow(/between 0 and 100/);
    await expect(findBurnedInText(image, { timeoutMs: 0 })).rejects.toThrow(/timeout must be positive/);
    await expect(findBurnedInText({ ...image, width: 3 })).rejects.toThrow(/4 samples for 3×2/);
  });
});
