import type { ExamLesion } from '../findings/examLesion';
import type { Lesion } from '../findings/lesion';
import type { LinkedExam, LinkedImage } from './sourceLinks';
import { DicomRenderError } from './types';

/** One view of an exam lesion: the image and the mark the lesion was seen as there. */
export interface LesionMark {
  readonly linkedImage: LinkedImage;
  readonly mark: Lesion;
}

/**
 * The marks an exam lesion stands on, in its views' order (CC, then MLO). Throws
 * DicomRenderError when a view names an image or a mark the findings do not hold: the SR would
 * otherwise describe a lesion on no image.
 */
export function lesionMarks(linked: LinkedExam, lesion: ExamLesion, unit: string): LesionMark[] {
  return lesion.views.map((view) => {
    const linkedImage = linked.images.find((image) => image.findings.imageRef.name === view.image);
    const mark = linkedImage?.findings.lesions.find((candidate) => candidate.id === view.mark);
    if (!linkedImage || !mark)
      throw new DicomRenderError(
        `${unit}: lesion ${lesion.id} cites mark ${view.mark} of image "${view.image}", which the findings do not hold`,
      );
    return { linkedImage, mark };
  });
}
