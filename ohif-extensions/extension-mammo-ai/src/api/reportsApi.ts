/**
 * The bridge's report API, as the report panel sees it: the study's report (signed versions and the
 * draft), saving the draft, signing, addenda, and where each export of a signed version downloads
 * from. Content is parsed with the report model of @sentinelle/reporting.
 */
import { ReportContentSchema, type ReportContent, type ReportLocale } from '@sentinelle/reporting/report';
import { z } from 'zod';
import { ReaderSchema, type BridgeApi } from './bridgeApi';

const ReportVersionSchema = z.object({
  studyInstanceUid: z.string(),
  version: z.number().int().positive(),
  amendsVersion: z.number().int().positive().nullable(),
  status: z.enum(['draft', 'signed']),
  content: ReportContentSchema,
  signer: ReaderSchema.nullable().optional(),
  signedAt: z.string().nullable().optional(),
});
export type ReportVersion = z.infer<typeof ReportVersionSchema>;

/** The draft as the panel edits it; `stored: false` until its first save (prefilled, not yet kept). */
const ReportDraftSchema = ReportVersionSchema.extend({ stored: z.boolean() });

const StudyReportSchema = z.object({
  studyInstanceUid: z.string(),
  /** Signed versions, oldest first. */
  versions: z.array(ReportVersionSchema),
  /** Null once the last version is signed, until an addendum is started. */
  draft: ReportDraftSchema.nullable(),
});
export type StudyReport = z.infer<typeof StudyReportSchema>;

/** The exports of a signed version, as the bridge names them in its URLs. */
export const REPORT_EXPORTS = ['pdf', 'fhir', 'fhir.xml', 'sr'] as const;
export type ReportExport = (typeof REPORT_EXPORTS)[number];

const ReportAnswerSchema = z.object({ report: ReportVersionSchema });

export class ReportsApi {
  constructor(private readonly bridge: BridgeApi) {}

  private path(studyUid: string, rest = ''): string {
    return `/studies/${encodeURIComponent(studyUid)}/report${rest}`;
  }

  /** The report; before the first save, the draft is prefilled in `locale`. */
  report(studyUid: string, locale: ReportLocale): Promise<StudyReport> {
    return this.bridge.request(StudyReportSchema, 'GET', `${this.path(studyUid)}?locale=${locale}`);
  }

  saveDraft(studyUid: string, content: ReportContent): Promise<ReportVersion> {
    return this.bridge
      .request(ReportAnswerSchema, 'PUT', this.path(studyUid, '/draft'), content)
      .then((r) => r.report);
  }

  /** Signs the saved draft; a wrong password or code is an error here, not the end of the session. */
  sign(studyUid: string, password: string, code: string | undefined): Promise<ReportVersion> {
    return this.bridge
      .request(
        ReportAnswerSchema,
        'POST',
        this.path(studyUid, '/sign'),
        { password, ...(code ? { code } : {}) },
        { signInOn401: false },
      )
      .then((r) => r.report);
  }

  startAddendum(studyUid: string): Promise<ReportVersion> {
    return this.bridge
      .request(ReportAnswerSchema, 'POST', this.path(studyUid, '/addendum'), {})
      .then((r) => r.report);
  }

  /** Where a signed version's export downloads from (same origin: the session cookie goes along). */
  exportUrl(studyUid: string, version: number, kind: ReportExport): string {
    return `${this.bridge.root}${this.path(studyUid, `/versions/${version}/${kind}`)}`;
  }
}
