/**
 * How a signed reading becomes training truth. Without a pathology outcome (none is recorded in
 * Sentinelle yet: issue 18), only the BI-RADS categories that state the truth themselves label a
 * breast: 1 (negative), 2 (benign finding) and 6 (known biopsy-proven malignancy). 0, 3, 4 and 5
 * call for more imaging, follow-up or a biopsy whose result is not recorded: such a breast waits
 * for its outcome rather than be labelled by a guess.
 */
import type { BiradsCategory, ReaderFinding, ReaderRegion } from '@sentinelle/reporting';
import type { TrainingLabel, TrainingMark } from './queueContract';

export function labelOfAssessment(assessment: BiradsCategory): TrainingLabel | undefined {
  if (assessment === '1') return 'normal';
  if (assessment === '2') return 'benign';
  if (assessment === '6') return 'malignant';
  return undefined;
}

/** The categories whose breasts can be exported today. */
export const LABELLED_ASSESSMENTS: readonly BiradsCategory[] = ['1', '2', '6'];

type Point = { readonly x: number; readonly y: number };

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** An ellipse given by its axes' ends, as 32 points around it. */
function ellipseOutline([a1, a2, b1, b2]: readonly [Point, Point, Point, Point]): Point[] {
  const centre = { x: (a1.x + a2.x) / 2, y: (a1.y + a2.y) / 2 };
  const major = { x: (a2.x - a1.x) / 2, y: (a2.y - a1.y) / 2 };
  const minorLength = distance(b1, b2) / 2;
  const majorLength = Math.hypot(major.x, major.y) || 1;
  const minor = { x: (-major.y / majorLength) * minorLength, y: (major.x / majorLength) * minorLength };
  return Array.from({ length: 32 }, (_, i) => {
    const t = (2 * Math.PI * i) / 32;
    return {
      x: centre.x + major.x * Math.cos(t) + minor.x * Math.sin(t),
      y: centre.y + major.y * Math.cos(t) + minor.y * Math.sin(t),
    };
  });
}

/** The mini-MIAS circle (centre, radius) and the outline of a reader's region. */
export function markGeometry(region: ReaderRegion): Pick<TrainingMark, 'centre' | 'radius' | 'outline'> {
  if (region.kind === 'point') return { centre: region.point, radius: null, outline: [] };
  const outline = region.kind === 'polygon' ? region.points : ellipseOutline(region.axes);
  const centre =
    region.kind === 'ellipse'
      ? { x: (region.axes[0].x + region.axes[1].x) / 2, y: (region.axes[0].y + region.axes[1].y) / 2 }
      : {
          x: outline.reduce((s, p) => s + p.x, 0) / outline.length,
          y: outline.reduce((s, p) => s + p.y, 0) / outline.length,
        };
  const radius = Math.max(...outline.map((p) => distance(p, centre)));
  return { centre, radius, outline: outline.map((p) => ({ x: p.x, y: p.y })) };
}

/**
 * The mini-MIAS abnormality of a reader's finding: calcifications are CALC; a mass is CIRC when
 * the report calls its margin circumscribed, SPIC when spiculated, MISC otherwise (the mass
 * channel takes all three alike).
 */
export function abnormalityOf(
  finding: Pick<ReaderFinding, 'type'>,
  margin: string | null,
): TrainingMark['abnormality'] {
  if (finding.type === 'calcifications') return 'CALC';
  if (margin === 'circumscribed') return 'CIRC';
  if (margin === 'spiculated') return 'SPIC';
  return 'MISC';
}
