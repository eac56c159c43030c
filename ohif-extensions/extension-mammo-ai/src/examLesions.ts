import {
  lesionKey,
  type ExamFindings,
  type ExamLesion,
  type ImageFindings,
  type Lesion,
} from '@sentinelle/reporting/findings';

/** One view's mark of an exam lesion, with its image and the key the bridge names the mark by. */
export interface LesionMark {
  /** `<SOP Instance UID>:<mark id>` (see lesionKey): what validations and the overlay use. */
  readonly key: string;
  readonly image: ImageFindings;
  readonly mark: Lesion;
}

/** A lesion of the exam as the panel lists it: one row, its marks (the better view first). */
export interface LesionRow {
  readonly lesion: ExamLesion;
  readonly marks: readonly LesionMark[];
}

/**
 * The exam's lesions with their marks on images the viewer can show (those with a SOP Instance
 * UID), in the findings' order (highest score first). A lesion none of whose marks can be shown is
 * still listed: the reader reads it in the panel.
 */
export function lesionRows(findings: ExamFindings): LesionRow[] {
  return findings.lesions.map((lesion) => {
    const marks: LesionMark[] = [];
    for (const view of lesion.views) {
      const image = findings.images.find((i) => i.imageRef.name === view.image);
      const sop = image?.imageRef.sopInstanceUid;
      const mark = image?.lesions.find((l) => l.id === view.mark);
      if (image && sop && mark) marks.push({ key: lesionKey(sop, mark.id), image, mark });
    }
    marks.sort((a, b) => b.mark.score - a.mark.score);
    return { lesion, marks };
  });
}

/** The exam lesion id (L1, L2…) of each mark that belongs to one, by mark key. */
export function lesionIdsByMark(findings: ExamFindings): Map<string, string> {
  const ids = new Map<string, string>();
  for (const { lesion, marks } of lesionRows(findings)) for (const { key } of marks) ids.set(key, lesion.id);
  return ids;
}
