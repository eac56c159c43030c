import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const platt = z.object({ a: z.number(), b: z.number() });

export const modelEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().min(1),
  /** Relative to the registry file's folder. */
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  opset: z.number().int().min(13),
  input: z.object({
    name: z.string(),
    height: z.number().int().positive(),
    width: z.number().int().positive(),
    channels: z.literal(1),
    normalisation: z.object({
      method: z.literal('breast-zscore'),
      clip: z.tuple([z.number(), z.number()]),
      background: z.number(),
    }),
  }),
  outputs: z.object({ malignancy: z.string(), abnormality: z.string(), lesionMaps: z.string() }),
  lesionMaps: z.object({
    channels: z.tuple([z.literal('mass'), z.literal('calcification'), z.literal('malignant')]),
    stride: z.number().int().positive(),
  }),
  calibration: z.object({ method: z.literal('platt'), malignancy: platt, abnormality: platt }),
  thresholds: z.object({
    malignancy: z.number().min(0).max(1),
    abnormality: z.number().min(0).max(1),
    lesion: z.number().min(0).max(1),
  }),
  /** Screening operating points on the calibrated malignancy score, chosen on validation women. */
  operatingPoints: z
    .object({
      recall: z.number().min(0).max(1),
      likelyNormal: z.number().min(0).max(1),
      examScoreCuts: z.array(z.number().min(0).max(1)).length(9),
      /** The population and rule they were chosen on, for the model card and the audit. */
      chosenOn: z.string().min(1),
    })
    // Checked here too, so a bad entry fails when the registry is read, not in the worker's
    // first report: "likely normal" above "elevated" or a descending exam score would mislead.
    .refine((p) => p.likelyNormal <= p.recall, {
      path: ['likelyNormal'],
      message: 'likelyNormal must not exceed recall',
    })
    .refine((p) => p.examScoreCuts.every((c, i) => i === 0 || c >= p.examScoreCuts[i - 1]!), {
      path: ['examScoreCuts'],
      message: 'cuts must be ascending',
    }),
  metrics: z.record(z.string(), z.unknown()),
  researchOnly: z.boolean(),
  card: z.string(),
  trainedAt: z.string(),
  /** Where it was trained (device, threads, framework). */
  trainedOn: z.string().min(1).optional(),
});

export const registrySchema = z.object({ default: z.string(), models: z.array(modelEntrySchema).min(1) });

export type ModelEntry = z.infer<typeof modelEntrySchema>;
export type Platt = z.infer<typeof platt>;

export interface ResolvedModel {
  readonly entry: ModelEntry;
  /** Absolute path of the ONNX file. */
  readonly onnxPath: string;
  readonly cardPath: string;
}

export const DEFAULT_REGISTRY_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'registry.json');

/**
 * Finds a model in the registry (the default one unless `id` is given) and checks that the ONNX
 * file on disk is the one the registry describes: serving a file whose calibration and threshold
 * belong to another model would give radiologists wrong numbers.
 */
export async function resolveModel(
  options: { id?: string; registryPath?: string; onnxPath?: string } = {},
): Promise<ResolvedModel> {
  const registryPath = options.registryPath ?? DEFAULT_REGISTRY_PATH;
  const parsed = registrySchema.safeParse(JSON.parse(await readFile(registryPath, 'utf8')));
  if (!parsed.success)
    throw new Error(`model registry ${registryPath} is invalid: ${z.prettifyError(parsed.error)}`);
  const id = options.id ?? parsed.data.default;
  const entry = parsed.data.models.find((m) => m.id === id);
  if (!entry) throw new Error(`model ${id} is not in the registry ${registryPath}`);

  const folder = dirname(registryPath);
  const onnxPath = options.onnxPath ? resolve(options.onnxPath) : resolve(folder, entry.file);
  if (!options.onnxPath) {
    const digest = createHash('sha256')
      .update(await readFile(onnxPath))
      .digest('hex');
    if (digest !== entry.sha256)
      throw new Error(`${onnxPath} does not match the registry's sha256 for ${id}`);
  }
  return { entry, onnxPath, cardPath: resolve(folder, entry.card) };
}
