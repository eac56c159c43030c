/**
 * Identity conflicts: images whose name, birth date or sex disagree with their patient's recorded
 * identity (intake keeps the recorded one). A physician of the patient's site sees them and decides:
 * accept the identity the images carry, or keep the current one. Each decision is audited.
 *
 * Access: patient:write ("change patient records"), a clinical permission that only a physician-
 * admin grants and that sysadmins never hold; user:manage would show patients' names to sysadmins.
 */
import { z } from 'zod';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import type { BridgeContext } from '../context';
import {
  findIdentityConflictForUpdate,
  listIdentityConflicts,
  markIdentityConflictDecided,
  type IdentityConflict,
} from './identityConflictStore';
import { findPatient, replacePatientDemographics, type PatientDemographics } from './patientStore';
import { withTransaction } from '../db/pool';
import { asyncWrap } from '../http/asyncWrap';
import { conflict, notFound } from '../http/errors';
import { input, validator } from '../http/validate';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Set by a decision on an identity conflict: the patient it concerns, for the audit trail. */
      identityConflictPatientId?: string;
    }
  }
}

const listSchemas = {
  query: z.strictObject({ status: z.enum(['open', 'accepted', 'kept']).optional() }),
};
const decisionSchemas = {
  params: z.strictObject({
    id: z.string().regex(/^[1-9]\d{0,17}$/, { error: 'must be a conflict id (a positive integer)' }),
  }),
  body: z.strictObject({ decision: z.enum(['accept', 'keep']) }),
};

type Identity = Pick<PatientDemographics, 'name' | 'birthDate' | 'sex'>;

const identityJson = (identity: Identity) => ({
  name: identity.name,
  birthDate: identity.birthDate,
  sex: identity.sex,
});

function conflictJson(c: IdentityConflict, current: Identity | undefined) {
  return {
    id: c.id,
    patientId: c.patientId,
    issuer: c.issuer,
    studyInstanceUid: c.studyInstanceUid,
    current: current ? identityJson(current) : null,
    incoming: identityJson(c.incoming),
    status: c.status,
    decidedBy: c.decidedBy,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

export function identityConflictsRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /** The conflicts of the user's patients (open first), with the current and the incoming identity. */
  routes.get(
    '/patients/identity-conflicts',
    {
      access: 'patient:write',
      audit: (req) => ({
        resourceType: 'patient',
        action: 'search',
        detail: { identityConflicts: String(req.query.status ?? 'all') },
      }),
    },
    validator(listSchemas),
    asyncWrap(async (_req, res) => {
      const { query } = input(res, listSchemas);
      const conflicts = await listIdentityConflicts(
        ctx.pool,
        ctx.cipher,
        currentUser(res).scope,
        query.status,
      );
      const answer = [];
      for (const c of conflicts) {
        const current = await findPatient(ctx.pool, ctx.cipher, c.patientId, c.issuer);
        answer.push(conflictJson(c, current));
      }
      res.set('cache-control', 'no-store').json({ conflicts: answer });
    }),
  );

  /**
   * Decides an open conflict: `accept` makes the images' identity the patient's (each value they
   * carry), `keep` leaves the patient as recorded. 404 for a conflict outside the user's patients,
   * 409 once decided.
   */
  routes.post(
    '/patients/identity-conflicts/:id/decision',
    {
      access: 'patient:write',
      audit: (req, res) => ({
        resourceType: 'patient',
        resourceId: res.locals.identityConflictPatientId ?? null,
        patientId: res.locals.identityConflictPatientId ?? null,
        action: 'update',
        detail: {
          identityConflict: String(req.params.id),
          decision: typeof req.body?.decision === 'string' ? req.body.decision.slice(0, 16) : null,
        },
      }),
    },
    validator(decisionSchemas),
    asyncWrap(async (_req, res) => {
      const { params, body } = input(res, decisionSchemas);
      const user = currentUser(res);
      const decided = await withTransaction(ctx.pool, async (db) => {
        const found = await findIdentityConflictForUpdate(db, ctx.cipher, user.scope, params.id);
        if (!found) throw notFound(`no identity conflict ${params.id} among your patients`);
        res.locals.identityConflictPatientId = found.patientId;
        if (found.status !== 'open') throw conflict(`identity conflict ${params.id} was already decided`);
        const key = { patientId: found.patientId, issuer: found.issuer };
        const current = await findPatient(db, ctx.cipher, key.patientId, key.issuer, { forUpdate: true });
        if (body.decision === 'accept')
          await replacePatientDemographics(db, ctx.cipher, {
            ...key,
            name: found.incoming.name ?? current?.name ?? null,
            birthDate: found.incoming.birthDate ?? current?.birthDate ?? null,
            sex: found.incoming.sex ?? current?.sex ?? null,
          });
        if (!(await markIdentityConflictDecided(db, params.id, body.decision, user.account.id)))
          throw conflict(`identity conflict ${params.id} was already decided`);
        return {
          conflict: (await findIdentityConflictForUpdate(db, ctx.cipher, user.scope, params.id))!,
          patient: await findPatient(db, ctx.cipher, key.patientId, key.issuer),
        };
      });
      res
        .set('cache-control', 'no-store')
        .json({ conflict: conflictJson(decided.conflict, decided.patient) });
    }),
  );
}
