import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REGISTRY_PATH, registrySchema, resolveModel } from '../src/index';

const shipped = registrySchema.parse(JSON.parse(await readFile(DEFAULT_REGISTRY_PATH, 'utf8')));

describe('model registry', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinelle-registry-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(shipped.models.map((m) => m.id))(
    'model registry resolves %s to an ONNX file matching its sha256, with screening operating points',
    async (id) => {
      const { entry, onnxPath } = await resolveModel({ id });
      expect(onnxPath).toMatch(/\.onnx$/);
      const { recall, likelyNormal, examScoreCuts, chosenOn } = entry.operatingPoints;
      expect(likelyNormal).toBeLessThanOrEqual(recall);
      // Exam score 10 and "elevated" are the same exams.
      expect(examScoreCuts.at(-1)).toBeCloseTo(recall, 12);
      expect(chosenOn).toMatch(/validation/);
    },
  );

  it('model registry serves the default model when no id is given', async () => {
    expect((await resolveModel()).entry.id).toBe(shipped.default);
  });

  it('model registry refuses operating points where likely normal exceeds elevated, naming the field', async () => {
    const [first] = shipped.models;
    const bad = {
      default: first!.id,
      models: [{ ...first!, operatingPoints: { ...first!.operatingPoints, likelyNormal: 0.9, recall: 0.5 } }],
    };
    const path = join(dir, 'registry.json');
    await writeFile(path, JSON.stringify(bad));
    await expect(resolveModel({ registryPath: path })).rejects.toThrow(/operatingPoints\.likelyNormal/);
  });

  it('model registry refuses an ONNX file that is not the one the registry describes', async () => {
    const [first] = shipped.models;
    const path = join(dir, 'registry-sha.json');
    const file = join(dir, 'model.onnx');
    await writeFile(file, 'not the model');
    await writeFile(path, JSON.stringify({ default: first!.id, models: [{ ...first!, file }] }));
    await expect(resolveModel({ registryPath: path })).rejects.toThrow(
      /does not match the registry's sha256/,
    );
  });
});
