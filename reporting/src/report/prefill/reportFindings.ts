import { MM_DECIMALS, round } from '../../findings/precision';
import type { ExamFindings } from '../../findings/examFindings';
import type { ImageFindings } from '../../findings/imageFindings';
import type { Lesion } from '../../findings/lesion';
import { lesionKey, type ReaderFinding, type ReaderRevision } from '../../findings/readerReview';
import type { DraftFinding, FindingOrigin } from '../model';
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

interface PairedLesion {
  readonly id: string;
  readonly score: number;
  /** The views the model sees it on ("CC", "MLO"). */
  readonly views: readonly string[];
}

/** The exam lesion (the model's pairing of CC and MLO marks) each AI mark belongs to, by mark key. */
function examLesionsByMarkKey(exam: ExamFindings): Map<string, PairedLesion> {
  const uidOf = new Map(exam.images.map((image) => [image.imageRef.name, image.imageRef.sopInstanceUid]));
  const byKey = new Map<string, PairedLesion>();
  for (const lesion of exam.lesions) {
    const paired = {
      id: lesion.id,
      score: lesion.score,
      views: lesion.views.flatMap((view) => (view.view ? [view.view] : [])),
    };
    for (const view of lesion.views) {
      const uid = uidOf.get(view.image);
      if (uid) byKey.set(lesionKey(uid, view.mark), paired);
    }
  }
  return byKey;
}

const VIEW_ORDER = ['CC', 'MLO'];
const viewRank = (view: string) => (VIEW_ORDER.includes(view) ? VIEW_ORDER.indexOf(view) : VIEW_ORDER.length);

/**
 * One report finding per lesion: the reader's findings kept from the two marks (CC and MLO) that
 * the model paired as one lesion become one finding seen on both views: the first one's id and
 * image, the larger diameter, the pair's score; modified when either was. Findings of another
 * type, or the reader's own, stay as they are.
 */
function oneFindingPerLesion(
  findings: readonly { finding: DraftFinding; lesion: PairedLesion | undefined }[],
): DraftFinding[] {
  const merged: DraftFinding[] = [];
  const byLesion = new Map<string, DraftFinding>();
  for (const { finding, lesion } of findings) {
    const first = lesion && byLesion.get(lesion.id);
    if (!lesion || !first || first.type !== finding.type || first.laterality !== finding.laterality) {
      merged.push(finding);
      if (lesion && !byLesion.has(lesion.id)) byLesion.set(lesion.id, finding);
      continue;
    }
    const diameters = [first.diameterMm, finding.diameterMm].filter((d): d is number => d !== null);
    Object.assign(first, {
      origin:
        first.origin === 'ai-validated' && finding.origin === 'ai-validated' ? 'ai-validated' : 'ai-modified',
      diameterMm: diameters.length ? Math.max(...diameters) : null,
      shape: first.shape ?? finding.shape,
      views: [...new Set([...first.views, ...finding.views])].sort((a, b) => viewRank(a) - viewRank(b)),
      aiScore: lesion.score,
    } satisfies Partial<DraftFinding>);
  }
  return merged;
}

/**
 * The reader's findings as report findings, right breast first (each breast in the reader's
 * order), one per lesion: kept marks of the two views that the model paired as one lesion are one
 * finding (see oneFindingPerLesion); the reader's own marks are one finding each. Laterality and
 * view come from the image the finding is marked on; an image without laterality leaves the
 * finding's breast unknown (null), which the physician must settle before signing. A diameter of 0
 * (a point marker) is "not measured". Throws ReportPrefillError for a finding on an image the exam
 * does not hold, or citing an AI lesion the exam does not hold.
 */
export function reportFindingsFrom(revision: ReaderRevision, exam: ExamFindings): DraftFinding[] {
  const aiLesions = aiLesionsByKey(exam);
  const examLesions = examLesionsByMarkKey(exam);
  const findings = revision.findings.map((finding) => {
    const image = exam.images.find(
      (candidate) => candidate.imageRef.sopInstanceUid === finding.sopInstanceUid,
    );
    if (!image)
      throw new ReportPrefillError(
        `finding "${finding.id}" is on image ${finding.sopInstanceUid}, which the AI findings of the exam do not hold`,
      );
    const ai = finding.aiLesionKey === null ? undefined : aiLesions.get(finding.aiLesionKey);
    if (finding.aiLesionKey !== null && !ai)
      throw new ReportPrefillError(
        `finding "${finding.id}" derives from AI lesion ${finding.aiLesionKey}, which the AI findings of the exam do not hold`,
      );
    const reported: DraftFinding = {
      id: finding.id,
      origin: originOf(finding, ai),
      laterality: image.laterality ?? null,
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
    const lesion = finding.aiLesionKey === null ? undefined : examLesions.get(finding.aiLesionKey);
    // Kept from one view of a lesion the model paired: the report says it is seen on both.
    if (lesion && reported.laterality !== null)
      reported.views = [...new Set([...reported.views, ...lesion.views])].sort(
        (a, b) => viewRank(a) - viewRank(b),
      );
    return { finding: reported, lesion };
  });
  const lesions = oneFindingPerLesion(findings);
  return [
    ...RIGHT_THEN_LEFT.flatMap((side) => lesions.filter((finding) => finding.laterality === side)),
    ...lesions.filter((finding) => finding.laterality === null),
  ];
}
