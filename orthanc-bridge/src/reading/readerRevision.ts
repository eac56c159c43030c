import {
  nameBasedUid,
  renderReaderRevisionSr,
  type ReaderFinding,
  type ReaderRevision,
} from '@sentinelle/reporting';
import { OrthancRequestError } from '@sentinelle/config';
import type { BridgeContext } from '../context';
import { withTransaction } from '../db/pool';
import type { Reader } from '../users/readerStore';
import { insertRevision, lockStudyRevisions, nextRevisionNumber, type Revision } from './revisionStore';
import { readStudySources } from '../studies/studySources';
import { lesionKeys, type StudyFindings } from './studyFindings';

/** UIDs of a study's reader revisions: one series per study, one instance per revision number. */
export function revisionUids(studyInstanceUid: string, revisionNumber: number) {
  return {
    seriesInstanceUid: nameBasedUid(`reader-revisions:${studyInstanceUid}`),
    sopInstanceUid: nameBasedUid(`reader-revision:${studyInstanceUid}:${revisionNumber}`),
  };
}

/** Why a revision cannot be made: `status` says which HTTP answer fits. */
export class RevisionError extends Error {
  override readonly name = 'RevisionError';
  constructor(
    readonly status: 404 | 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Records a reader's revision of a study's AI results: renders it as an SR (predecessor: the AI
 * results SR, which stays as it is), stores it in Orthanc and records it. The study's revisions
 * are made one at a time (a lock for the transaction), numbered 1, 2, 3...; the SR's UIDs derive
 * from the study and the number. An SR left in Orthanc by an attempt that stored it but could not
 * record it is replaced. Throws RevisionError for input that cannot be a revision of this study,
 * and DicomRenderError for what the SR cannot hold. With `basedOn` (the revision number the
 * reader started from, 0 for the AI results alone), a revision saved since is a RevisionError 409
 * and nothing is stored: a revision starts from the previous one, never from an older state.
 */
export async function createReaderRevision(
  ctx: BridgeContext,
  loaded: StudyFindings,
  reader: Reader,
  findings: readonly ReaderFinding[],
  basedOn?: number,
): Promise<Revision> {
  const { study, analysis, aiSr } = loaded;
  const studyUid = study.studyInstanceUid;
  if (!aiSr)
    throw new RevisionError(409, `the AI results SR of study ${studyUid} is not recorded; analyse it again`);

  const aiLesions = lesionKeys(loaded.findings);
  for (const finding of findings) {
    if (finding.aiLesionKey !== null && !aiLesions.has(finding.aiLesionKey))
      throw new RevisionError(
        422,
        `finding "${finding.id}" derives from AI lesion ${finding.aiLesionKey}, which the AI results of study ${studyUid} do not hold`,
      );
  }
  const read = await readStudySources(ctx.orthanc, study.orthancId);
  if (!read) throw new RevisionError(404, `Orthanc no longer holds study ${studyUid}`);
  const { sources, context } = read;
  const images = new Set(sources.map((source) => source.sopInstanceUid));
  for (const finding of findings) {
    if (!images.has(finding.sopInstanceUid))
      throw new RevisionError(
        422,
        `finding "${finding.id}" is on image ${finding.sopInstanceUid}, which is not a mammography image of study ${studyUid}`,
      );
  }
  if (!context) throw new RevisionError(422, `study ${studyUid} has no mammography image in Orthanc`);

  return withTransaction(ctx.pool, async (db) => {
    await lockStudyRevisions(db, studyUid);
    const revisionNumber = await nextRevisionNumber(db, studyUid);
    if (basedOn !== undefined) checkStartingPoint(studyUid, basedOn, revisionNumber - 1);
    const uids = revisionUids(studyUid, revisionNumber);
    const now = new Date();
    const revision: ReaderRevision = {
      reader: { personName: reader.personName, login: reader.login },
      aiSr,
      revisionNumber,
      findings: [...findings],
      createdAt: now.toISOString(),
    };
    const rendered = renderReaderRevisionSr(revision, sources, context, { ...uids, now });

    const leftover = await ctx.orthanc.findInstance(uids.sopInstanceUid);
    if (leftover) {
      ctx.logger.warn(
        { study: studyUid, revisionNumber, sopInstanceUid: uids.sopInstanceUid },
        'replacing a reader revision SR that an earlier attempt stored without recording it',
      );
      await ctx.orthanc.deleteInstance(leftover);
    }
    const stored = await ctx.orthanc.storeInstance(rendered.bytes);
    if (stored.Status !== 'Success')
      throw new OrthancRequestError(
        `Orthanc did not store the reader revision SR ${uids.sopInstanceUid} (${stored.Status})`,
        undefined,
        false,
        stored.Status,
      );
    try {
      return await insertRevision(db, {
        studyInstanceUid: studyUid,
        analysisId: analysis.id,
        analysisRevision: analysis.revision,
        readerId: reader.id,
        revisionNumber,
        ...uids,
        findings,
        createdAt: now,
      });
    } catch (error) {
      // Not recorded: take the SR back out of the study (the next attempt would replace it anyway).
      await ctx.orthanc.deleteInstance(stored.ID).catch(() => false);
      throw error;
    }
  });
}

/** A revision started from `basedOn` may be saved only while `latest` (0: none yet) is that one. */
function checkStartingPoint(studyUid: string, basedOn: number, latest: number): void {
  if (basedOn > latest)
    throw new RevisionError(
      422,
      `study ${studyUid} has no revision ${basedOn} to start from (its latest is ${latest === 0 ? 'none' : latest})`,
    );
  if (basedOn < latest)
    throw new RevisionError(
      409,
      `revision ${latest} of study ${studyUid} was saved after the ${
        basedOn === 0 ? 'AI results' : `revision ${basedOn}`
      } this one started from; reload the study to start from revision ${latest}`,
    );
}
