/**
 * What a report is about, as the renderers take it: the patient and the study (from the bridge's
 * records, the patient's demographics opened), and the study's images and header attributes from
 * Orthanc for the SR.
 */
import type {
  Report,
  ReportContent,
  ReportPatient,
  ReportStudy,
  SourceImage,
  StudyContext,
} from '@sentinelle/reporting';
import { readPart10, studyContextFromDataset } from '@sentinelle/reporting';
import type { BridgeContext } from '../context';
import { findPatient } from '../patients/patientStore';
import { findStudyPatientKey } from './reportStore';
import type { FrozenReportSubject } from './subjectStore';
import { findStudy, type StudyRecord } from '../studies/studyStore';
import { readStudySources } from '../studies/studySources';

/** Why a report cannot be rendered: `status` says which HTTP answer fits. */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(
    readonly status: 404 | 409 | 422 | 503,
    message: string,
  ) {
    super(message);
  }
}

export interface ReportSubject {
  readonly study: StudyRecord;
  readonly patient: ReportPatient;
  readonly reportStudy: ReportStudy;
  readonly sources: readonly SourceImage[];
  readonly context: StudyContext;
}

/** DICOM DA (YYYYMMDD) as YYYY-MM-DD; null when absent or not a date. */
function isoDate(da: string | null | undefined): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(da?.trim() ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

const clip = (value: string | null | undefined, max: number) => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed.slice(0, max);
};

export async function loadReportSubject(
  ctx: BridgeContext,
  studyInstanceUid: string,
): Promise<ReportSubject> {
  const [study, key] = await Promise.all([
    findStudy(ctx.pool, ctx.cipher, studyInstanceUid),
    findStudyPatientKey(ctx.pool, ctx.cipher, studyInstanceUid),
  ]);
  if (!study) throw new ReportError(404, `no study ${studyInstanceUid}`);
  if (!key) throw new ReportError(422, `study ${studyInstanceUid} has no patient recorded`);
  const [record, read] = await Promise.all([
    findPatient(ctx.pool, ctx.cipher, key.patientId, key.issuer),
    readStudySources(ctx.orthanc, study.orthancId),
  ]);
  if (!read) throw new ReportError(404, `Orthanc no longer holds study ${studyInstanceUid}`);
  const { sources, context } = read;
  if (!context) throw new ReportError(422, `study ${studyInstanceUid} has no mammography image in Orthanc`);
  const studyDate = study.studyDate ?? isoDate(context.studyDate);
  if (!studyDate) throw new ReportError(422, `study ${studyInstanceUid} has no study date`);
  const sex = record?.sex ?? context.patientSex;
  return {
    study,
    patient: {
      name: clip(record?.name, 64) ?? clip(context.patientName, 64) ?? 'ANONYMOUS',
      id: key.patientId,
      birthDate: isoDate(record?.birthDate ?? context.patientBirthDate),
      sex: sex === 'F' || sex === 'M' || sex === 'O' ? sex : null,
    },
    reportStudy: {
      studyInstanceUid,
      accessionNumber: clip(study.accessionNumber, 16),
      studyDate,
      description: clip(study.description, 64),
      institutionName: null,
    },
    sources,
    context,
  };
}

/**
 * What a signed version's SR (TID 4200, stored at signing) says the report is about: its Patient
 * and General Study modules. For versions signed before their subject was frozen (migration 009).
 */
export function reportSubjectFromSr(sr: Uint8Array): FrozenReportSubject {
  const dataset = readPart10(sr);
  const context = studyContextFromDataset(dataset);
  const studyInstanceUid = typeof dataset.StudyInstanceUID === 'string' ? dataset.StudyInstanceUID : '';
  const studyDate = isoDate(context.studyDate);
  if (!studyInstanceUid || !studyDate) throw new ReportError(422, 'the report SR has no study UID or date');
  const sex = context.patientSex;
  return {
    patient: {
      name: clip(context.patientName, 64) ?? 'ANONYMOUS',
      id: context.patientId,
      birthDate: isoDate(context.patientBirthDate),
      sex: sex === 'F' || sex === 'M' || sex === 'O' ? sex : null,
    },
    study: {
      studyInstanceUid,
      accessionNumber: clip(context.accessionNumber, 16),
      studyDate,
      description: clip(context.studyDescription, 64),
      institutionName: clip(typeof dataset.InstitutionName === 'string' ? dataset.InstitutionName : null, 64),
    },
  };
}

/** The report as it renders: the content with its patient and study. */
export function reportOf(subject: ReportSubject, content: ReportContent, institutionName: string): Report {
  return {
    patient: subject.patient,
    study: { ...subject.reportStudy, institutionName: institutionName.slice(0, 64) },
    content,
  };
}
