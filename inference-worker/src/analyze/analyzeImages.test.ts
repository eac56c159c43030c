import { jest } from '@jest/globals';
import { resolveModel } from '@sentinelle/models';
import { ImageFindingsSchema, screeningCategory } from '@sentinelle/reporting';
import type { DecodedImage } from '../image/decodedImage';
import { ImageQualityError } from '../preprocess/imageQualityError';
import { syntheticMammogram, syntheticNipple } from '../preprocess/testing/syntheticMammogram';
import { MammoModel } from '../session/mammoModel';
import { analyzeExam, analyzeImage } from './analyzeImages';
import { screeningOperatingPoints } from './screeningOperatingPoints';

// Whatever model the registry ships by default: these tests hold for any model's scores.
let model: MammoModel;
beforeAll(async () => {
  model = await MammoModel.load(await resolveModel(), { provider: 'cpu', threads: 1 });
});
afterAll(async () => {
  await model.release();
});
afterEach(() => jest.restoreAllMocks());

function frame(name: string, value: (i: number) => number): DecodedImage {
  const base = syntheticMammogram({ width: 600, height: 900, chestWall: 'left' });
  return {
    ...base,
    pixels: Uint16Array.from(base.pixels, (_, i) => value(i)),
    source: { kind: 'png', name },
  };
}

const black = frame('black.png', () => 0);
let seed = 5;
const noise = frame('noise.png', () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed >>> 20;
});

describe('analyzeImage', () => {
  it.each([
    ['a black image', black, 'constant-image'],
    ['pure noise', noise, 'noise-image'],
  ])(
    'analyzeImage gives %s no score: the quality gate refuses it before the network runs',
    async (_name, image, code) => {
      const run = jest.spyOn(model, 'run');
      await expect(analyzeImage(image, model)).rejects.toThrow(ImageQualityError);
      await expect(analyzeImage(image, model)).rejects.toMatchObject({ code, file: image.source.name });
      expect(run).not.toHaveBeenCalled();
    },
  );

  it('analyzeImage reports the screening category, the breast landmarks and marks inside the breast', async () => {
    const p = { width: 600, height: 900, chestWall: 'right', view: 'MLO' } as const;
    const findings = await analyzeImage(syntheticMammogram(p), model);

    expect(ImageFindingsSchema.parse(findings)).toEqual(findings);
    const points = screeningOperatingPoints(model.entry);
    expect(findings.category).toBe(screeningCategory(findings.malignancyScore, points));
    expect(findings.invertedDetected).toBe(false);
    expect(findings.breast.chestWallSide).toBe('right');
    expect(findings.breast.pectoralEdge).not.toBeNull();
    const nipple = findings.breast.nipple!;
    const truth = syntheticNipple(p);
    expect(Math.hypot(nipple.x - truth.x, nipple.y - truth.y)).toBeLessThan(16);
    // The breast is the half-ellipse against the right edge: every mark's centre lies in it.
    for (const lesion of findings.lesions) {
      const cx = (599 - lesion.centre.x) / (0.7 * 600);
      const cy = (lesion.centre.y - 0.45 * 900) / (0.42 * 900);
      expect(cx * cx + cy * cy).toBeLessThan(1);
    }
  });
});

describe('analyzeExam', () => {
  it('analyzeExam leaves a refused image out when told where to report it, and fails on it otherwise', async () => {
    const breast = syntheticMammogram({ width: 600, height: 900, chestWall: 'left', view: 'CC' });
    const refused: string[] = [];
    const exam = await analyzeExam([black, breast], model, {
      onRefused: (image, error) => refused.push(`${image.source.name} ${error.code}`),
    });
    expect(refused).toEqual(['black.png constant-image']);
    expect(exam.images.map((i) => i.imageRef.name)).toEqual(['synthetic']);
    expect(exam.operatingPoints).toEqual(screeningOperatingPoints(model.entry));

    await expect(analyzeExam([black, breast], model)).rejects.toThrow(ImageQualityError);
    await expect(analyzeExam([black], model, { onRefused: () => undefined })).rejects.toMatchObject({
      code: 'constant-image',
    });
  });
});
