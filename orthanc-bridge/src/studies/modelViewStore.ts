/**
 * The model views: each analysed image as the model saw it. They are breast images, so each PNG is
 * a sealed file (src/crypto) in the table (migration 011): the worker seals, the reading API opens.
 */
import { type Keyring, openFile, sealFile } from '../crypto';
import type { AnalysisRevisionRef } from './analysisStore';
import type { Queryable } from '../db/pool';
import type { SealedFileColumn } from '../db/sealedColumns';

/** One analysed image as the model saw it (see the worker's renderModelView). */
export interface ModelViewImage {
  readonly sopInstanceUid: string;
  /** 8-bit grayscale PNG covering the whole image. */
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly imageColumns: number;
  readonly imageRows: number;
}

interface ModelViewRow {
  sop_instance_uid: string;
  png: Buffer;
  width: number;
  height: number;
  image_columns: number;
  image_rows: number;
}

/**
 * Where a sealed PNG lives: its analysis revision and image, the row's natural key (the worker
 * writes the rows in one statement each, before their id is known). Moved to another image or
 * another revision, it does not open.
 */
function modelViewContext(analysisId: string, revision: number | string, sopInstanceUid: string): string {
  return `analysis_model_view.png:${JSON.stringify([analysisId, String(revision), sopInstanceUid])}`;
}

/** The sealed PNGs, for a key rotation (which also seals those stored before migration 011). */
export const MODEL_VIEW_PNG_SEALED: SealedFileColumn<'analysis_id' | 'revision' | 'sop_instance_uid'> = {
  table: 'analysis_model_view',
  column: 'png',
  keyColumns: ['analysis_id', 'revision', 'sop_instance_uid'],
  context: (row) => modelViewContext(row.analysis_id, row.revision, row.sop_instance_uid),
};

/** Replaces the analysis's model views with those of this revision, each PNG sealed under `keyring`. */
export async function saveModelViews(
  db: Queryable,
  keyring: Keyring,
  ref: AnalysisRevisionRef,
  views: readonly ModelViewImage[],
): Promise<void> {
  await db.query('DELETE FROM analysis_model_view WHERE analysis_id = $1', [ref.analysisId]);
  for (const view of views) {
    await db.query(
      `INSERT INTO analysis_model_view
         (analysis_id, revision, sop_instance_uid, png, width, height, image_columns, image_rows)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        ref.analysisId,
        ref.revision,
        view.sopInstanceUid,
        sealFile(keyring, view.png, modelViewContext(ref.analysisId, ref.revision, view.sopInstanceUid)),
        view.width,
        view.height,
        view.imageColumns,
        view.imageRows,
      ],
    );
  }
}

/** The model views of this analysis revision, by SOP Instance UID, their PNGs opened. */
export async function listModelViews(
  db: Queryable,
  keyring: Keyring,
  ref: AnalysisRevisionRef,
): Promise<ModelViewImage[]> {
  const { rows } = await db.query<ModelViewRow>(
    `SELECT sop_instance_uid, png, width, height, image_columns, image_rows FROM analysis_model_view
     WHERE analysis_id = $1 AND revision = $2 ORDER BY sop_instance_uid`,
    [ref.analysisId, ref.revision],
  );
  return rows.map((row) => ({
    sopInstanceUid: row.sop_instance_uid,
    png: new Uint8Array(
      openFile(keyring, row.png, modelViewContext(ref.analysisId, ref.revision, row.sop_instance_uid)),
    ),
    width: row.width,
    height: row.height,
    imageColumns: row.image_columns,
    imageRows: row.image_rows,
  }));
}
