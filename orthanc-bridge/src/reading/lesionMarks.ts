import { lesionKey, type ExamFindings, type ExamLesion, type Lesion } from '@sentinelle/reporting';

/** One view's mark of an exam lesion, with the image it is on and the key validations name it by. */
export interface LesionMark {
  readonly sopInstanceUid: string;
  readonly mark: Lesion;
  /** `<SOP Instance UID>:<mark id>` (see lesionKey). */
  readonly key: string;
}

/**
 * The marks of a lesion on the images that have a SOP Instance UID, the better view (higher
 * score) first: where a reader's verdicts and a report's finding point.
 */
export function lesionMarks(exam: ExamFindings, lesion: ExamLesion): LesionMark[] {
  const marks: LesionMark[] = [];
  for (const view of lesion.views) {
    const image = exam.images.find((i) => i.imageRef.name === view.image);
    const uid = image?.imageRef.sopInstanceUid;
    const mark = image?.lesions.find((l) => l.id === view.mark);
    if (uid && mark) marks.push({ sopInstanceUid: uid, mark, key: lesionKey(uid, mark.id) });
  }
  return marks.sort((a, b) => b.mark.score - a.mark.score);
}
