import { readFile } from 'node:fs/promises';
import { DEFAULT_REGISTRY_PATH, registrySchema, type ModelEntry } from '@sentinelle/models';

/**
 * The registry's entries as they are on disk now, read without hashing the ONNX files: the
 * comparison needs only their operating points. Putting a candidate in shadow goes through
 * resolveModel, which checks the file too.
 */
export async function readRegistryEntries(registryPath: string | undefined): Promise<readonly ModelEntry[]> {
  const path = registryPath ?? DEFAULT_REGISTRY_PATH;
  return registrySchema.parse(JSON.parse(await readFile(path, 'utf8'))).models;
}
