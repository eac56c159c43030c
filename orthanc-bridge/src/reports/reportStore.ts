/**
 * The one module that reads and writes reports (migration 007). A report's content is every word
 * the physician signs about a patient: sealed (src/crypto) before it reaches the table, like
 * consultation notes; the signed PDF is a sealed file. A signed version is immutable (a trigger
 * refuses UPDATE and DELETE); a correction is an addendum, the next version.
 */
import {
  ReportContentSchema,
  ReportDraftContentSchema,
  type ReportDraftContent,
} from '@sentinelle/reporting';
import { type FieldCipher, openFile, sealFile } from '../crypto';
import { openPatientId } from '../patients/patientStore';
import type { Queryable } from '../db/pool';
import type { ReaderRef } from '../users/readerStore';
import type { SealedFileColumn, SealedTable } from '../db/sealedColumns';

export type ReportStatus = 'draft' | 'signed';

/** One version of a study's report. */
export interface ReportVersion {
  readonly id: string;
  readonly studyInstanceUid: string;
  /** 1, then 2, 3… for addenda. */
  readonly version: number;
  /** The version this one amends (an addendum), null for version 1. */
  readonly amendsVersion: number | null;
  readonly status: ReportStatus;
  /** A draft may be incomplete (breasts unassessed); a signed version's parses as ReportContent. */
  readonly content: ReportDraftContent;
  readonly author: ReaderRef;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Set once signed. */
  readonly signer: (ReaderRef & { readonly personName: string }) | null;
  readonly signedAt: Date | null;
  readonly sr: { readonly seriesInstanceUid: string; readonly sopInstanceUid: string } | null;
  readonly template: { readonly site: string; readonly version: number } | null;
}

interface ReportRow {
  id: string;
  study_instance_uid: string;
  version: number;
  amends_version: number | null;
  status: ReportStatus;
  content: string;
  author_login: string;
  author_display_name: string;
  created_at: Date;
  updated_at: Date;
  signer_login: string | null;
  signer_display_name: string | null;
  signer_person_name: string | null;
  signed_at: Date | null;
  sr_series_instance_uid: string | null;
  sr_sop_instance_uid: string | null;
  template_site: string | null;
  template_version: number | null;
}

/** A value is sealed in the context of its column and row id: moved to another row, it does not open. */
export function reportContentContext(id: string): string {
  return `report.content:${id}`;
}

export function reportPdfContext(id: string): string {
  return `report.pdf:${id}`;
}

/**
 * The sealed columns of `report`, for a key rotation: the content (text) and the signed PDF (a
 * sealed file). The immutability trigger lets a rotation re-wrap a signed report's data keys.
 */
export const REPORT_SEALED: SealedTable<'content', never> = {
  table: 'report',
  keyColumns: [],
  sealedColumns: ['content'],
  context: (_column, row) => reportContentContext(row.id),
};
export const REPORT_PDF_SEALED: SealedFileColumn<never> = {
  table: 'report',
  column: 'pdf',
  keyColumns: [],
  context: (row) => reportPdfContext(row.id),
};

function toReport(cipher: FieldCipher, row: ReportRow): ReportVersion {
  const schema = row.status === 'signed' ? ReportContentSchema : ReportDraftContentSchema;
  const content = schema.parse(JSON.parse(cipher.open(row.content, reportContentContext(row.id))));
  return {
    id: row.id,
    studyInstanceUid: row.study_instance_uid,
    version: row.version,
    amendsVersion: row.amends_version,
    status: row.status,
    content,
    author: { login: row.author_login, displayName: row.author_display_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    signer:
      row.signer_login === null
        ? null
        : {
            login: row.signer_login,
            displayName: row.signer_display_name!,
            personName: row.signer_person_name!,
          },
    signedAt: row.signed_at,
    sr:
      row.sr_sop_instance_uid === null
        ? null
        : { seriesInstanceUid: row.sr_series_instance_uid!, sopInstanceUid: row.sr_sop_instance_uid },
    template: row.template_site === null ? null : { site: row.template_site, version: row.template_version! },
  };
}

/** Reports (`r`, or a CTE named r) with their author's and signer's names, the version amended. */
const WITH_PEOPLE = `SELECT r.id::text AS id, r.study_instance_uid, r.version, a.version AS amends_version, r.status,
    r.content, au.login AS author_login, au.display_name AS author_display_name, r.created_at, r.updated_at,
    si.login AS signer_login, si.display_name AS signer_display_name, si.person_name AS signer_person_name,
    r.signed_at, r.sr_series_instance_uid, r.sr_sop_instance_uid, r.template_site, r.template_version
  FROM r JOIN user_account au ON au.id = r.author_id LEFT JOIN user_account si ON si.id = r.signer_id
    LEFT JOIN report a ON a.id = r.amends_id`;

async function many(db: Queryable, cipher: FieldCipher, cte: string, values: unknown[]) {
  const { rows } = await db.query<ReportRow>(`WITH r AS (${cte}) ${WITH_PEOPLE} ORDER BY r.version`, values);
  return rows.map((row) => toReport(cipher, row));
}

/** Serialises the writes of one study's report (draft, signature, addendum) for the transaction. */
const REPORT_LOCK = 0x5e7e_0007;
export async function lockStudyReport(db: Queryable, studyInstanceUid: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REPORT_LOCK, studyInstanceUid]);
}

/** Every version of the study's report, the first first (the draft, if any, last). */
export function listStudyReports(
  db: Queryable,
  cipher: FieldCipher,
  studyInstanceUid: string,
): Promise<ReportVersion[]> {
  return many(db, cipher, 'SELECT * FROM report WHERE study_instance_uid = $1', [studyInstanceUid]);
}

