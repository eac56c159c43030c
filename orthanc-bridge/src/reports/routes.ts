/**
 * Structured reports: the draft (prefilled, saved), the signature (re-authentication, PAdES PDF,
 * TID 4200 SR in Orthanc), addenda, the exports of a signed version (PDF, FHIR JSON and XML, SR),
 * and the site's templates.
 */
import { ReportDraftContentSchema, ReportLocaleSchema } from '@sentinelle/reporting';
import { z } from 'zod';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { withTransaction } from '../db/pool';
import { insertReportDraft, listStudyReports, lockStudyReport, updateReportDraft } from './reportStore';
import { requireStudy } from '../studies/requireStudy';
import { prefilledContent } from './prefillDraft';
import { signStudyReport } from './signReport';
import { conflict } from '../http/errors';
import { dicomUid, input, validator } from '../http/validate';
import { reportVersionJson } from './json';
import { reauthenticate } from './reauthenticate';
import { reportExportRoutes } from './exports';
import { reportErrors } from './reportErrors';
import { reportTemplateRoutes } from './templatesRoutes';

const studyParams = z.strictObject({ studyUid: dicomUid });
const getSchemas = {
  params: studyParams,
  query: z.strictObject({ locale: ReportLocaleSchema.default('fr') }),
};
const draftSchemas = { params: studyParams, body: ReportDraftContentSchema.strict() };
const signSchemas = {
  params: studyParams,
  body: z.strictObject({
    password: z.string().min(1).max(256),
    code: z.string().trim().min(1).max(32).optional(),
  }),
};
const addendumSchemas = { params: studyParams, body: z.strictObject({}) };

export function reportsRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /**
   * The study's report: its versions (signed ones, then the draft), and the current draft. Before
   * anything is saved, the draft is prefilled from the reader's latest validation or revision and
   * the AI findings, in `?locale` (fr by default), and not stored (`stored: false`) until saved.
   * After a signed version, no draft until an addendum is started.
   */
  routes.get(
    '/studies/:studyUid/report',
    { access: 'study:read' },
    validator(getSchemas),
    reportErrors(async (_req, res) => {
      const { params, query } = input(res, getSchemas);
      const versions = await listStudyReports(ctx.pool, ctx.cipher, params.studyUid);
      if (versions.length === 0) await requireStudy(ctx, params.studyUid);
      const last = versions.at(-1);
      const draft =
        last?.status === 'draft'
          ? { ...reportVersionJson(last), stored: true }
          : last
            ? null
            : {
                studyInstanceUid: params.studyUid,
                version: 1,
                amendsVersion: null,
                status: 'draft',
                content: await prefilledContent(ctx, params.studyUid, query.locale),
                stored: false,
              };
      res.json({
        studyInstanceUid: params.studyUid,
        versions: versions.filter((v) => v.status === 'signed').map(reportVersionJson),
        draft,
      });
    }),
  );

  /**
   * Saves the draft (creating version 1 on the first save). 409 when the current version is signed.
   * A draft may be incomplete or contradict itself (breasts unassessed…): signing refuses it, not saving.
   */
  routes.put(
    '/studies/:studyUid/report/draft',
    { access: 'finding:validate' },
    validator(draftSchemas),
    reportErrors(async (_req, res) => {
      const { params, body } = input(res, draftSchemas);
      const author = currentUser(res).account;
      await requireStudy(ctx, params.studyUid);
      const saved = await withTransaction(ctx.pool, async (db) => {
        await lockStudyReport(db, params.studyUid);
        const last = (await listStudyReports(db, ctx.cipher, params.studyUid)).at(-1);
        if (last?.status === 'signed')
          throw conflict(
            `version ${last.version} of this report is signed and cannot be changed: start an addendum`,
          );
        if (last) return (await updateReportDraft(db, ctx.cipher, last.id, body, author.id))!;
        return insertReportDraft(db, ctx.cipher, {
          studyInstanceUid: params.studyUid,
          version: 1,
          amendsId: null,
          content: body,
          authorId: author.id,
        });
      });
      res.json({ report: reportVersionJson(saved) });
    }),
  );

  /**
   * Signs the draft: the password again, and the TOTP code when the account has one (failures
   * count towards the account's lockout); then the signed PDF, the SR in the study, signed.
   * 422 with `problems` (reportProblems' codes and messages) when the draft is incomplete or
   * contradicts itself; nothing is stored then.
   */
  routes.post(
    '/studies/:studyUid/report/sign',
    { access: 'report:sign' },
    validator(signSchemas),
    reportErrors(async (req, res) => {
      const { params, body } = input(res, signSchemas);
      const signer = currentUser(res).account;
      await reauthenticate(ctx, req, signer, body);
      const signed = await signStudyReport(ctx, params.studyUid, signer);
      res.json({ report: reportVersionJson(signed) });
    }),
  );

  /**
   * Starts an addendum: a new draft version amending the last signed one, its content to begin
   * with. Drafting, not signing: finding:validate, as for the draft. 409 when there is a draft
   * already or nothing signed yet.
   */
  routes.post(
    '/studies/:studyUid/report/addendum',
    { access: 'finding:validate' },
    validator(addendumSchemas),
    reportErrors(async (_req, res) => {
      const { params } = input(res, addendumSchemas);
      const author = currentUser(res).account;
      const draft = await withTransaction(ctx.pool, async (db) => {
        await lockStudyReport(db, params.studyUid);
        const last = (await listStudyReports(db, ctx.cipher, params.studyUid)).at(-1);
        if (!last) throw conflict('this report has no signed version to amend yet');
        if (last.status === 'draft') throw conflict(`version ${last.version} is a draft already`);
        return insertReportDraft(db, ctx.cipher, {
          studyInstanceUid: params.studyUid,
          version: last.version + 1,
          amendsId: last.id,
          content: last.content,
          authorId: author.id,
        });
      });
      res.status(201).json({ report: reportVersionJson(draft) });
    }),
  );

  reportExportRoutes(ctx, routes);
  reportTemplateRoutes(ctx, routes);
}
