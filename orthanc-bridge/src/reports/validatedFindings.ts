import type { ExamFindings, ReaderFinding } from '@sentinelle/reporting';
import type { Validation } from '../reading/validationStore';
import { lesionMarks } from '../reading/lesionMarks';

/**
 * A validation as the findings it keeps, one per AI lesion (a lesion seen on CC and MLO is one
 * finding): those the reader agreed with on either view, and, when the reader agreed overall, those
 * they gave no verdict on. A lesion the reader rejected, and agreed with on no view, is left out.
 * Marked at the centre of the lesion's better view.
 */
export function validatedFindings(
  validation: Pick<Validation, 'overall' | 'lesions'>,
  exam: ExamFindings,
): ReaderFinding[] {
  const verdicts = new Map(validation.lesions.map((l) => [l.lesionKey, l.agree]));
  const kept: ReaderFinding[] = [];
  for (const lesion of exam.lesions) {
    const marks = lesionMarks(exam, lesion);
    const best = marks[0];
    if (!best) continue;
    const given = marks.map((m) => verdicts.get(m.key)).filter((v) => v !== undefined);
    const keep = given.length ? given.includes(true) : validation.overall === 'agree';
    if (!keep) continue;
    kept.push({
      id: `R${kept.length + 1}`,
      aiLesionKey: best.key,
      sopInstanceUid: best.sopInstanceUid,
      type: lesion.type,
      region: { kind: 'point', point: best.mark.centre },
      diameterMm: lesion.diameterMm,
      shape: lesion.shape,
      note: null,
    });
  }
  return kept;
}
