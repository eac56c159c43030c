/**
 * What a signed report is about, frozen at signing (migration 009): the patient and the study as
 * the signed PDF and SR show them. Exports of a signed version are built from it, so that later
 * images (another name under the same PatientID, a corrected accession number) never re-label a
 * report already signed. Sealed JSON, like the report's content.
 */
import {
  ReportPatientSchema,
  ReportStudySchema,
  type ReportPatient,
  type ReportStudy,
} from '@sentinelle/reporting';
import { z } from 'zod';
import type { FieldCipher } from '../crypto';
import type { Queryable } from '../db/pool';
import type { SealedTable } from '../db/sealedColumns';

export interface FrozenReportSubject {
  readonly patient: ReportPatient;
  readonly study: ReportStudy;
}

const frozenSchema = z.strictObject({ patient: ReportPatientSchema, study: ReportStudySchema });

function context(reportId: string): string {
  return `report_subject.subject:${reportId}`;
}

/** The sealed column of `report_subject`, for a key rotation. */
export const REPORT_SUBJECT_SEALED: SealedTable<'subject', 'report_id'> = {
  table: 'report_subject',
  keyColumns: ['report_id'],
  sealedColumns: ['subject'],
  context: (_column, row) => context(row.report_id),
};

/** Freezes the subject of a report being signed (in the signing transaction). */
export async function saveReportSubject(
  db: Queryable,
  cipher: FieldCipher,
  reportId: string,
  subject: FrozenReportSubject,
): Promise<void> {
  const frozen = frozenSchema.parse({ patient: subject.patient, study: subject.study });
  await db.query('INSERT INTO report_subject (report_id, subject) VALUES ($1, $2)', [
    reportId,
    cipher.seal(JSON.stringify(frozen), context(reportId)),
  ]);
}

/** The subject frozen when the report was signed; undefined for a version signed before migration 009. */
export async function findReportSubject(
  db: Queryable,
  cipher: FieldCipher,
  reportId: string,
): Promise<FrozenReportSubject | undefined> {
  const { rows } = await db.query<{ subject: string }>(
    'SELECT subject FROM report_subject WHERE report_id = $1',
    [reportId],
  );
  const row = rows[0];
  return row && frozenSchema.parse(JSON.parse(cipher.open(row.subject, context(reportId))));
}
