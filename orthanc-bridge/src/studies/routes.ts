import { z } from 'zod';
import { intakeStudy } from '../intake/intake';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { modelInUse } from '../modelGovernance/modelInUse';
import { findStudyAnalyses } from './analysisStore';
import { findStudy } from './studyStore';
import { ANALYSIS_PRIORITIES } from '../intake/queueContract';
import { asyncWrap } from '../http/asyncWrap';
import { conflict, notFound, unprocessable } from '../http/errors';
import { analysisJson, studyJson } from './json';
import { dicomUid, input, validator } from '../http/validate';

const studyParams = z.strictObject({ studyUid: dicomUid });
const getSchemas = { params: studyParams };
const analyseSchemas = {
  params: studyParams,
  body: z.strictObject({ priority: z.enum(ANALYSIS_PRIORITIES) }),
};

export function studiesRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /** The study's analysis by the current model version (else the latest one), and the others. */
  routes.get(
    '/studies/:studyUid/analysis',
    // The status of a study that is not a mammography ("skipped") holds no patient data.
    { access: 'study:read', withoutPatient: true },
    validator(getSchemas),
    asyncWrap(async (_req, res) => {
      const { studyUid } = input(res, getSchemas).params;
      const [study, analyses, model] = await Promise.all([
        findStudy(ctx.pool, ctx.cipher, studyUid),
        findStudyAnalyses(ctx.pool, studyUid),
        modelInUse(ctx),
      ]);
      if (!study || analyses.length === 0) throw notFound(`no analysis of study ${studyUid}`);
      const current = analyses.find((a) => a.modelVersion === model.version) ?? analyses[0]!;
      res.json({
        study: studyJson(study),
        analysis: analysisJson(current),
        others: analyses.filter((a) => a !== current).map(analysisJson),
      });
    }),
  );

  /**
   * Analyse a study at a priority: queues a new analysis, changes the priority of a queued one,
   * or retries a failed one. 404 when Orthanc does not hold the study; 409 when it is running or
   * these images were already analysed by this model version; 422 when it has no mammography image.
   */
  routes.post(
    '/studies/:studyUid/analyse',
    { access: 'study:analyse', withoutPatient: true },
    validator(analyseSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, analyseSchemas);
      const orthancId = await ctx.orthanc.findStudy(params.studyUid);
      if (!orthancId) throw notFound(`Orthanc holds no study ${params.studyUid}`);
      const result = await intakeStudy(ctx, orthancId, { source: 'api', priority: body.priority });
      if (result.outcome !== 'recorded') throw notFound(`Orthanc holds no study ${params.studyUid}`);
      const { plan, analysis } = result;
      if (plan.action === 'skip')
        throw unprocessable(`study ${params.studyUid} is not analysed: ${plan.reason}`);
      if (plan.action === 'keep' && plan.conflict) throw conflict(`study ${params.studyUid}: ${plan.why}`);
      res.status(202).json({ analysis: analysis ? analysisJson(analysis) : null });
    }),
  );
}
