import { z } from 'zod';
import { currentUser } from '../auth/authenticate';
import type { GuardedRouter } from '../auth/guardedRouter';
import { patientAccess, setPatientCareTeam } from '../auth/patientScope';
import type { BridgeContext } from '../context';
import { flagPatientUrgent } from './flagPatientUrgent';
import { asyncWrap } from '../http/asyncWrap';
import { forbidden, notFound, unprocessable } from '../http/errors';
import { analysisJson } from '../studies/json';
import { input, validator } from '../http/validate';
import { identityConflictsRoutes } from './identityConflictsRoutes';

/** A DICOM LO value: 1-64 characters, no backslash or control character. */
const dicomLo = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters (a DICOM Patient ID)' })
  .refine((value) => ![...value].some((c) => c === '\\' || c.charCodeAt(0) < 0x20), {
    error: 'must not hold a backslash or control characters',
  });

const urgentSchemas = {
  params: z.strictObject({ patientId: dicomLo }),
  query: z.strictObject({ issuer: z.string().max(64).default('') }),
  body: z.strictObject({ urgent: z.boolean() }),
};

const careTeamSchemas = {
  params: urgentSchemas.params,
  query: urgentSchemas.query,
  body: z.strictObject({ careTeam: z.string().trim().min(1).max(64).nullable() }),
};

export function patientsRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  const patientAudit = (req: { params: Record<string, unknown> }) => ({
    resourceType: 'patient' as const,
    resourceId: String(req.params.patientId),
    patientId: String(req.params.patientId),
  });

  /**
   * Flags a patient (DICOM PatientID, optional IssuerOfPatientID) urgent or not: their studies
   * are then analysed first (stat), those already waiting included. 404 for a patient no study of
   * whom was received, 403 for one outside the user's scope.
   */
  routes.put(
    '/patients/:patientId/urgent',
    {
      access: 'patient:write',
      audit: patientAudit,
    },
    validator(urgentSchemas),
    asyncWrap(async (_req, res) => {
      const { params, query, body } = input(res, urgentSchemas);
      const user = currentUser(res);
      const patient = { patientId: params.patientId, issuer: query.issuer };
      const access = await patientAccess(ctx.pool, ctx.cipher, user.scope, patient);
      // Only intake creates a patient, in the site that sent the images: a flag never claims one.
      if (!access.known) throw notFound('no study of this patient has been received');
      if (!access.visible) throw forbidden('this patient is outside your patient scope');
      const promoted = await flagPatientUrgent(ctx, patient, body.urgent);
      if (!promoted) throw notFound('no study of this patient has been received');
      res.json({ urgent: body.urgent, promoted: promoted.map(analysisJson) });
    }),
  );

  /**
   * Puts a patient of the user's scope in one of the user's care teams (then only that team's
   * members of the site see them, besides shared cases), or takes them out of any (null). A team
   * the user is not in is refused: the patient would leave the user's own scope.
   */
  routes.put(
    '/patients/:patientId/care-team',
    { access: 'patient:write', audit: patientAudit },
    validator(careTeamSchemas),
    asyncWrap(async (_req, res) => {
      const { params, query, body } = input(res, careTeamSchemas);
      const user = currentUser(res);
      const patient = { patientId: params.patientId, issuer: query.issuer };
      const access = await patientAccess(ctx.pool, ctx.cipher, user.scope, patient);
      if (!access.known) throw notFound('no study of this patient has been received');
      if (!access.visible) throw forbidden('this patient is outside your patient scope');
      if (body.careTeam !== null && !user.account.careTeams.includes(body.careTeam))
        throw unprocessable(
          `you are not a member of the care team ${body.careTeam}: the patient would leave your own scope`,
        );
      await setPatientCareTeam(ctx.pool, ctx.cipher, patient, body.careTeam);
      res.json({ patientId: patient.patientId, careTeam: body.careTeam });
    }),
  );

  identityConflictsRoutes(ctx, routes);
}
