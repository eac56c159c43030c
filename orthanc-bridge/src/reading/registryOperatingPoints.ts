import { readFile } from 'node:fs/promises';
import { DEFAULT_REGISTRY_PATH, registrySchema } from '@sentinelle/models';
import type { ScreeningOperatingPoints } from '@sentinelle/reporting';

/**
 * The screening operating points of every model in the registry, by model id: what findings stored
 * in an older format are upgraded with. Read only when such findings are met. The registry is read
 * as resolveModel reads it, without hashing the ONNX files: only its numbers matter here, and a
 * model no longer served keeps its entry. Read once per registry file and process (the worklist
 * asks on every request; the registry changes only with a deployment, which restarts the bridge);
 * a failed read is not kept, so the next request tries again.
 */
export function registryOperatingPoints(
  registryPath?: string,
): Promise<ReadonlyMap<string, ScreeningOperatingPoints>> {
  const path = registryPath ?? DEFAULT_REGISTRY_PATH;
  let points = readOnce.get(path);
  if (!points) {
    points = readPoints(path);
    readOnce.set(path, points);
    points.catch(() => readOnce.delete(path));
  }
  return points;
}

const readOnce = new Map<string, Promise<ReadonlyMap<string, ScreeningOperatingPoints>>>();

async function readPoints(path: string): Promise<ReadonlyMap<string, ScreeningOperatingPoints>> {
  const registry = registrySchema.parse(JSON.parse(await readFile(path, 'utf8')));
  return new Map(registry.models.map((model) => [model.id, model.operatingPoints]));
}
