/**
 * The draft a report opens with before anything is saved: prefilled (prefillReport) from the
 * reader's latest word on the AI findings, a revision or a validation, whichever is newer, and
 * the BI-RADS category of the reader's latest validation that gave one.
 */
import {
  COMPREHENSIVE_3D_SR_STORAGE,
  prefillReport,
  ReportPrefillError,
  type ExamFindings,
  type ReaderRevision,
  type ReportDraftContent,
  type ReportLocale,
} from '@sentinelle/reporting';
import type { BridgeContext } from '../context';
import { listStudyRevisions, type Revision } from '../reading/revisionStore';
import { listStudyValidations, type Validation } from '../reading/validationStore';
import { loadStudyFindings, type AiSrRef } from '../reading/studyFindings';
import { validatedFindings } from './validatedFindings';
import { ReportError } from './reportSubject';

function asReaderRevision(
  source: { revision: Revision } | { validation: Validation } | undefined,
  exam: ExamFindings,
  aiSr: AiSrRef,
): ReaderRevision {
  if (source && 'revision' in source) {
    const { revision } = source;
    return {
      reader: { personName: revision.reader.displayName, login: revision.reader.login },
      aiSr,
      revisionNumber: revision.revisionNumber,
      findings: [...revision.findings],
      createdAt: revision.createdAt.toISOString(),
    };
  }
  const validation = source?.validation;
  return {
    reader: validation
      ? { personName: validation.reader.displayName, login: validation.reader.login }
      : { personName: 'Sentinelle', login: 'sentinelle' },
    aiSr,
    revisionNumber: 1,
    findings: validation ? validatedFindings(validation, exam) : [],
    createdAt: (validation?.createdAt ?? new Date()).toISOString(),
  };
}

/**
 * The prefilled content of a study's first report. 404 until the AI analysis is done; 422 when
 * the reader's findings do not fit the exam. Without any validation or revision the findings are
 * empty: a report lists only what a reader kept, never the raw AI output (the AI summary says it).
 */
export async function prefilledContent(
  ctx: BridgeContext,
  studyInstanceUid: string,
  locale: ReportLocale,
): Promise<ReportDraftContent> {
  const loaded = await loadStudyFindings(ctx, studyInstanceUid);
  if (!loaded)
    throw new ReportError(404, `study ${studyInstanceUid} has no finished AI analysis to report on`);
  const [revisions, validations] = await Promise.all([
    listStudyRevisions(ctx.pool, studyInstanceUid),
    listStudyValidations(ctx.pool, studyInstanceUid),
  ]);
  const revision = revisions[0];
  const validation = validations[0];
  const source =
    revision && (!validation || revision.createdAt >= validation.createdAt)
      ? { revision }
      : validation && { validation };
  // The AI SR only names the revision's predecessor, which the report does not print.
  const aiSr = loaded.aiSr ?? {
    studyInstanceUid,
    seriesInstanceUid: studyInstanceUid,
    sopInstanceUid: studyInstanceUid,
    sopClassUid: COMPREHENSIVE_3D_SR_STORAGE,
  };
  const description = loaded.study.description ?? '';
  try {
    return prefillReport({
      locale,
      examType: /diag/i.test(description) ? 'diagnostic' : 'screening',
      indication: '',
      exam: loaded.findings,
      revision: asReaderRevision(source, loaded.findings, aiSr),
      readerCategory: validations.find((v) => v.birads !== null)?.birads ?? null,
    });
  } catch (error) {
    if (error instanceof ReportPrefillError) throw new ReportError(422, error.message);
    throw error;
  }
}