/** A signed version as the reading history shows it: which version, amending which, who signed, when. */
export interface SignedReportEntry {
  readonly version: number;
  /** The version an addendum amends; null for the report itself (version 1). */
  readonly amendsVersion: number | null;
  readonly signer: ReaderRef;
  readonly signedAt: Date;
}

/** The study's signed versions, newest first, without their content (nothing to open). */
export async function listStudyReportSignings(
  db: Queryable,
  studyInstanceUid: string,
): Promise<SignedReportEntry[]> {
  const { rows } = await db.query<{
    version: number;
    amends_version: number | null;
    signer_login: string;
    signer_display_name: string;
    signed_at: Date;
  }>(
    `SELECT r.version, a.version AS amends_version, si.login AS signer_login,
        si.display_name AS signer_display_name, r.signed_at
       FROM report r JOIN user_account si ON si.id = r.signer_id LEFT JOIN report a ON a.id = r.amends_id
      WHERE r.study_instance_uid = $1 AND r.status = 'signed'
      ORDER BY r.signed_at DESC, r.version DESC`,
    [studyInstanceUid],
  );
  return rows.map((row) => ({
    version: row.version,
    amendsVersion: row.amends_version,
    signer: { login: row.signer_login, displayName: row.signer_display_name },
    signedAt: row.signed_at,
  }));
}

export interface NewReportDraft {
  readonly studyInstanceUid: string;
  readonly version: number;
  /** Row id of the signed version amended; null for version 1. */
  readonly amendsId: string | null;
  readonly content: ReportDraftContent;
  readonly authorId: string;
}

export async function insertReportDraft(
  db: Queryable,
  cipher: FieldCipher,
  draft: NewReportDraft,
): Promise<ReportVersion> {
  // The content's context holds the row id: draw it before the insert.
  const { rows } = await db.query<{ id: string }>(
    `SELECT nextval(pg_get_serial_sequence('report', 'id'))::text AS id`,
  );
  const { id } = rows[0]!;
  const [inserted] = await many(
    db,
    cipher,
    `INSERT INTO report (id, study_instance_uid, version, amends_id, locale, content, author_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [
      id,
      draft.studyInstanceUid,
      draft.version,
      draft.amendsId,
      draft.content.locale,
      cipher.seal(JSON.stringify(draft.content), reportContentContext(id)),
      draft.authorId,
    ],
  );
  return inserted!;
}

/** Replaces a draft's content; undefined when the row is no draft (any more). */
export async function updateReportDraft(
  db: Queryable,
  cipher: FieldCipher,
  id: string,
  content: ReportDraftContent,
  authorId: string,
): Promise<ReportVersion | undefined> {
  const [updated] = await many(
    db,
    cipher,
    `UPDATE report SET content = $2, locale = $3, author_id = $4, updated_at = now()
     WHERE id = $1 AND status = 'draft' RETURNING *`,
    [id, cipher.seal(JSON.stringify(content), reportContentContext(id)), content.locale, authorId],
  );
  return updated;
}

export interface ReportSigning {
  readonly id: string;
  readonly signerId: string;
  readonly signedAt: Date;
  /** The signed PDF, sealed here. */
  readonly pdf: Uint8Array;
  readonly sr: { readonly seriesInstanceUid: string; readonly sopInstanceUid: string };
  readonly template: { readonly site: string; readonly version: number };
}

/** Marks a draft signed with its PDF and SR; undefined when the row is no draft (any more). */
export async function markReportSigned(
  db: Queryable,
  cipher: FieldCipher,
  s: ReportSigning,
): Promise<ReportVersion | undefined> {
  const [signed] = await many(
    db,
    cipher,
    `UPDATE report SET status = 'signed', signer_id = $2, signed_at = $3, pdf = $4,
       sr_series_instance_uid = $5, sr_sop_instance_uid = $6, template_site = $7, template_version = $8,
       updated_at = now()
     WHERE id = $1 AND status = 'draft' RETURNING *`,
    [
      s.id,
      s.signerId,
      s.signedAt,
      sealFile(cipher.keyring, s.pdf, reportPdfContext(s.id)),
      s.sr.seriesInstanceUid,
      s.sr.sopInstanceUid,
      s.template.site,
      s.template.version,
    ],
  );
  return signed;
}

/** The signed PDF of a version, opened; undefined when the version does not exist or is not signed. */
export async function findReportPdf(
  db: Queryable,
  cipher: FieldCipher,
  studyInstanceUid: string,
  version: number,
): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ id: string; pdf: Buffer | null }>(
    'SELECT id::text AS id, pdf FROM report WHERE study_instance_uid = $1 AND version = $2',
    [studyInstanceUid, version],
  );
  const row = rows[0];
  return row?.pdf ? openFile(cipher.keyring, row.pdf, reportPdfContext(row.id)) : undefined;
}

/** The DICOM Patient ID and issuer of the study's patient; undefined without one. */
export async function findStudyPatientKey(
  db: Queryable,
  cipher: FieldCipher,
  studyInstanceUid: string,
): Promise<{ patientId: string; issuer: string } | undefined> {
  const { rows } = await db.query<{ id: string; patient_id: string; issuer: string }>(
    `SELECT p.id::text AS id, p.patient_id, p.issuer FROM study s JOIN patient p ON p.id = s.patient_ref
     WHERE s.study_instance_uid = $1`,
    [studyInstanceUid],
  );
  const row = rows[0];
  return (
    row && { patientId: openPatientId(cipher, { id: row.id, patientId: row.patient_id }), issuer: row.issuer }
  );
}
