/* eslint-disable @typescript-eslint/no-explicit-any */
import { createElement } from 'react';
import type { WorklistEntry } from '../api/bridgeApi';
import { formatDecimal, t } from '../i18n';
import { screeningCategoryStyle } from '../screeningCategoryStyle';

/** Column ids, also the worklist's sort key in the URL (?sortBy=sentinelleAi). */
export const AI_COLUMN = 'sentinelleAi';
export const AI_SCORE_COLUMN = 'sentinelleAiScore';

function statusCell(entry: WorklistEntry | null) {
  const badges: string[] = [];
  if (entry?.urgent) badges.push(t('urgent'));
  if (entry?.openConsultationsForMe) badges.push(t('consultationBadge'));
  const status = t(`status.${entry?.status ?? 'none'}`);
  // OHIF renders these elements with its own React: plain elements, no hooks.
  return createElement(
    'div',
    { className: 'truncate', 'data-testid': 'worklist-ai-status', 'data-status': entry?.status ?? 'none' },
    createElement('span', null, status),
    ...badges.map((badge) =>
      createElement(
        'span',
        {
          key: badge,
          style: { marginLeft: 6, padding: '0 4px', borderRadius: 3, background: '#7a1f1f', color: '#fff' },
        },
        badge,
      ),
    ),
  );
}

/** The screening category, the exam score 1–10 and the calibrated probability, e.g. "élevé 10/10 (0,87)". */
function scoreCell(entry: WorklistEntry | null) {
  if (entry?.malignancyScore == null)
    return createElement('div', { 'data-testid': 'worklist-ai-score' }, '—');
  const { category, examScore } = entry;
  return createElement(
    'div',
    { 'data-testid': 'worklist-ai-score', 'data-category': category ?? 'none', className: 'truncate' },
    category &&
      createElement(
        'span',
        { 'data-testid': 'worklist-ai-category', style: screeningCategoryStyle(category) },
        t(`category.${category}`),
      ),
    examScore !== null &&
      createElement(
        'span',
        {
          'data-testid': 'worklist-ai-exam-score',
          title: t('examScore'),
          style: { marginLeft: 6, ...(category ? screeningCategoryStyle(category) : {}) },
        },
        `${examScore}/10`,
      ),
    createElement(
      'span',
      {
        'data-testid': 'worklist-ai-malignancy-score',
        title: t('malignancyScore'),
        style: { marginLeft: 6 },
      },
      `(${formatDecimal(entry.malignancyScore, 2)})`,
    ),
  );
}

/**
 * Two worklist columns in front of OHIF's: the AI status (with urgent and consultation badges)
 * sorted by the bridge's worklist order, and the screening category with the exam score and the
 * calibrated probability (elevated in red and bold, likely normal calm), sorted by probability.
 */
export function getCustomizationModule() {
  return [
    {
      name: 'global',
      value: {
        'workList.columns': {
          $apply: (columns: any[] = []) => {
            const header = columns[0]?.header;
            return [
              {
                id: AI_COLUMN,
                accessorFn: (row: any) => row.sentinelleRank ?? 1_000_000,
                header,
                cell: ({ row }: any) => statusCell(row.original.sentinelle ?? null),
                meta: { label: t('aiColumn'), minWidth: 150, priority: 90 },
              },
              {
                id: AI_SCORE_COLUMN,
                accessorFn: (row: any) => row.sentinelle?.malignancyScore ?? -1,
                header,
                cell: ({ row }: any) => scoreCell(row.original.sentinelle ?? null),
                meta: { label: t('aiScoreColumn'), minWidth: 90, priority: 80 },
              },
              ...columns,
            ];
          },
        },
      },
    },
  ];
}

/** The worklist opens sorted by the AI column (urgent and elevated studies first) unless the URL says otherwise. */
export function sortWorklistByAiFirst(): void {
  const url = new URL(window.location.href);
  if (url.pathname !== '/' || url.searchParams.has('sortBy')) return;
  try {
    if (window.sessionStorage.getItem('studyList.tableState')) return;
  } catch {
    // no session storage: the URL decides
  }
  url.searchParams.set('sortBy', AI_COLUMN);
  url.searchParams.set('sortDirection', 'ascending');
  window.history.replaceState(window.history.state, '', url);
}
