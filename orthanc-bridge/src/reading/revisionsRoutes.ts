import { DicomRenderError, ReaderFindingSchema } from '@sentinelle/reporting';
import { z } from 'zod';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import { createReaderRevision, RevisionError } from './readerRevision';
import { requireStudyFindings } from './studyFindings';
import { asyncWrap } from '../http/asyncWrap';
import { HttpError, unprocessable } from '../http/errors';
import { revisionJson } from './json';
import { currentUser } from '../auth/authenticate';
import { dicomUid, input, validator } from '../http/validate';

const revisionSchemas = {
  params: z.strictObject({ studyUid: dicomUid }),
  body: z.strictObject({
    findings: z
      .array(ReaderFindingSchema.strict())
      .max(200)
      .refine((findings) => new Set(findings.map((f) => f.id)).size === findings.length, {
        error: 'two findings have the same id',
      }),
    /**
     * The revision the reader started from (0: the AI results alone). When given, the revision is
     * refused (409) if another was saved since: it would silently undo that one.
     */
    basedOn: z.number().int().min(0).max(1_000_000).optional(),
  }),
};

export function revisionsRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /**
   * The reader's revision of the AI results: a new SR in the study (the AI SR stays as it is), its
   * predecessor the AI SR, numbered per study. 404 until the analysis is done; 422 for a finding on
   * an image that is not a mammography image of the study, or one the SR cannot hold, or a
   * `basedOn` revision the study does not have; 409 when a newer revision than `basedOn` exists.
   */
  routes.post(
    '/studies/:studyUid/revisions',
    { access: 'finding:validate' },
    validator(revisionSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, revisionSchemas);
      const reader = currentUser(res).account;
      const loaded = await requireStudyFindings(ctx, params.studyUid, 'revise');
      try {
        const revision = await createReaderRevision(ctx, loaded, reader, body.findings, body.basedOn);
        res.status(201).json({ revision: revisionJson(revision) });
      } catch (error) {
        if (error instanceof RevisionError) throw new HttpError(error.status, error.message);
        if (error instanceof DicomRenderError) throw unprocessable(error.message);
        throw error;
      }
    }),
  );
}
