import { placeOnBreastAxis, projectionOf, type AxisPlacement, type Projection } from './breastAxis';
import { clockPosition, depthThird } from './clockFace';
import type { ExamLesion, LesionView } from './examLesion';
import type { BreastLaterality, ImageFindings } from './imageFindings';
import type { Lesion } from './lesion';
import { MM_DECIMALS, round } from './precision';

/**
 * How far apart the nipple distances of a CC mark and an MLO mark may be and still show one
 * lesion: max(15 mm, 25 % of the larger distance). The same lesion sits at nearly the same
 * distance from the nipple on both views, but compression differs between them; 15 mm covers
 * that near the nipple, 25 % deep in the breast, where a fixed margin would be too tight.
 * Without pixel spacing the distances are fractions of the breast's depth (nipple to chest wall),
 * and 15 mm becomes 0.15 of it (a typical compressed breast is about 10 cm deep).
 */
const TOLERANCE = { mm: 15, fraction: 0.15, relative: 0.25 } as const;

/** Nearer the nipple axis than this both ways (5 mm, or 5 % of the depth), a lesion has no hour. */
const CENTRAL = { mm: 5, fraction: 0.05 } as const;

// Right before left: the order radiology reports use; ids then follow the scores.
const LATERALITIES: readonly BreastLaterality[] = ['R', 'L'];

/** One view's mark, where it lies in its breast. */
interface Mark {
  readonly image: ImageFindings;
  readonly lesion: Lesion;
  readonly projection: Projection | null;
  readonly place: AxisPlacement | null;
}

type Unpaired = [Mark];
type Paired = [cc: Mark, mlo: Mark];

/**
 * The exam's lesions from its images' marks: in each breast, a CC mark and an MLO mark at the
 * same distance from the nipple (within TOLERANCE) are one lesion. Marks of the same type are
 * matched first, then the rest across types (a mass on one view may look like a cluster on the
 * other); within each pass the highest scores choose first. Marks that find no partner, on a view
 * we do not pair or where the nipple was not found, stay single-view lesions. Only marks at or
 * above the lesion operating point count; marks on images without laterality belong to no breast
 * and are left out. Ids L1, L2… follow the scores across the exam (right breast first on a tie).
 */
export function pairLesions(images: readonly ImageFindings[]): ExamLesion[] {
  const groups = LATERALITIES.flatMap((laterality) =>
    pairBreast(marksOf(images, laterality)).map((marks) => ({ laterality, marks })),
  );
  return groups
    .map(({ laterality, marks }) => examLesion(laterality, marks))
    .sort((a, b) => b.score - a.score)
    .map((lesion, index) => ({ ...lesion, id: `L${index + 1}` }));
}

function marksOf(images: readonly ImageFindings[], laterality: BreastLaterality): Mark[] {
  return images
    .filter((image) => image.laterality === laterality)
    .flatMap((image) =>
      image.lesions
        .filter((lesion) => lesion.aboveThreshold)
        .map((lesion) => ({
          image,
          lesion,
          projection: projectionOf(image.view),
          place: placeOnBreastAxis(image, lesion.centre),
        })),
    );
}

function pairBreast(marks: readonly Mark[]): (Paired | Unpaired)[] {
  const placed = (projection: Projection) =>
    marks.filter((mark) => mark.projection === projection && mark.place !== null);
  const candidates = placed('craniocaudal').flatMap((cc) =>
    placed('mediolateral').flatMap((mlo) => {
      const gap = nippleDistanceGap(cc.place!, mlo.place!);
      return gap === null ? [] : [{ cc, mlo, gap }];
    }),
  );
  const byScore = candidates.sort(
    (a, b) =>
      best(b) - best(a) ||
      Math.min(b.cc.lesion.score, b.mlo.lesion.score) - Math.min(a.cc.lesion.score, a.mlo.lesion.score) ||
      a.gap - b.gap,
  );
  const used = new Set<Mark>();
  const pairs: Paired[] = [];
  for (const sameTypeOnly of [true, false]) {
    for (const { cc, mlo } of byScore) {
      if (used.has(cc) || used.has(mlo)) continue;
      if (sameTypeOnly && cc.lesion.type !== mlo.lesion.type) continue;
      used.add(cc).add(mlo);
      pairs.push([cc, mlo]);
    }
  }
  const singles = marks.filter((mark) => !used.has(mark)).map((mark): Unpaired => [mark]);
  return [...pairs, ...singles];
}

function best(candidate: { cc: Mark; mlo: Mark }): number {
  return Math.max(candidate.cc.lesion.score, candidate.mlo.lesion.score);
}

/** |difference| of the two nipple distances, or null when it is beyond TOLERANCE. */
function nippleDistanceGap(cc: AxisPlacement, mlo: AxisPlacement): number | null {
  const inMm = cc.unit === 'mm' && mlo.unit === 'mm';
  const [a, b] = inMm ? [cc.fromNipple, mlo.fromNipple] : [fraction(cc), fraction(mlo)];
  const gap = Math.abs(a - b);
  const tolerance = Math.max(inMm ? TOLERANCE.mm : TOLERANCE.fraction, TOLERANCE.relative * Math.max(a, b));
  return gap <= tolerance ? gap : null;
}

function fraction(place: AxisPlacement): number {
  return place.fromNipple / place.nippleToChestWall;
}

/** The lesion without its id: score, size, shape and count from the better view (higher score). */
function examLesion(laterality: BreastLaterality, marks: Paired | Unpaired): Omit<ExamLesion, 'id'> {
  const better = marks.reduce((top, mark) => (mark.lesion.score > top.lesion.score ? mark : top));
  const places = marks.flatMap((mark) => (mark.place ? [mark.place] : []));
  const millimetres = places.filter((place) => place.unit === 'mm').map((place) => place.fromNipple);
  return {
    laterality,
    type: better.lesion.type,
    score: better.lesion.score,
    views: marks.map(lesionView),
    diameterMm: better.lesion.diameterMm,
    shape: better.lesion.shape,
    calcificationCount: better.lesion.calcificationCount,
    nippleDistanceMm: millimetres.length ? round(Math.max(0, mean(millimetres)), MM_DECIMALS) : null,
    clockPosition: marks.length === 2 ? hourOf(laterality, marks[0].place!, marks[1].place!) : null,
    depth: places.length ? depthThird(mean(places.map(fraction))) : null,
  };
}

function lesionView({ image, lesion }: Mark): LesionView {
  return { image: image.imageRef.name, view: image.view, mark: lesion.id };
}

/**
 * Medial or lateral from the CC view, superior or inferior from the MLO view. We assume the CC
 * view is displayed as screening hanging protocols show it, lateral side at the top of the image,
 * and the MLO view superior side up (true of every view we pair; the caudocranial "from below"
 * view, which is not, is not paired).
 */
function hourOf(laterality: BreastLaterality, cc: AxisPlacement, mlo: AxisPlacement): number | null {
  if (cc.unit === 'mm' && mlo.unit === 'mm')
    return clockPosition(laterality, cc.towardsTop, mlo.towardsTop, CENTRAL.mm);
  return clockPosition(
    laterality,
    cc.towardsTop / cc.nippleToChestWall,
    mlo.towardsTop / mlo.nippleToChestWall,
    CENTRAL.fraction,
  );
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
