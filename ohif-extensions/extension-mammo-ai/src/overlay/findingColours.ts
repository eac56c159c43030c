import type { LesionType } from '@sentinelle/reporting/findings';

/** One colour per finding type, in the overlay and the panel; the SEG's own colours agree (red, yellow). */
export const FINDING_COLOURS: Record<LesionType, string> = {
  mass: 'rgb(255, 80, 80)',
  calcifications: 'rgb(255, 220, 0)',
};

export function findingColour(type: LesionType): string {
  return FINDING_COLOURS[type];
}
