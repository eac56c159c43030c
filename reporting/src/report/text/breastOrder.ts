import type { BreastLaterality } from '../../findings/imageFindings';

/** Right breast before left: the order radiology reports read, and every list in the report follows. */
export const RIGHT_THEN_LEFT: readonly BreastLaterality[] = ['R', 'L'];
