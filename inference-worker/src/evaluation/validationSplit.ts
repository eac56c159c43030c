import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** models/training/split.json: the women kept apart for validation, per dataset, chosen once. */
const splitSchema = z.object({
  seed: z.number().int(),
  share: z.number().gt(0).lt(1),
  validationWomen: z.record(z.string().min(1), z.array(z.string().min(1))),
});
export type ValidationSplit = z.infer<typeof splitSchema>;

export async function readValidationSplit(path: string): Promise<ValidationSplit> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`split ${path} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = splitSchema.safeParse(json);
  if (!parsed.success) throw new Error(`split ${path} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The validation women of one dataset. A dataset the split does not name is an error, not an
 * empty set: figures computed on the wrong women would look like validation figures.
 */
export function validationWomen(split: ValidationSplit, dataset: string): ReadonlySet<string> {
  const women = split.validationWomen[dataset];
  if (!women)
    throw new Error(
      `the split has no validation women for dataset "${dataset}" (it has ${Object.keys(split.validationWomen).join(', ')}); name it with --dataset`,
    );
  return new Set(women);
}
