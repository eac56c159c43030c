import { z } from 'zod';
import type { GuardedRouter } from '../auth/guardedRouter';
import { searchAudit } from '../audit/searchAudit';
import { shareStudyPatient } from '../auth/patientScope';
import type { BridgeContext } from '../context';
import {
  answerConsultation,
  findConsultation,
  insertConsultation,
  listReaderConsultations,
} from './consultationStore';
import { withTransaction } from '../db/pool';
import { findReaderByLogin } from '../users/readerStore';
import { requireStudy } from '../studies/requireStudy';
import { asyncWrap } from '../http/asyncWrap';
import { conflict, forbidden, notFound, unprocessable } from '../http/errors';
import { consultationJson } from './json';
import { publishConsultationEvent } from '../events/consultationEvents';
import { currentUser } from '../auth/authenticate';
import { dicomUid, input, validator } from '../http/validate';

const MAX_TEXT = 4000;
const freeText = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(MAX_TEXT, { error: `must be at most ${MAX_TEXT} characters` });

const createSchemas = {
  params: z.strictObject({ studyUid: dicomUid }),
  body: z.strictObject({
    colleague: z.string().min(1).max(64),
    note: freeText,
  }),
};
const answerSchemas = {
  params: z.strictObject({
    id: z.string().regex(/^[1-9]\d{0,17}$/, { error: 'must be a consultation id (a positive integer)' }),
  }),
  body: z.strictObject({ answer: freeText }),
};

export function consultationsRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /** Tells the two readers' open viewers (GET /api/events); a lost event loses nothing. */
  const tellReaders = (consultationId: string, studyInstanceUid: string, change: 'asked' | 'answered') =>
    publishConsultationEvent(ctx.redis, ctx.eventsChannel, {
      consultationId,
      studyInstanceUid,
      change,
    }).catch((error: unknown) =>
      ctx.logger.warn({ consultationId, err: error }, 'could not publish the consultation event'),
    );

  /** The reader asks a colleague about a study. 404 for an unknown study; 422 for an unknown colleague or oneself. */
  routes.post(
    '/studies/:studyUid/consultations',
    { access: 'finding:validate' },
    validator(createSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, createSchemas);
      const reader = currentUser(res).account;
      const [, colleague] = await Promise.all([
        requireStudy(ctx, params.studyUid),
        findReaderByLogin(ctx.pool, body.colleague),
      ]);
      if (!colleague) throw unprocessable(`no reader has the login "${body.colleague}"`);
      if (colleague.id === reader.id) throw unprocessable('a consultation asks a colleague, not oneself');
      // Asking a colleague shares the case with them, whatever their site.
      const consultation = await withTransaction(ctx.pool, async (db) => {
        await shareStudyPatient(db, {
          studyUid: params.studyUid,
          userId: colleague.id,
          sharedBy: reader.id,
          reason: 'consultation',
        });
        return insertConsultation(db, ctx.cipher, {
          studyInstanceUid: params.studyUid,
          requesterId: reader.id,
          colleagueId: colleague.id,
          note: body.note,
        });
      });
      await tellReaders(consultation.id, params.studyUid, 'asked');
      res.status(201).json({ consultation: consultationJson(consultation) });
    }),
  );

  /** What the reader was asked (incoming) and asked others (outgoing), the newest first. */
  routes.get(
    '/consultations',
    { access: 'study:read', audit: searchAudit('consultation') },
    asyncWrap(async (_req, res) => {
      const { incoming, outgoing } = await listReaderConsultations(
        ctx.pool,
        ctx.cipher,
        currentUser(res).account.id,
      );
      res.json({ incoming: incoming.map(consultationJson), outgoing: outgoing.map(consultationJson) });
    }),
  );

  /** The colleague asked answers, once. 403 for anyone else; 409 when already answered. */
  routes.post(
    '/consultations/:id/answer',
    {
      access: 'finding:validate',
      audit: (req) => ({ resourceType: 'consultation', resourceId: String(req.params.id) }),
    },
    validator(answerSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, answerSchemas);
      const found = await findConsultation(ctx.pool, ctx.cipher, params.id);
      if (!found) throw notFound(`no consultation ${params.id}`);
      if (found.colleagueId !== currentUser(res).account.id)
        throw forbidden('only the colleague asked may answer this consultation');
      if (found.consultation.answer !== null) throw conflict(`consultation ${params.id} is already answered`);
      const answered = await answerConsultation(ctx.pool, ctx.cipher, params.id, body.answer);
      if (!answered) throw conflict(`consultation ${params.id} is already answered`);
      await tellReaders(answered.id, answered.studyInstanceUid, 'answered');
      res.json({ consultation: consultationJson(answered) });
    }),
  );
}
