import type { BridgeContext } from '../context';
import { notFound } from '../http/errors';
import { findStudy, type StudyRecord } from './studyStore';

/**
 * A study route's 404 for a study the bridge does not know. (The guarded router lets an unknown
 * study through its scope check so that the validator speaks first: see requireStudyInScope.)
 */
export async function requireStudy(ctx: BridgeContext, studyInstanceUid: string): Promise<StudyRecord> {
  const study = await findStudy(ctx.pool, ctx.cipher, studyInstanceUid);
  if (!study) throw notFound(`no study ${studyInstanceUid}`);
  return study;
}
