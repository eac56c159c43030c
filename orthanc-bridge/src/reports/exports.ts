/**
 * The exports of a signed report version: the signed PDF, the FHIR R4 Bundle (DiagnosticReport,
 * Observations, the PDF as presentedForm) as JSON and as XML, and the Breast Imaging Report SR
 * stored in the study.
 */
import { FhirRenderError, ReportContentSchema, reportToFhirBundle, toFhirXml } from '@sentinelle/reporting';
import type { Response } from 'express';
import { z } from 'zod';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { findReportPdf, listStudyReports, type ReportVersion } from './reportStore';
import { findReportSubject } from './subjectStore';
import { loadReportSubject, reportOf, reportSubjectFromSr } from './reportSubject';
import { signatureOf } from './signReport';
import { notFound, unprocessable } from '../http/errors';
import { dicomUid, input, validator } from '../http/validate';
import { reportErrors } from './reportErrors';

const versionSchemas = {
  params: z.strictObject({
    studyUid: dicomUid,
    version: z.coerce.number().int().positive().max(10_000),
  }),
};

/**
 * The signed version as it was signed: its patient and study frozen at signing, never the
 * patient's current record. A version signed before they were frozen (migration 009) takes them
 * from its SR, stored at signing; only without it, from the records as they are now.
 */
async function signedReport(ctx: BridgeContext, studyUid: string, version: ReportVersion) {
  // Signed, so complete: every breast assessed (signing checked it).
  const content = ReportContentSchema.parse(version.content);
  const frozen = await findReportSubject(ctx.pool, ctx.cipher, version.id);
  if (frozen) return { ...frozen, content };
  const id = version.sr && (await ctx.orthanc.findInstance(version.sr.sopInstanceUid));
  const sr = id ? await ctx.orthanc.instanceFile(id) : undefined;
  if (sr) return { ...reportSubjectFromSr(sr), content };
  const institutionName = ctx.reports?.institutionName ?? 'Sentinelle';
  return reportOf(await loadReportSubject(ctx, studyUid), content, institutionName);
}

/**
 * The FHIR R4 Bundle of a signed version (`versions`: the study's, for the version it amends); the
 * PDF as presentedForm when given. Throws FhirRenderError when it cannot be rendered valid. The
 * training exports take it without the PDF (src/trainingExports/caseSelection.ts).
 */
export async function signedReportBundle(
  ctx: BridgeContext,
  version: ReportVersion,
  versions: readonly ReportVersion[],
  pdf?: Uint8Array,
): Promise<ReturnType<typeof reportToFhirBundle>> {
  const report = await signedReport(ctx, version.studyInstanceUid, version);
  const amended = versions.find((v) => v.version === version.amendsVersion);
  const signature = signatureOf(version, version.signer!, version.signedAt!, amended);
  return reportToFhirBundle(report, signature, {
    patientId: report.patient.id,
    organizationName: report.study.institutionName ?? ctx.reports?.institutionName ?? 'Sentinelle',
    ...(pdf && { pdf }),
    ...(ctx.reports?.timeZone && { timeZone: ctx.reports.timeZone }),
  });
}

export function reportExportRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /** The signed version and the versions of the report; 404 for a version not signed. */
  const signedVersion = async (res: Response) => {
    const { params } = input(res, versionSchemas);
    const versions = await listStudyReports(ctx.pool, ctx.cipher, params.studyUid);
    const version = versions.find((v) => v.version === params.version);
    if (version?.status !== 'signed')
      throw notFound(`report version ${params.version} of study ${params.studyUid} is not signed`);
    return { params, version, versions };
  };

  const fileName = (version: ReportVersion, extension: string) =>
    `report-${version.studyInstanceUid}-v${version.version}.${extension}`;

  const fhirBundle = async (res: Response) => {
    const { params, version, versions } = await signedVersion(res);
    const pdf = await findReportPdf(ctx.pool, ctx.cipher, params.studyUid, params.version);
    try {
      return { bundle: await signedReportBundle(ctx, version, versions, pdf), version };
    } catch (error) {
      if (error instanceof FhirRenderError) throw unprocessable(error.message);
      throw error;
    }
  };

  routes.get(
    '/studies/:studyUid/report/versions/:version/pdf',
    { access: 'study:read' },
    validator(versionSchemas),
    reportErrors(async (_req, res) => {
      const { params, version } = await signedVersion(res);
      const pdf = await findReportPdf(ctx.pool, ctx.cipher, params.studyUid, params.version);
      if (!pdf) throw notFound('the signed PDF is missing');
      res
        .type('application/pdf')
        .set('content-disposition', `inline; filename="${fileName(version, 'pdf')}"`)
        .send(pdf);
    }),
  );

  routes.get(
    '/studies/:studyUid/report/versions/:version/fhir',
    { access: 'study:read' },
    validator(versionSchemas),
    reportErrors(async (_req, res) => {
      const { bundle } = await fhirBundle(res);
      res.type('application/fhir+json').send(JSON.stringify(bundle));
    }),
  );

  routes.get(
    '/studies/:studyUid/report/versions/:version/fhir.xml',
    { access: 'study:read' },
    validator(versionSchemas),
    reportErrors(async (_req, res) => {
      const { bundle } = await fhirBundle(res);
      res.type('application/fhir+xml').send(toFhirXml(bundle));
    }),
  );

  routes.get(
    '/studies/:studyUid/report/versions/:version/sr',
    { access: 'study:read' },
    validator(versionSchemas),
    reportErrors(async (_req, res) => {
      const { version } = await signedVersion(res);
      const id = await ctx.orthanc.findInstance(version.sr!.sopInstanceUid);
      const file = id === undefined ? undefined : await ctx.orthanc.instanceFile(id);
      if (!file) throw notFound(`Orthanc no longer holds the report SR ${version.sr!.sopInstanceUid}`);
      res
        .type('application/dicom')
        .set('content-disposition', `attachment; filename="${fileName(version, 'dcm')}"`)
        .send(Buffer.from(file));
    }),
  );
}
