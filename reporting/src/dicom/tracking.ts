import type { ExamFindings } from '../findings/examFindings';
import type { ExamLesion } from '../findings/examLesion';
import type { ReaderFinding, ReaderRevision } from '../findings/readerReview';
import { nameBasedUid } from './uid';

/**
 * The Tracking Unique Identifier of one thing the findings describe ("exam", "breast:L",
 * "image:<SOP Instance UID>", "lesion:<exam lesion id>"). It depends only on the analysis (model
 * and time) and the subject, so the AI results SR and the Mammography CAD SR of one analysis give
 * a lesion the same UID, on each of its views, and a radiologist's revision can keep it.
 */
export function trackingUid(exam: ExamFindings, subject: string): string {
  return nameBasedUid(`tracking:${exam.model.id}:${exam.model.version}:${exam.createdAt}:${subject}`);
}

export function lesionTrackingUid(exam: ExamFindings, lesion: ExamLesion): string {
  return trackingUid(exam, `lesion:${lesion.id}`);
}

/** The Tracking Identifier of an exam lesion, the same on each of its views: "Lesion L1". */
export function lesionTrackingIdentifier(lesion: ExamLesion): string {
  return `Lesion ${lesion.id}`;
}

/**
 * The Tracking Unique Identifier of a reader's finding: it depends only on the revision (the AI
 * SR it revises, its number and time) and the finding's id, so rendering a revision again gives
 * the same UIDs.
 */
export function readerFindingTrackingUid(revision: ReaderRevision, finding: ReaderFinding): string {
  const { aiSr, revisionNumber, createdAt } = revision;
  return nameBasedUid(
    `tracking:reader-revision:${aiSr.sopInstanceUid}:${revisionNumber}:${createdAt}:finding:${finding.id}`,
  );
}

/**
 * The Tracking Unique Identifier of a finding of a signed report: it depends only on the study,
 * the report's version and the finding's id, so rendering a version again gives the same UIDs.
 * Ids are stable within a report, not promised across versions: each version has its own UIDs.
 */
export function reportFindingTrackingUid(
  studyInstanceUid: string,
  version: number,
  findingId: string,
): string {
  return nameBasedUid(`tracking:report:${studyInstanceUid}:${version}:finding:${findingId}`);
}
