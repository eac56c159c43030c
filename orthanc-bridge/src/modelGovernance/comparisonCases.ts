/**
 * The cases a comparison is made on: studies with a done shadow analysis by the candidate, the
 * model in use's score on the same image set, and a final reading. The model in use's score is
 * its clinical analysis, else its own shadow analysis from when it was a candidate: the studies
 * read before a promotion still count when the next candidate is compared.
 */
import { BiradsCategorySchema, ReportContentSchema, type BiradsCategory } from '@sentinelle/reporting';
import type { ModelRef } from '../context';
import type { FieldCipher } from '../crypto';
import type { Queryable } from '../db/pool';
import { reportContentContext } from '../reports/reportStore';
import { finalReading, type FinalReading } from './finalReading';

export interface ComparisonCase {
  readonly studyInstanceUid: string;
  readonly current: number;
  readonly candidate: number;
  readonly reading: FinalReading;
}

interface CaseRow {
  study_instance_uid: string;
  current: number;
  candidate: number;
  report_id: string | null;
  report_content: string | null;
  validation_birads: string | null;
}

export async function listComparisonCases(
  db: Queryable,
  cipher: FieldCipher,
  current: ModelRef,
  candidate: ModelRef,
): Promise<ComparisonCase[]> {
  const { rows } = await db.query<CaseRow>(
    `SELECT sa.study_instance_uid, cur.score AS current, sa.malignancy_score AS candidate,
        rep.id::text AS report_id, rep.content AS report_content, val.birads AS validation_birads
     FROM shadow_analysis sa
     JOIN LATERAL (SELECT score FROM (
         SELECT a.malignancy_score AS score, 1 AS rank FROM analysis a
         WHERE a.study_instance_uid = sa.study_instance_uid AND a.model_id = $1 AND a.model_version = $2
           AND a.status = 'done' AND a.malignancy_score IS NOT NULL AND a.instances_digest = sa.instances_digest
         UNION ALL
         SELECT c.malignancy_score, 2 FROM shadow_analysis c
         WHERE c.study_instance_uid = sa.study_instance_uid AND c.model_id = $1 AND c.model_version = $2
           AND c.status = 'done' AND c.instances_digest = sa.instances_digest) scores
       ORDER BY rank LIMIT 1) cur ON true
     LEFT JOIN LATERAL (SELECT r.id, r.content FROM report r
       WHERE r.study_instance_uid = sa.study_instance_uid AND r.status = 'signed'
       ORDER BY r.version DESC LIMIT 1) rep ON true
     LEFT JOIN LATERAL (SELECT v.birads FROM reading_validation v
       WHERE v.study_instance_uid = sa.study_instance_uid AND v.birads IS NOT NULL
       ORDER BY v.created_at DESC, v.id DESC LIMIT 1) val ON true
     WHERE sa.model_id = $3 AND sa.model_version = $4 AND sa.status = 'done'
       AND (rep.id IS NOT NULL OR val.birads IS NOT NULL)
     ORDER BY sa.study_instance_uid`,
    [current.id, current.version, candidate.id, candidate.version],
  );
  return rows.flatMap((row) => {
    const reading = finalReading(signedCategory(cipher, row), validationCategory(row.validation_birads));
    return reading
      ? [
          {
            studyInstanceUid: row.study_instance_uid,
            current: row.current,
            candidate: row.candidate,
            reading,
          },
        ]
      : [];
  });
}

function signedCategory(cipher: FieldCipher, row: CaseRow): BiradsCategory | null {
  if (row.report_id === null || row.report_content === null) return null;
  const content = ReportContentSchema.parse(
    JSON.parse(cipher.open(row.report_content, reportContentContext(row.report_id))),
  );
  return content.overallAssessment;
}

function validationCategory(birads: string | null): BiradsCategory | null {
  return birads === null ? null : BiradsCategorySchema.parse(birads);
}
