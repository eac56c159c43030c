/**
 * Signing a report's draft: laid out with the site's template, rendered to PDF and signed (PAdES)
 * with the institution's certificate in the signer's name; rendered as a Breast Imaging Report SR
 * (TID 4200) stored in the study in Orthanc; then marked signed with its sealed PDF and its subject
 * (patient and study as signed) frozen, in one transaction under the study's report lock. An
 * addendum's SR cites the amended version's SR.
 */
import { readFile } from 'node:fs/promises';
import {
  COMPREHENSIVE_SR_STORAGE,
  layoutReport,
  nameBasedUid,
  renderBreastImagingReportSr,
  renderReportPdf,
  signableContent,
  signReportPdf,
  timeZoneOffset,
  DEFAULT_REPORT_TIME_ZONE,
  type ReportSignature,
} from '@sentinelle/reporting';
import { OrthancRequestError } from '@sentinelle/config';
import type { BridgeContext, ReportSigningSettings } from '../context';
import { withTransaction } from '../db/pool';
import { lockStudyReport, listStudyReports, markReportSigned, type ReportVersion } from './reportStore';
import { findReportTemplate } from './templateStore';
import { saveReportSubject } from './subjectStore';
import type { UserAccount } from '../users/userStore';
import { loadReportSubject, reportOf, ReportError } from './reportSubject';

/** UIDs of a study's report SRs: one series per study, one instance per version. */
export function reportSrUids(studyInstanceUid: string, version: number) {
  return {
    seriesInstanceUid: nameBasedUid(`reports:${studyInstanceUid}`),
    sopInstanceUid: nameBasedUid(`report:${studyInstanceUid}:${version}`),
  };
}

const REASON = {
  fr: (name: string) => `Compte rendu signé par ${name}`,
  en: (name: string) => `Report signed by ${name}`,
} as const;

/** The signature of a version as the renderers take it (a signed version, or one being signed). */
export function signatureOf(
  version: ReportVersion,
  signer: { personName: string; login: string },
  signedAt: Date,
  amended: ReportVersion | undefined,
): ReportSignature {
  return {
    signer: { personName: signer.personName, login: signer.login },
    signedAt: signedAt.toISOString(),
    version: version.version,
    amends: amended ? { version: amended.version, signedAt: amended.signedAt!.toISOString() } : null,
  };
}

async function signingIdentity(settings: ReportSigningSettings) {
  const [p12, passphrase] = await Promise.all([
    readFile(settings.signingP12Path),
    readFile(settings.passphrasePath, 'utf8'),
  ]);
  return { p12, passphrase: passphrase.trim() };
}

/**
 * Signs the study's current draft as `signer`, whose site's template lays it out, its times on the
 * site's clocks (settings.timeZone). 409 when there is no draft, or it changed or was signed
 * meanwhile; 503 without signing settings; ReportInconsistentError (422 with the list) when the
 * draft contradicts itself or is incomplete (reportProblems), before anything is rendered or stored.
 */
export async function signStudyReport(
  ctx: BridgeContext,
  studyInstanceUid: string,
  signer: UserAccount,
): Promise<ReportVersion> {
  const settings = ctx.reports;
  if (!settings)
    throw new ReportError(503, 'report signing is not set up on this server (no signing certificate)');
  const versions = await listStudyReports(ctx.pool, ctx.cipher, studyInstanceUid);
  const draft = versions.at(-1);
  if (draft?.status !== 'draft')
    throw new ReportError(409, `study ${studyInstanceUid} has no report draft to sign`);
  const amended =
    draft.amendsVersion === null ? undefined : versions.find((v) => v.version === draft.amendsVersion);

  const content = signableContent(draft.content);
  const timeZone = settings.timeZone ?? DEFAULT_REPORT_TIME_ZONE;

  const subject = await loadReportSubject(ctx, studyInstanceUid);
  const report = reportOf(subject, content, settings.institutionName);
  const template = await findReportTemplate(ctx.pool, signer.site, content.locale);
  // Whole seconds: the PDF's /M, the SR's datetimes and the database then say the same time.
  const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const signature = signatureOf(draft, signer, signedAt, amended);

  const unsigned = await renderReportPdf(layoutReport(report, template, signature, { timeZone }), {
    createdAt: signedAt,
    author: signer.displayName,
  });
  const { p12, passphrase } = await signingIdentity(settings);
  const pdf = await signReportPdf(unsigned, {
    p12,
    passphrase,
    signerName: signer.displayName,
    reason: REASON[content.locale](signer.displayName),
    location: settings.institutionName,
    signedAt,
  });
  const uids = reportSrUids(studyInstanceUid, draft.version);
  // The SR's dates and times in the study's own offset when it declares one, else the site's.
  const context = {
    ...subject.context,
    timezoneOffsetFromUtc: subject.context.timezoneOffsetFromUtc ?? timeZoneOffset(timeZone, signedAt),
  };
  const sr = renderBreastImagingReportSr(report, signature, context, {
    ...uids,
    now: signedAt,
    institutionName: settings.institutionName,
    sourceImages: subject.sources,
    ...(amended?.sr && {
      amendedReportSr: { studyInstanceUid, sopClassUid: COMPREHENSIVE_SR_STORAGE, ...amended.sr },
    }),
  });

  return withTransaction(ctx.pool, async (db) => {
    await lockStudyReport(db, studyInstanceUid);
    const current = (await listStudyReports(db, ctx.cipher, studyInstanceUid)).at(-1);
    if (current?.id !== draft.id || current.status !== 'draft' || +current.updatedAt !== +draft.updatedAt)
      throw new ReportError(409, 'the draft changed or was signed meanwhile: review it and sign again');
    const leftover = await ctx.orthanc.findInstance(uids.sopInstanceUid);
    if (leftover) await ctx.orthanc.deleteInstance(leftover);
    const stored = await ctx.orthanc.storeInstance(sr.bytes);
    if (stored.Status !== 'Success')
      throw new OrthancRequestError(
        `Orthanc did not store the report SR ${uids.sopInstanceUid} (${stored.Status})`,
        undefined,
        false,
        stored.Status,
      );
    try {
      const signed = await markReportSigned(db, ctx.cipher, {
        id: draft.id,
        signerId: signer.id,
        signedAt,
        pdf,
        sr: uids,
        template: { site: template.institution, version: template.version },
      });
      if (!signed) throw new ReportError(409, 'the draft was signed meanwhile');
      // The identity and study facts the PDF shows, for the exports: later images never re-label them.
      await saveReportSubject(db, ctx.cipher, signed.id, report);
      return signed;
    } catch (error) {
      // Not recorded: take the SR back out of the study.
      await ctx.orthanc.deleteInstance(stored.ID).catch(() => false);
      throw error;
    }
  });
}
