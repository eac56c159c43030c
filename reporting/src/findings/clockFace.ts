import type { LesionDepth } from './examLesion';
import type { BreastLaterality } from './imageFindings';

/**
 * Where a lesion lies on the breast seen as a clock face, the examiner facing the patient: 12 is
 * superior, and lateral is 9 o'clock on the right breast, 3 o'clock on the left. `lateral` and
 * `superior` are the lesion's offsets from the nipple axis, in one unit for both (mm, or
 * fractions of the breast's depth). Null for a lesion on the axis itself (within `central` of it
 * both ways): a retroareolar lesion has no meaningful hour.
 */
export function clockPosition(
  laterality: BreastLaterality,
  lateral: number,
  superior: number,
  central: number,
): number | null {
  if (Math.abs(lateral) <= central && Math.abs(superior) <= central) return null;
  // The examiner's right: the left breast's lateral side, the right breast's medial side.
  const towardsExaminersRight = laterality === 'L' ? lateral : -lateral;
  const degreesFromTwelve = (Math.atan2(towardsExaminersRight, superior) * 180) / Math.PI;
  const hour = Math.round(degreesFromTwelve / 30);
  return ((hour % 12) + 12) % 12 || 12;
}

/** Thirds of the nipple-to-chest-wall distance, by the lesion's fraction of it from the nipple. */
export function depthThird(fractionFromNipple: number): LesionDepth {
  if (fractionFromNipple < 1 / 3) return 'anterior';
  if (fractionFromNipple < 2 / 3) return 'middle';
  return 'posterior';
}
