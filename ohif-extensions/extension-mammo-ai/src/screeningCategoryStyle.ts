import type { ScreeningCategory } from '@sentinelle/reporting/findings';
import type { CSSProperties } from 'react';

/**
 * How a screening category looks wherever it is shown (worklist, panel): elevated stands out in
 * red and bold, likely normal is calm, intermediate is plain text.
 */
export const SCREENING_CATEGORY_STYLES: Record<ScreeningCategory, CSSProperties> = {
  elevated: { color: '#ff6b6b', fontWeight: 600 },
  intermediate: { color: '#e8d9a0' },
  likelyNormal: { color: '#8fb8a0' },
};

export function screeningCategoryStyle(category: ScreeningCategory): CSSProperties {
  return SCREENING_CATEGORY_STYLES[category];
}
