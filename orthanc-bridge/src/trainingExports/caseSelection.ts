/**
 * The cases a training export takes: studies of the physician-admin's patient scope whose report
 * is signed, examined within the dates asked, with the final reading (the latest signed version,
 * an addendum superseding the report) assessing a breast in a category that settles its label
 * (readingLabels), and, optionally, in the categories asked. Each case carries its labels per
 * breast and the readers' marks: the reader's latest word on the AI findings, a revision or a
 * validation, whichever is newer (as the report's draft is prefilled); and the final reading's
 * breast composition and FHIR Bundle (sealed), which the worker de-identifies with the images.
 *
 * What cannot be selected on yet, and why: the pathology outcome (no pathology record in Sentinelle
 * until issue 18) and tags (none exist). The provenance says so.
 */
import type { BiradsCategory, ExamFindings, ReaderFinding, ReportContent } from '@sentinelle/reporting';
import type { BridgeContext } from '../context';
import { scopeCondition, type PatientScope } from '../auth/patientScope';
import { listStudyRevisions } from '../reading/revisionStore';
import { listStudyValidations } from '../reading/validationStore';
import { loadStudyFindings } from '../reading/studyFindings';
import { validatedFindings } from '../reports/validatedFindings';
import { signedReportBundle } from '../reports/exports';
import { listStudyReports } from '../reports/reportStore';
import { openStudyDate } from '../studies/studyStore';
import { sealCaseReport } from './caseReport';
import type { TrainingBreast, TrainingCase, TrainingMark } from './queueContract';
import { abnormalityOf, labelOfAssessment, markGeometry } from './readingLabels';

export interface CaseCriteria {
  /** ISO dates, inclusive: the study date. */
  readonly from: string;
  readonly to: string;
  /** BI-RADS categories of the final reading; a case is taken when a breast is in one. Empty: any. */
  readonly assessments: readonly BiradsCategory[];
}

/** Why a study in scope and in the dates was not taken. */
export const LEFT_OUT_REASONS = [
  /** Its breasts are assessed 0, 3, 4 or 5: their label waits for the pathology outcome. */
  'awaiting-outcome',
  /** No breast in the categories asked. */
  'other-assessment',
  /** No finished AI analysis: Sentinelle holds no list of its mammography images. */
  'no-images',
] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];

export interface CaseSelection {
  readonly cases: readonly TrainingCase[];
  readonly leftOut: Readonly<Record<LeftOutReason, number>>;
}

interface CandidateRow {
  study_instance_uid: string;
  orthanc_id: string;
  study_date: string | null;
  site: string;
}

/** Studies of the scope with a signed report, and their patient's site. */
async function signedStudiesInScope(ctx: BridgeContext, scope: PatientScope): Promise<CandidateRow[]> {
  const condition = scopeCondition(scope, 'p', 1);
  const { rows } = await ctx.pool.query<CandidateRow>(
    `SELECT s.study_instance_uid, s.orthanc_id, s.study_date, p.site
       FROM study s JOIN patient p ON p.id = s.patient_ref
      WHERE ${condition.sql}
        AND EXISTS (SELECT 1 FROM report r WHERE r.study_instance_uid = s.study_instance_uid AND r.status = 'signed')
      ORDER BY s.id`,
    condition.params,
  );
  return rows;
}

/** The finding's margin as the signed report describes the finding on that image, if it does. */
function marginOf(content: ReportContent, finding: ReaderFinding): string | null {
  const described = content.findings.find(
    (f) => f.sopInstanceUid === finding.sopInstanceUid && f.type === finding.type,
  );
  return described?.margin ?? null;
}

