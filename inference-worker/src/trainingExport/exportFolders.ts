/**
 * Where exports are written, under the worker's exports folder (SENTINELLE_DATA_DIR/training-exports
 * by default): an export is written in `staging/<id>`, then moved whole to `released/<id>` once its
 * verification passed, or to `failed-verification/<id>` (its report and provenance, no image) when
 * it did not. Only `released/` is ever handed to training.
 */
import { join } from 'node:path';

export const RELEASED = 'released';

export function exportFolders(exportsDir: string, exportId: string) {
  return {
    staging: join(exportsDir, 'staging', exportId),
    released: join(exportsDir, RELEASED, exportId),
    failed: join(exportsDir, 'failed-verification', exportId),
    /** The released folder as recorded on the export, relative to the exports folder. */
    releasedLocation: `${RELEASED}/${exportId}`,
  };
}
