import { z } from 'zod';
import { currentUser } from '../../auth/authenticate';
import type { GuardedRouter } from '../../auth/guardedRouter';
import { assignPatientSite, patientAccess } from '../../auth/patientScope';
import type { BridgeContext } from '../../context';
import { flagPatientUrgent } from '../../triage/flagPatientUrgent';
import { asyncWrap } from '../asyncWrap';
import { forbidden } from '../errors';
import { analysisJson } from '../json';
import { input, validator } from '../validate';

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

export function patientsRoutes(ctx: BridgeContext, routes: GuardedRouter): void {
  /**
   * Flags a patient (DICOM PatientID, optional IssuerOfPatientID) urgent or not: their studies
   * are then analysed first (stat), those already waiting included. 403 for a patient outside the
   * user's scope.
   */
  routes.put(
    '/patients/:patientId/urgent',
    {
      access: 'patient:write',
      audit: (req) => ({
        resourceType: 'patient',
        resourceId: String(req.params.patientId),
        patientId: String(req.params.patientId),
      }),
    },
    validator(urgentSchemas),
    asyncWrap(async (_req, res) => {
      const { params, query, body } = input(res, urgentSchemas);
      const user = currentUser(res);
      const patient = { patientId: params.patientId, issuer: query.issuer };
      const access = await patientAccess(ctx.pool, user.scope, patient);
      if (access.known && !access.visible) throw forbidden('this patient is outside your patient scope');
      const promoted = await flagPatientUrgent(ctx, patient, body.urgent);
      // A patient flagged before any image arrived belongs to the site of who flagged them.
      if (!access.known) await assignPatientSite(ctx.pool, patient, user.account.site);
      res.json({ urgent: body.urgent, promoted: promoted.map(analysisJson) });
    }),
  );
}
