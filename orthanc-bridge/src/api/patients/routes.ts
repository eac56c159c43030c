import { Router } from 'express';
import { z } from 'zod';
import type { BridgeContext } from '../../context';
import { flagPatientUrgent } from '../../triage/flagPatientUrgent';
import { asyncWrap } from '../asyncWrap';
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

export function patientsRoutes(ctx: BridgeContext): Router {
  const router = Router();

  /**
   * Flags a patient (DICOM PatientID, optional IssuerOfPatientID) urgent or not: their studies
   * are then analysed first (stat), those already waiting included.
   */
  router.put(
    '/patients/:patientId/urgent',
    validator(urgentSchemas),
    asyncWrap(async (_req, res) => {
      const { params, query, body } = input(res, urgentSchemas);
      const promoted = await flagPatientUrgent(
        ctx,
        { patientId: params.patientId, issuer: query.issuer },
        body.urgent,
      );
      res.json({ urgent: body.urgent, promoted: promoted.map(analysisJson) });
    }),
  );

  return router;
}
