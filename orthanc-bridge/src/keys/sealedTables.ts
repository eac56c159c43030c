/**
 * Every sealed column and sealed file column of the database, as each table declares them beside its
 * SQL: what a key rotation re-wraps and counts (migrations 006 and 007 give each its key id column).
 */
import { AUDIT_EVENT_SEALED } from '../audit/sealedDetail';
import { CONSULTATION_SEALED } from '../consultations/consultationStore';
import type { SealedFileColumn, SealedTable } from '../db/sealedColumns';
import { IDENTITY_CONFLICT_SEALED } from '../patients/identityConflictStore';
import { PATIENT_SEALED } from '../patients/patientStore';
import { REPORT_PDF_SEALED, REPORT_SEALED } from '../reports/reportStore';
import { REPORT_SUBJECT_SEALED } from '../reports/subjectStore';
import { MODEL_VIEW_PNG_SEALED } from '../studies/modelViewStore';
import { STUDY_SEALED } from '../studies/studyStore';
import { USER_ACCOUNT_SEALED } from '../users/userStore';

export const SEALED_TABLES: readonly SealedTable[] = [
  PATIENT_SEALED,
  CONSULTATION_SEALED,
  USER_ACCOUNT_SEALED,
  REPORT_SEALED,
  STUDY_SEALED,
  IDENTITY_CONFLICT_SEALED,
  REPORT_SUBJECT_SEALED,
  // Its append-only trigger lets a re-wrap of detail_sealed through (migration 010).
  AUDIT_EVENT_SEALED,
];

export const SEALED_FILE_COLUMNS: readonly SealedFileColumn[] = [REPORT_PDF_SEALED, MODEL_VIEW_PNG_SEALED];
