/**
 * labels.csv of an export, in the mini-MIAS layout `prepare:training` reads (readMiasLabels): one
 * row per lesion mark, NORM for an image without one. Sentinelle's columns follow the layout's:
 * `birads` (the final reading of the image's breast), `outline` (the mark as drawn, `x y` pairs
 * joined by `;`, original pixels), `origin` (`reader` or `model:<id>@<version>`) and `density`
 * (the report's ACR breast composition, a–d). `tissue` holds mini-MIAS's background tissue letter
 * from that composition (F fatty: a; G fatty-glandular: b; D dense-glandular: c and d), so that the
 * reader's column means the same in every dataset; `density` keeps the four ACR categories. Coordinates are
 * the original image's pixels, origin top-left: de-identification never moves pixels.
 */
import type { TrainingBreast, TrainingLabel, TrainingMark } from '@sentinelle/orthanc-bridge';

export const LABELS_COLUMNS = [
  'image',
  'patient',
  'label',
  'tissue',
  'abnormality',
  'severity',
  'x',
  'y',
  'radius',
  'birads',
  'outline',
  'origin',
  'density',
] as const;

/** ACR composition -> mini-MIAS tissue letter (c and d are both dense-glandular there). */
const MIAS_TISSUE = { a: 'F', b: 'G', c: 'D', d: 'D' } as const;

/** One exported image: where it was written and whose breast it shows. */
export interface ExportedImage {
  /** Path relative to the export folder. */
  readonly path: string;
  readonly patientPseudonym: string;
  /** The image's SOP Instance UID before de-identification: the marks name it. */
  readonly originalSopInstanceUid: string;
  readonly breast: TrainingBreast;
  /** The final reading's ACR breast composition; null when the report gives none. */
  readonly composition: 'a' | 'b' | 'c' | 'd' | null;
}

const coordinate = (v: number) => String(Math.round(v * 10) / 10);

function origin(mark: TrainingMark): string {
  return mark.origin.kind === 'reader'
    ? 'reader'
    : `model:${mark.origin.modelId}@${mark.origin.modelVersion}`;
}

/** A lesion's severity is its breast's label; a normal breast keeps no lesion row. */
function severity(label: TrainingLabel): 'benign' | 'malignant' | undefined {
  return label === 'normal' ? undefined : label;
}

/** The file's text, and how many marks were left out (on a breast read as normal: BI-RADS 1). */
export function labelsCsv(
  images: readonly ExportedImage[],
  marks: readonly TrainingMark[],
): { text: string; rows: number; marksLeftOut: number } {
  const lines: string[] = [LABELS_COLUMNS.join(',')];
  let marksLeftOut = 0;
  for (const image of images) {
    const { label, assessment } = image.breast;
    const own = marks.filter((m) => m.sopInstanceUid === image.originalSopInstanceUid);
    const lesionSeverity = severity(label);
    const { composition } = image;
    const base = [image.path, image.patientPseudonym, label, composition ? MIAS_TISSUE[composition] : ''];
    const density = composition ?? '';
    if (own.length === 0 || lesionSeverity === undefined) {
      marksLeftOut += own.length;
      lines.push([...base, 'NORM', '', '', '', '', assessment, '', '', density].join(','));
      continue;
    }
    for (const mark of own)
      lines.push(
        [
          ...base,
          mark.abnormality,
          lesionSeverity,
          coordinate(mark.centre.x),
          coordinate(mark.centre.y),
          mark.radius === null ? '' : coordinate(mark.radius),
          assessment,
          mark.outline.map((p) => `${coordinate(p.x)} ${coordinate(p.y)}`).join(';'),
          origin(mark),
          density,
        ].join(','),
      );
  }
  return { text: `${lines.join('\n')}\n`, rows: lines.length - 1, marksLeftOut };
}
