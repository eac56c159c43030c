/**
 * The bridge's report API, as the report panel sees it: the study's report (signed versions and the
 * draft), saving the draft, signing, addenda, and where each export of a signed version downloads
 * from. Content is parsed with the report model of @sentinelle/reporting.
 */
import {
  ReportDraftContentSchema,
  type ReportDraftContent,
  type ReportLocale,
} from '@sentinelle/reporting/report';
import { z } from 'zod';
import { ReaderSchema, type BridgeApi } from './bridgeApi';

const ReportVersionSchema = z.object({
  studyInstanceUid: z.string(),
  version: z.number().int().positive(),
  amendsVersion: z.number().int().positive().nullable(),
  status: z.enum(['draft', 'signed']),
  /** A draft may be incomplete (breasts not yet assessed); a signed version never is. */
  content: ReportDraftContentSchema,
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

  saveDraft(studyUid: string, content: ReportDraftContent): Promise<ReportVersion> {
    return this.bridge
      .request(ReportAnswerSchema, 'PUT', this.path(studyUid, '/draft'), content)
      .then((r) => r.report);
  }

  /**
   * Signs the saved draft; a wrong password or code is an error here, not the end of the session.
   * A draft the bridge finds incomplete or contradictory is a 422 (BridgeApiError): its problems
   * are the ones reportProblems finds in the draft, which the panel lists. Tells the other panels
   * (reportSigned) once signed.
   */
  async sign(studyUid: string, password: string, code: string | undefined): Promise<ReportVersion> {
    const { report } = await this.bridge.request(
      ReportAnswerSchema,
      'POST',
      this.path(studyUid, '/sign'),
      { password, ...(code ? { code } : {}) },
      { signInOn401: false },
    );
    window.dispatchEvent(new CustomEvent(REPORT_SIGNED_EVENT, { detail: { studyUid } }));
    return report;
  }

  startAddendum(studyUid: string): Promise<ReportVersion> {
    return this.bridge
      .request(ReportAnswerSchema, 'POST', this.path(studyUid, '/addendum'), {})
      .then((r) => r.report);
  }

  /** The report's signed versions as the reading history lists them, newest first. */
  signings(studyUid: string): Promise<SignedReportEntry[]> {
    return this.bridge
      .request(
        z.object({ reports: z.array(SignedReportEntrySchema) }),
        'GET',
        `/studies/${encodeURIComponent(studyUid)}/reading`,
      )
      .then((r) => r.reports);
  }

  /** Where a signed version's export downloads from (same origin: the session cookie goes along). */
  exportUrl(studyUid: string, version: number, kind: ReportExport): string {
    return `${this.bridge.root}${this.path(studyUid, `/versions/${version}/${kind}`)}`;
  }
}

const REPORT_SIGNED_EVENT = 'sentinelle:report-signed';

/**
 * Calls `listener` with the study's UID whenever a report version is signed in this window (the
 * reading history then has a new entry); returns the unsubscribe.
 */
export function onReportSigned(listener: (studyUid: string) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<{ studyUid: string }>).detail.studyUid);
  window.addEventListener(REPORT_SIGNED_EVENT, handler);
  return () => window.removeEventListener(REPORT_SIGNED_EVENT, handler);
}

/** A signed version as the reading history lists it (GET /studies/:uid/reading, `reports`). */
export const SignedReportEntrySchema = z.object({
  version: z.number().int().positive(),
  amendsVersion: z.number().int().positive().nullable(),
  signer: ReaderSchema,
  signedAt: z.string(),
});
export type SignedReportEntry = z.infer<typeof SignedReportEntrySchema>;
