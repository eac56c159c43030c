import { MM_DECIMALS, round } from '../../findings/precision';
import type { ExamFindings } from '../../findings/examFindings';
import type { ImageFindings } from '../../findings/imageFindings';
import type { Lesion } from '../../findings/lesion';
import { lesionKey, type ReaderFinding, type ReaderRevision } from '../../findings/readerReview';
import type { FindingOrigin, ReportFinding } from '../model';
import { RIGHT_THEN_LEFT } from '../text/breastOrder';

/** Why a reader's revision cannot be turned into a report: the message names the finding at fault. */
export class ReportPrefillError extends Error {
  override readonly name = 'ReportPrefillError';
}

interface AiLesion {
  readonly image: ImageFindings;
  readonly lesion: Lesion;
}

/** The exam's AI lesions by the key reader findings cite them with, `<SOP Instance UID>:<lesion id>`. */
function aiLesionsByKey(exam: ExamFindings): Map<string, AiLesion> {
  const byKey = new Map<string, AiLesion>();
  for (const image of exam.images) {
    const uid = image.imageRef.sopInstanceUid;
    if (uid) for (const lesion of image.lesions) byKey.set(lesionKey(uid, lesion.id), { image, lesion });
  }
  return byKey;
}

/**
 * The reader's diameter against the AI's. The reader revision SR writes lengths to MM_DECIMALS,
 * so an unchanged diameter read back from it still compares equal.
 */
function sameDiameter(reader: number | null, ai: number | null): boolean {
  if (reader === null || ai === null) return reader === ai;
  return round(reader, MM_DECIMALS) === round(ai, MM_DECIMALS);
}

/**
 * Validated as the AI gave it, or modified: the reader changed what the report says about it (type,
 * shape or size). A redrawn outline alone does not change the report's words.
 */
function originOf(finding: ReaderFinding, ai: AiLesion | undefined): FindingOrigin {
  if (!ai) return 'reader';
  const { lesion } = ai;
  const unchanged =
    finding.type === lesion.type &&
    finding.shape === lesion.shape &&
    sameDiameter(finding.diameterMm, lesion.diameterMm);
  return unchanged ? 'ai-validated' : 'ai-modified';
}

/**
 * The reader's findings as report findings, right breast first (each breast in the reader's
 * order): one report finding per reader finding, since only the reader can say that marks on two
 * views are one lesion. Laterality and view come from the image the finding is marked on. A
 * diameter of 0 (a point marker) is "not measured". Throws ReportPrefillError for a finding on an
 * image the exam does not hold or without laterality, or citing an AI lesion the exam does not hold.
 */
export function reportFindingsFrom(revision: ReaderRevision, exam: ExamFindings): ReportFinding[] {
  const aiLesions = aiLesionsByKey(exam);
  const findings = revision.findings.map((finding): ReportFinding => {
    const image = exam.images.find(
      (candidate) => candidate.imageRef.sopInstanceUid === finding.sopInstanceUid,
    );
    if (!image)
      throw new ReportPrefillError(
        `finding "${finding.id}" is on image ${finding.sopInstanceUid}, which the AI findings of the exam do not hold`,
      );
    if (!image.laterality)
      throw new ReportPrefillError(
        `finding "${finding.id}" is on image ${finding.sopInstanceUid}, which has no laterality: its breast is unknown`,
      );
    const ai = finding.aiLesionKey === null ? undefined : aiLesions.get(finding.aiLesionKey);
    if (finding.aiLesionKey !== null && !ai)
      throw new ReportPrefillError(
        `finding "${finding.id}" derives from AI lesion ${finding.aiLesionKey}, which the AI findings of the exam do not hold`,
      );
    return {
      id: finding.id,
      origin: originOf(finding, ai),
      laterality: image.laterality,
      type: finding.type,
      diameterMm: finding.diameterMm || null,
      shape: finding.type === 'mass' ? finding.shape : null,
      margin: null,
      location: null,
      clockPosition: null,
      views: image.view ? [image.view] : [],
      sopInstanceUid: finding.sopInstanceUid,
      aiScore: ai ? ai.lesion.score : null,
    };
  });
  return RIGHT_THEN_LEFT.flatMap((side) => findings.filter((finding) => finding.laterality === side));
}
