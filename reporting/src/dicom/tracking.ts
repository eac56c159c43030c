import type { ExamFindings } from '../findings/examFindings';
import type { Lesion } from '../findings/lesion';
import type { LinkedImage } from './sourceLinks';
import { nameBasedUid } from './uid';

/**
 * The Tracking Unique Identifier of one thing the findings describe ("exam", "breast:L",
 * "image:<SOP Instance UID>", "lesion:<SOP Instance UID>:<lesion id>"). It depends only on the
 * analysis (model and time) and the subject, so the AI results SR and the Mammography CAD SR of
 * one analysis give a lesion the same UID, and a radiologist's revision can keep it.
 */
export function trackingUid(exam: ExamFindings, subject: string): string {
  return nameBasedUid(`tracking:${exam.model.id}:${exam.model.version}:${exam.createdAt}:${subject}`);
}

export function lesionTrackingUid(exam: ExamFindings, image: LinkedImage, lesion: Lesion): string {
  return trackingUid(exam, `lesion:${image.source.sopInstanceUid}:${lesion.id}`);
}
