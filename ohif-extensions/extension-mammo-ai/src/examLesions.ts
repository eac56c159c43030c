import {
  lesionKey,
  type ExamFindings,
  type ExamLesion,
  type ImageFindings,
  type Lesion,
} from '@sentinelle/reporting/findings';
import { t } from './hangingProtocols/viewingStrings';

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

const KNOWN_VIEWS: ReadonlySet<string> = new Set(['CC', 'MLO']);

/** A view in the reader's language: "OML" in French, "MLO" in English ("?" when unknown). */
export function viewWord(view: string | null | undefined): string {
  if (!view) return '?';
  return KNOWN_VIEWS.has(view) ? t(`view.name.${view}`) : view;
}

/**
 * An image's breast and view as readers name it, in their language: "CC droite", "OML gauche" in
 * French, "RCC", "LMLO" in English ("?" for what is unknown).
 */
export function viewName(image: Pick<ImageFindings, 'laterality' | 'view'>): string {
  if (image.laterality && image.view && KNOWN_VIEWS.has(image.view))
    return t(`view.${image.view}.${image.laterality}`);
  return `${image.laterality ?? '?'}${image.view ?? '?'}`;
}

/**
 * "CC droite + OML droite · L1" in French, "RCC + RMLO · L1" in English: the lesion with the
 * views it is marked on, the better first.
 */
export function lesionName({ lesion, marks }: LesionRow): string {
  const views =
    marks.length > 0 ? marks.map((m) => viewName(m.image)) : lesion.views.map((v) => viewWord(v.view));
  return `${views.join(' + ')} · ${lesion.id}`;
}

/** What the viewer needs of the study's reading to know the reader's latest decision. */
export interface ReadingDecisions {
  readonly validations: readonly {
    readonly createdAt: string;
    readonly lesions: readonly { readonly lesionKey: string; readonly agree: boolean }[];
  }[];
  readonly revisions: readonly {
    readonly createdAt: string;
    readonly revisionNumber: number;
    readonly findings?: readonly { readonly aiLesionKey: string | null }[] | undefined;
  }[];
}

/**
 * The AI marks the reader rejected in her latest decision, by mark key: in a revision (the newest
 * by number), every mark of a lesion none of whose marks she kept; in a validation (when newer
 * than the latest revision), every mark of a lesion she disagreed with. A lesion is one decision:
 * rejecting it on one view rejects it on both. Empty before any decision.
 */
export function rejectedMarkKeys(findings: ExamFindings, reading: ReadingDecisions): Set<string> {
  const revision = [...reading.revisions].sort((a, b) => b.revisionNumber - a.revisionNumber)[0];
  const validation = [...reading.validations].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  let isRejected: (keys: readonly string[]) => boolean;
  if (validation && (!revision || validation.createdAt > revision.createdAt)) {
    const disagreed = new Set(validation.lesions.filter((l) => !l.agree).map((l) => l.lesionKey));
    isRejected = (keys) => keys.some((key) => disagreed.has(key));
  } else if (revision) {
    const kept = new Set((revision.findings ?? []).map((f) => f.aiLesionKey).filter((k) => k !== null));
    isRejected = (keys) => !keys.some((key) => kept.has(key));
  } else {
    return new Set();
  }
  const rejected = new Set<string>();
  for (const { marks } of lesionRows(findings)) {
    const keys = marks.map((m) => m.key);
    if (keys.length > 0 && isRejected(keys)) keys.forEach((key) => rejected.add(key));
  }
  return rejected;
}
