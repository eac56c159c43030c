import { BiradsCategorySchema } from '@sentinelle/reporting';
import { z } from 'zod';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { listStudyConsultations } from '../consultations/consultationStore';
import { listModelViews } from '../studies/modelViewStore';
import { listStudyRevisions } from './revisionStore';
import { listStudyReportSignings } from '../reports/reportStore';
import { insertValidation, listStudyValidations, VALIDATION_VERDICTS } from './validationStore';
import { requireStudy } from '../studies/requireStudy';
import { lesionKeys, requireStudyFindings } from './studyFindings';
import { asyncWrap } from '../http/asyncWrap';
import { unprocessable } from '../http/errors';
import { consultationJson } from '../consultations/json';
import { analysisJson, studyJson } from '../studies/json';
import { revisionJson, validationJson } from './json';
import { currentUser } from '../auth/authenticate';
import { dicomUid, input, validator } from '../http/validate';

/** `<SOP Instance UID>:<lesion id>`, as the findings name a lesion. */
export const lesionKeySchema = z
  .string()
  .max(100)
  .regex(/^\d+(\.\d+)+:[^:\s]{1,32}$/, {
    error: 'must be "<SOP Instance UID>:<lesion id>", e.g. 1.2.3.4:L1',
  });

const studyParams = z.strictObject({ studyUid: dicomUid });
const studySchemas = { params: studyParams };
const validationSchemas = {
  params: studyParams,
  body: z.strictObject({
    overall: z.enum(VALIDATION_VERDICTS),
    birads: BiradsCategorySchema.optional(),
    lesions: z
      .array(z.strictObject({ lesionKey: lesionKeySchema, agree: z.boolean() }))
      .max(500)
      .refine((lesions) => new Set(lesions.map((l) => l.lesionKey)).size === lesions.length, {
        error: 'names a lesion twice',
      }),
  }),
};

export function readingRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /**
   * What the viewer overlays: the findings of the study's current analysis, the model, and the AI
   * SR and SEG objects in Orthanc. 404 until that analysis is done.
   */
  routes.get(
    '/studies/:studyUid/findings',
    { access: 'study:read' },
    validator(studySchemas),
    asyncWrap(async (_req, res) => {
      const { studyUid } = input(res, studySchemas).params;
      const { study, analysis, findings, aiSr, seg } = await requireStudyFindings(ctx, studyUid);
      res.json({
        study: studyJson(study),
        analysis: analysisJson(analysis),
        model: {
          id: findings.model.id,
          version: findings.model.version,
          researchOnly: findings.model.researchOnly,
        },
        findings,
        aiSr: aiSr ?? null,
        seg,
      });
    }),
  );

  /**
   * Each analysed image as the model saw it (contrast-normalised, breast region only), as PNG data
   * URLs the viewer lays over the images. 404 until the study's current analysis is done.
   */
  routes.get(
    '/studies/:studyUid/model-views',
    { access: 'study:read' },
    validator(studySchemas),
    asyncWrap(async (_req, res) => {
      const { studyUid } = input(res, studySchemas).params;
      const { analysis } = await requireStudyFindings(ctx, studyUid);
      const views = await listModelViews(ctx.pool, ctx.cipher.keyring, {
        analysisId: analysis.id,
        revision: analysis.revision,
      });
      res.json({
        studyInstanceUid: studyUid,
        model: { id: analysis.modelId, version: analysis.modelVersion },
        images: views.map(({ png, ...view }) => ({
          ...view,
          url: `data:image/png;base64,${Buffer.from(png).toString('base64')}`,
        })),
      });
    }),
  );

  /**
   * Everything readers recorded on the study: validations, revisions, consultations and the
   * report's signed versions (the report, then its addenda), newest first.
   */
  routes.get(
    '/studies/:studyUid/reading',
    { access: 'study:read' },
    validator(studySchemas),
    asyncWrap(async (_req, res) => {
      const { studyUid } = input(res, studySchemas).params;
      await requireStudy(ctx, studyUid);
      const [validations, revisions, consultations, signings] = await Promise.all([
        listStudyValidations(ctx.pool, studyUid),
        listStudyRevisions(ctx.pool, studyUid),
        listStudyConsultations(ctx.pool, ctx.cipher, studyUid),
        listStudyReportSignings(ctx.pool, studyUid),
      ]);
      res.json({
        studyInstanceUid: studyUid,
        validations: validations.map(validationJson),
        revisions: revisions.map(revisionJson),
        consultations: consultations.map(consultationJson),
        reports: signings.map((signing) => ({ ...signing, signedAt: signing.signedAt.toISOString() })),
      });
    }),
  );

  /**
   * The reader agrees or disagrees with the AI results, overall (with a BI-RADS category) and
   * lesion by lesion. 404 until the analysis is done; 422 for a lesion the findings do not hold.
   */
  routes.post(
    '/studies/:studyUid/validation',
    { access: 'finding:validate' },
    validator(validationSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, validationSchemas);
      const reader = currentUser(res).account;
      const loaded = await requireStudyFindings(ctx, params.studyUid, 'validate');
      const known = lesionKeys(loaded.findings);
      const unknown = body.lesions.filter((l) => !known.has(l.lesionKey)).map((l) => l.lesionKey);
      if (unknown.length)
        throw unprocessable(
          `the AI findings of study ${params.studyUid} hold no lesion ${unknown.join(', ')}`,
        );
      const validation = await insertValidation(ctx.pool, {
        studyInstanceUid: params.studyUid,
        analysisId: loaded.analysis.id,
        analysisRevision: loaded.analysis.revision,
        readerId: reader.id,
        overall: body.overall,
        birads: body.birads ?? null,
        lesions: body.lesions,
      });
      res.status(201).json({ validation: validationJson(validation) });
    }),
  );
}
