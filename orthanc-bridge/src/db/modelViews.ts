import type { AnalysisRevisionRef } from './analyses';
import type { Queryable } from './pool';

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

/** Replaces the analysis's model views with those of this revision. */
export async function saveModelViews(
  db: Queryable,
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
        Buffer.from(view.png.buffer, view.png.byteOffset, view.png.byteLength),
        view.width,
        view.height,
        view.imageColumns,
        view.imageRows,
      ],
    );
  }
}

/** The model views of this analysis revision, by SOP Instance UID. */
export async function listModelViews(db: Queryable, ref: AnalysisRevisionRef): Promise<ModelViewImage[]> {
  const { rows } = await db.query<ModelViewRow>(
    `SELECT sop_instance_uid, png, width, height, image_columns, image_rows FROM analysis_model_view
     WHERE analysis_id = $1 AND revision = $2 ORDER BY sop_instance_uid`,
    [ref.analysisId, ref.revision],
  );
  return rows.map((row) => ({
    sopInstanceUid: row.sop_instance_uid,
    png: new Uint8Array(row.png),
    width: row.width,
    height: row.height,
    imageColumns: row.image_columns,
    imageRows: row.image_rows,
  }));
}
