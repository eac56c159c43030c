import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { resolveModel } from '@sentinelle/models';
import { MammoModel } from '../src/index';
import { MINI_MIAS, REPO_ROOT, SYSTEM_PYTHON } from '../src/testing/sharedData';

const run = promisify(execFile);

describe('training path', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinelle-smoke-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('training path in smoke mode prepares data in TypeScript, trains, exports and is served by ONNX Runtime', async () => {
    const data = join(dir, 'data');
    const out = join(dir, 'model');
    const registry = join(out, 'registry.json');
    await run(
      'npx',
      [
        'tsx',
        resolve(REPO_ROOT, 'inference-worker/src/cli/prepareTrainingData.ts'),
        '--images',
        MINI_MIAS,
        '--out',
        data,
        '--height',
        '96',
        '--width',
        '64',
        '--limit',
        '8',
      ],
      { cwd: REPO_ROOT },
    );
    const index = JSON.parse(await readFile(join(data, 'index.json'), 'utf8')) as {
      images: { label: string }[];
    };
    expect(new Set(index.images.map((i) => i.label))).toEqual(new Set(['normal', 'benign', 'malignant']));

    await run(
      SYSTEM_PYTHON,
      [
        resolve(REPO_ROOT, 'models/training/train.py'),
        '--smoke',
        '--data',
        data,
        '--out',
        out,
        '--registry',
        registry,
        '--id',
        'smoke-model',
      ],
      { cwd: REPO_ROOT, maxBuffer: 1 << 24 },
    );

    const resolved = await resolveModel({ registryPath: registry, id: 'smoke-model' });
    expect(resolved.entry.input).toMatchObject({ height: 96, width: 64, channels: 1 });
    expect(resolved.entry.opset).toBeGreaterThanOrEqual(13);
    expect(await readFile(resolved.cardPath, 'utf8')).toMatch(/not for clinical use/i);

    const model = await MammoModel.load(resolved, { provider: 'cpu', threads: 1 });
    const [output] = await model.run([new Float32Array(96 * 64).fill(0.5)]);
    await model.release();
    expect(output!.mapHeight).toBe(96 / resolved.entry.lesionMaps.stride);
    expect(output!.mapWidth).toBe(64 / resolved.entry.lesionMaps.stride);
    expect(Number.isFinite(output!.malignancyLogit)).toBe(true);
    expect(output!.lesionMaps.every((p) => p >= 0 && p <= 1)).toBe(true);
  });
});