/** The reader's latest marks, with who placed each: the reader, or the model and the reader who kept it. */
async function readersMarks(
  ctx: BridgeContext,
  studyInstanceUid: string,
  exam: ExamFindings,
  model: { readonly modelId: string; readonly modelVersion: string },
  content: ReportContent,
): Promise<{ marks: TrainingMark[]; from: TrainingCase['reading']['marksFrom'] }> {
  const [revisions, validations] = await Promise.all([
    listStudyRevisions(ctx.pool, studyInstanceUid),
    listStudyValidations(ctx.pool, studyInstanceUid),
  ]);
  const revision = revisions[0];
  const validation = validations[0];
  let findings: readonly ReaderFinding[];
  let reader: string;
  let from: TrainingCase['reading']['marksFrom'];
  if (revision && (!validation || revision.createdAt >= validation.createdAt)) {
    [findings, reader, from] = [revision.findings, revision.reader.login, 'revision'];
  } else if (validation) {
    // A validation keeps the AI's marks: their outlines are the model's, as the reader accepted them.
    findings = validatedFindings(validation, exam).map((finding) => {
      const [uid, id] = splitKey(finding.aiLesionKey);
      const mark = exam.images
        .find((image) => image.imageRef.sopInstanceUid === uid)
        ?.lesions.find((lesion) => lesion.id === id);
      return mark ? { ...finding, region: { kind: 'polygon' as const, points: mark.outline } } : finding;
    });
    [reader, from] = [validation.reader.login, 'validation'];
  } else return { marks: [], from: 'none' };
  const marks = findings.map(
    (finding): TrainingMark => ({
      sopInstanceUid: finding.sopInstanceUid,
      abnormality: abnormalityOf(finding, marginOf(content, finding)),
      ...markGeometry(finding.region),
      origin:
        finding.aiLesionKey === null
          ? { kind: 'reader', reader }
          : { kind: 'model', modelId: model.modelId, modelVersion: model.modelVersion, keptBy: reader },
    }),
  );
  return { marks, from };
}

function splitKey(key: string | null): [string | undefined, string | undefined] {
  if (key === null) return [undefined, undefined];
  const at = key.lastIndexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}

export async function selectCases(
  ctx: BridgeContext,
  scope: PatientScope,
  criteria: CaseCriteria,
): Promise<CaseSelection> {
  const leftOut: Record<LeftOutReason, number> = {
    'awaiting-outcome': 0,
    'other-assessment': 0,
    'no-images': 0,
  };
  const cases: TrainingCase[] = [];
  for (const row of await signedStudiesInScope(ctx, scope)) {
    const uid = row.study_instance_uid;
    // The study date is sealed: compared once opened, never in SQL.
    const date = openStudyDate(ctx.cipher, uid, row.study_date);
    if (date === null || date < criteria.from || date > criteria.to) continue;
    const signed = (await listStudyReports(ctx.pool, ctx.cipher, uid)).filter((r) => r.status === 'signed');
    const final = signed[signed.length - 1]!;
    // A signed version's content parses as ReportContent (reportStore): every breast is assessed.
    const content = final.content as ReportContent;
    const asked = (a: BiradsCategory) =>
      criteria.assessments.length === 0 || criteria.assessments.includes(a);
    if (!content.breastAssessments.some((b) => asked(b.assessment))) {
      leftOut['other-assessment'] += 1;
      continue;
    }
    const breasts: TrainingBreast[] = content.breastAssessments.flatMap((b) => {
      const label = labelOfAssessment(b.assessment);
      return label && asked(b.assessment)
        ? [{ laterality: b.laterality, assessment: b.assessment, label }]
        : [];
    });
    if (breasts.length === 0) {
      leftOut['awaiting-outcome'] += 1;
      continue;
    }
    const loaded = await loadStudyFindings(ctx, uid);
    if (!loaded || loaded.analysis.instances.length === 0) {
      leftOut['no-images'] += 1;
      continue;
    }
    const { analysis } = loaded;
    const { marks, from } = await readersMarks(ctx, uid, loaded.findings, analysis, content);
    // The version the labels come from, as FHIR (without its PDF), sealed until the worker de-identifies it.
    const bundle = await signedReportBundle(ctx, final, signed);
    cases.push({
      studyInstanceUid: uid,
      orthancStudyId: row.orthanc_id,
      instances: [...analysis.instances],
      site: row.site,
      breasts,
      marks,
      composition: content.composition ?? null,
      reportBundle: sealCaseReport(ctx.cipher, uid, final.version, bundle),
      reading: {
        reportVersion: final.version,
        signedBy: final.signer!.login,
        signedAt: final.signedAt!.toISOString(),
        marksFrom: from,
      },
    });
  }
  return { cases, leftOut };
}
