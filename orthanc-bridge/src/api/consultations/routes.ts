import { Router } from 'express';
import { z } from 'zod';
import type { BridgeContext } from '../../context';
import {
  answerConsultation,
  findConsultation,
  insertConsultation,
  listReaderConsultations,
} from '../../db/consultations';
import { findReaderByLogin } from '../../db/readers';
import { findStudy } from '../../db/studies';
import { asyncWrap } from '../asyncWrap';
import { conflict, forbidden, notFound, unprocessable } from '../errors';
import { consultationJson } from '../json';
import { currentReader, readerIdentity } from '../readers/identity';
import { dicomUid, input, validator } from '../validate';

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

export function consultationsRoutes(ctx: BridgeContext): Router {
  const router = Router();

  /** The reader asks a colleague about a study. 404 for an unknown study; 422 for an unknown colleague or oneself. */
  router.post(
    '/studies/:studyUid/consultations',
    readerIdentity(ctx),
    validator(createSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, createSchemas);
      const reader = currentReader(res);
      const [study, colleague] = await Promise.all([
        findStudy(ctx.pool, params.studyUid),
        findReaderByLogin(ctx.pool, body.colleague),
      ]);
      if (!study) throw notFound(`no study ${params.studyUid}`);
      if (!colleague) throw unprocessable(`no reader has the login "${body.colleague}"`);
      if (colleague.id === reader.id) throw unprocessable('a consultation asks a colleague, not oneself');
      const consultation = await insertConsultation(ctx.pool, {
        studyInstanceUid: params.studyUid,
        requesterId: reader.id,
        colleagueId: colleague.id,
        note: body.note,
      });
      res.status(201).json({ consultation: consultationJson(consultation) });
    }),
  );

  /** What the reader was asked (incoming) and asked others (outgoing), the newest first. */
  router.get(
    '/consultations',
    readerIdentity(ctx),
    asyncWrap(async (_req, res) => {
      const { incoming, outgoing } = await listReaderConsultations(ctx.pool, currentReader(res).id);
      res.json({ incoming: incoming.map(consultationJson), outgoing: outgoing.map(consultationJson) });
    }),
  );

  /** The colleague asked answers, once. 403 for anyone else; 409 when already answered. */
  router.post(
    '/consultations/:id/answer',
    readerIdentity(ctx),
    validator(answerSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, answerSchemas);
      const found = await findConsultation(ctx.pool, params.id);
      if (!found) throw notFound(`no consultation ${params.id}`);
      if (found.colleagueId !== currentReader(res).id)
        throw forbidden('only the colleague asked may answer this consultation');
      if (found.consultation.answer !== null) throw conflict(`consultation ${params.id} is already answered`);
      const answered = await answerConsultation(ctx.pool, params.id, body.answer);
      if (!answered) throw conflict(`consultation ${params.id} is already answered`);
      res.json({ consultation: consultationJson(answered) });
    }),
  );

  return router;
}
