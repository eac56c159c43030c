import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_REGISTRY_PATH, registrySchema, resolveModel } from '@sentinelle/models';
import { decodeImageFile } from '../src/decode/index';
import { preprocess } from '../src/preprocess/preprocess';
import { MammoModel } from '../src/session/mammoModel';
import { FIXTURES, MINI_MIAS, REPO_ROOT, SHARED, SYSTEM_PYTHON } from '../src/testing/sharedData';

const run = promisify(execFile);

const IMAGES = [
  join(MINI_MIAS, 'mdb001.png'),
  join(MINI_MIAS, 'mdb028.png'),
  join(FIXTURES, 'ffdm-png', '0_L-CC.png'),
  join(FIXTURES, 'dicom', 'siemens-mammomat-lcc-stereo-jpeg-lossless.dcm'),
  join(SHARED, 'datasets', 'rsna-screening-640', 'images', '1025_1803952236.jpg'),
];
// Every registered model, each at its own input size: the shipped default and the older ones
// that stay loadable.
const MODELS = registrySchema
  .parse(JSON.parse(readFileSync(DEFAULT_REGISTRY_PATH, 'utf8')))
  .models.map((m) => m.id);

describe('registered models', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinelle-parity-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(MODELS)(
    'registered model %s gives the same outputs in ONNX Runtime (Node) and PyTorch on shared images',
    async (id) => {
      const resolved = await resolveModel({ id });
      const { height, width, clip } = {
        ...resolved.entry.input,
        clip: resolved.entry.input.normalisation.clip[1],
      };
      const inputs = [];
      for (const path of IMAGES)
        inputs.push(preprocess(await decodeImageFile(path), { height, width, clip }).input);

      const model = await MammoModel.load(resolved, { provider: 'cpu', threads: 2 });
      const onnx = await model.run(inputs);
      await model.release();

      const packed = new Float32Array(inputs.length * height * width);
      inputs.forEach((input, i) => packed.set(input, i * height * width));
      await writeFile(join(dir, `${id}.f32`), packed);
      await run(SYSTEM_PYTHON, [
        resolve(REPO_ROOT, 'models/training/parity.py'),
        '--model-dir',
        dirname(resolved.onnxPath),
        '--inputs',
        join(dir, `${id}.f32`),
        '--count',
        String(inputs.length),
        '--height',
        String(height),
        '--width',
        String(width),
        '--out',
        join(dir, `${id}.json`),
      ]);
      const torch = JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')) as Record<
        'malignancy_logit' | 'abnormality_logit' | 'lesion_maps',
        number[]
      >;

      const maps = onnx.flatMap((o) => [...o.lesionMaps]);
      expect(maps).toHaveLength(torch.lesion_maps.length);
      const maxDiff = Math.max(
        ...onnx.map((o, i) => Math.abs(o.malignancyLogit - torch.malignancy_logit[i]!)),
        ...onnx.map((o, i) => Math.abs(o.abnormalityLogit - torch.abnormality_logit[i]!)),
        maps.reduce((m, v, i) => Math.max(m, Math.abs(v - torch.lesion_maps[i]!)), 0),
      );
      expect(maxDiff).toBeLessThan(1e-4);
      // The images differ, so must the outputs: a constant network would pass the comparison above.
      expect(new Set(onnx.map((o) => o.malignancyLogit.toFixed(6))).size).toBe(IMAGES.length);
    },
  );
});
