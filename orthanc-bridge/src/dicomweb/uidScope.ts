/**
 * The scope of every UID a DICOMweb path names: the study's patient must be in the user's scope,
 * and the series and instance must be that study's (asked of Orthanc), so that no one reaches
 * another study's images by naming them under a study of their own.
 */
import type { PatientScope } from '../auth/patientScope';
import { studyAccess } from '../auth/patientScope';
import type { BridgeContext } from '../context';
import { studyPatientId } from '../audit/studyPatient';
import { forbidden, notFound, type HttpError } from '../http/errors';
import type { PathUids } from './dicomWebPath';

export type UidScope =
  | { readonly ok: true; readonly patientId: string }
  | { readonly ok: false; readonly error: HttpError; readonly patientId?: string };

/** Whether Orthanc holds a resource at `level` with all these UIDs (an exact match: UIDs hold no wildcard). */
async function orthancHolds(
  ctx: BridgeContext,
  level: 'Series' | 'Instance',
  query: Readonly<Record<string, string>>,
): Promise<boolean> {
  const found = await ctx.orthanc.request<string[]>('/tools/find', {
    method: 'POST',
    body: JSON.stringify({ Level: level, Query: query, Limit: 1 }),
    contentType: 'application/json',
  });
  return Array.isArray(found) && found.length > 0;
}

/** Checks the study, series and instance UIDs of a path in turn. */
export async function checkUidScope(
  ctx: BridgeContext,
  scope: PatientScope,
  uids: PathUids & { readonly studyUid: string },
): Promise<UidScope> {
  const access = await studyAccess(ctx.pool, ctx.cipher, scope, uids.studyUid);
  if (access.status !== 'visible') {
    // The refusal is recorded with the patient it aimed at.
    const patientId = await studyPatientId(ctx.pool, ctx.cipher, uids.studyUid);
    return {
      ok: false,
      error: forbidden('this study is outside your patient scope'),
      ...(patientId !== null && { patientId }),
    };
  }
  const { patientId } = access;
  const study = { StudyInstanceUID: uids.studyUid };
  if (uids.seriesUid) {
    const series = { ...study, SeriesInstanceUID: uids.seriesUid };
    if (!(await orthancHolds(ctx, 'Series', series)))
      return { ok: false, error: notFound('no such series in this study'), patientId };
    if (
      uids.instanceUid &&
      !(await orthancHolds(ctx, 'Instance', { ...series, SOPInstanceUID: uids.instanceUid }))
    )
      return { ok: false, error: notFound('no such instance in this series'), patientId };
  }
  return { ok: true, patientId };
}
