/* eslint-disable @typescript-eslint/no-explicit-any */
import { createElement, type CSSProperties } from 'react';
import { mountOwnReact } from '../ownReact';
import type { BridgeApi, WorklistEntry } from '../api/bridgeApi';
import { currentLanguage, formatDecimal, t, userMessage } from '../i18n';
import { LOG_TAG } from '../id';
import { screeningCategoryStyle } from '../screeningCategoryStyle';
import { apiRoots } from '../studySession';
import { refreshWorklist } from './liveWorklist';
import { CUSTOM_ROUTES } from '../routes/notFound';
import { UserMenu } from './UserMenu';
import {
  ageFilterMatches,
  scoreFilterMatches,
  textIncludes,
  wordsMatch,
  type StudyRow,
} from './worklistRows';
import './worklistStrings';

/** Column ids, also the worklist's sort key in the URL (?sortBy=sentinelleAi). */
export const AI_COLUMN = 'sentinelleAi';
export const AI_SCORE_COLUMN = 'sentinelleAiScore';
export const PRIORITY_COLUMN = 'sentinellePriority';
export const READ_STATUS_COLUMN = 'sentinelleReadStatus';
export const AGE_COLUMN = 'sentinelleAge';

/** OHIF's own column ids (ui-next StudyList COLUMN_IDS). */
const OHIF = {
  patient: 'patient',
  mrn: 'mrn',
  date: 'studyDateTime',
  modalities: 'modalities',
  description: 'description',
  accession: 'accession',
  instances: 'instances',
  actions: 'actions',
} as const;

/** A badge that never wraps nor shrinks: its whole text stays readable. */
const badge = (background: string): CSSProperties => ({
  display: 'inline-block',
  flexShrink: 0,
  whiteSpace: 'nowrap',
  marginLeft: 6,
  padding: '0 5px',
  borderRadius: 3,
  background,
  color: '#fff',
  fontSize: 12,
});

const entryOf = (row: any): WorklistEntry | undefined => (row?.original as StudyRow | undefined)?.sentinelle;

/** What the AI column says, as text: its filter matches it. */
function statusText(entry: WorklistEntry | undefined): string {
  if (!entry) return '';
  return [
    t(`status.${entry.status ?? 'none'}`),
    entry.urgent ? t('urgent') : '',
    ...consultationBadges(entry).map((b) => b.text),
  ].join(' ');
}

function consultationBadges(entry: WorklistEntry): { text: string; color: string; testId: string }[] {
  const { consultations: c } = entry;
  return [
    c.openForMe > 0 && {
      text: t('consultationFrom', { names: c.askedBy.join(', ') }),
      color: '#7a1f1f',
      testId: 'worklist-consultation-for-me',
    },
    c.mineAnswered > 0 && {
      text: t('consultationMineAnswered'),
      color: '#1f5a2e',
      testId: 'worklist-consultation-answered',
    },
    c.mineOpen > 0 && {
      text: t('consultationMineOpen'),
      color: '#4a4a4a',
      testId: 'worklist-consultation-pending',
    },
  ].filter((b): b is { text: string; color: string; testId: string } => Boolean(b));
}

/** The consultation badges first and whole (a long one wraps inside itself, never cut), then the analysis status. */
function statusCell(entry: WorklistEntry | undefined) {
  // OHIF renders these elements with its own React: plain elements, no hooks.
  return createElement(
    'div',
    {
      'data-testid': 'worklist-ai-status',
      'data-status': entry?.status ?? 'none',
      style: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', rowGap: 2 },
    },
    ...(entry ? consultationBadges(entry) : []).map((b) =>
      createElement(
        'span',
        {
          key: b.testId,
          'data-testid': b.testId,
          // Whole, within the cell: a long name wraps inside the badge rather than being cut.
          style: { ...badge(b.color), marginLeft: 0, marginRight: 6, whiteSpace: 'normal', maxWidth: '100%' },
        },
        b.text,
      ),
    ),
    createElement(
      'span',
      { key: 'status', style: { whiteSpace: 'nowrap' } },
      t(`status.${entry?.status ?? 'none'}`),
    ),
  );
}

/** The screening category, the exam score 1–10 and the calibrated probability, e.g. "élevé 10/10 (0,87)". */
function scoreCell(entry: WorklistEntry | undefined) {
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

function priorityText(entry: WorklistEntry | undefined): string {
  if (!entry) return '';
  return [entry.urgent ? t('urgent') : '', entry.priority ? t(`priority.${entry.priority}`) : ''].join(' ');
}

/** Flags the row's patient urgent (or clears it), then reads the list again: the study moves. */
async function toggleUrgent(api: BridgeApi, entry: WorklistEntry, servicesManager: any): Promise<void> {
  try {
    await api.flagUrgent(entry.patient, !entry.urgent);
    refreshWorklist();
  } catch (error) {
    console.warn(LOG_TAG, 'flagging urgent failed:', userMessage(error));
    servicesManager?.services?.uiNotificationService?.show?.({
      title: t('flagUrgent'),
      message: t('flagUrgentFailed', { message: userMessage(error) }),
      type: 'error',
    });
  }
}

/** "URGENT" for a flagged patient, the priority, and the flag button for whoever may flag. */
function priorityCell(row: StudyRow | undefined, api: () => BridgeApi, servicesManager: any) {
  const entry = row?.sentinelle;
  if (!entry) return createElement('div', null, '—');
  return createElement(
    'div',
    {
      'data-testid': 'worklist-priority',
      'data-urgent': String(entry.urgent),
      'data-priority': entry.priority ?? 'none',
      style: { display: 'flex', alignItems: 'center', gap: 4, whiteSpace: 'nowrap' },
    },
    row.sentinelleCanFlag &&
      createElement(
        'button',
        {
          type: 'button',
          'data-testid': 'worklist-flag-urgent',
          title: entry.urgent ? t('unflagUrgent') : t('flagUrgent'),
          'aria-label': entry.urgent ? t('unflagUrgent') : t('flagUrgent'),
          'aria-pressed': entry.urgent,
          onClick: (event: MouseEvent) => {
            event.stopPropagation();
            void toggleUrgent(api(), entry, servicesManager);
          },
          onDoubleClick: (event: MouseEvent) => event.stopPropagation(),
          style: {
            background: 'transparent',
            border: 'none',
            cursor: 'pointer',
            color: entry.urgent ? '#ff5c5c' : '#6d7f95',
            fontSize: 15,
            padding: 0,
          },
        },
        entry.urgent ? '⚑' : '⚐',
      ),
    entry.urgent || entry.priority === 'stat'
      ? createElement(
          'span',
          {
            'data-testid': 'worklist-urgent',
            title: entry.urgent ? t('urgent') : t('priority.stat'),
            style: badge(entry.urgent ? '#b3261e' : '#8a3a12'),
          },
          t('urgent'),
        )
      : entry.priority &&
          createElement('span', { style: { color: '#8fa3ba' } }, t(`priority.${entry.priority}`)),
  );
}

const READ_STATUS_COLORS: Record<string, string> = {
  toRead: '#d8e3f0',
  validated: '#9ecbff',
  reported: '#ffd479',
  signed: '#7ddc8f',
};

function readStatusCell(entry: WorklistEntry | undefined) {
  if (!entry) return createElement('div', null, '—');
  return createElement(
    'div',
    {
      'data-testid': 'worklist-read-status',
      'data-read-status': entry.readStatus,
      style: { whiteSpace: 'nowrap', color: READ_STATUS_COLORS[entry.readStatus] },
    },
    t(`readStatus.${entry.readStatus}`),
  );
}

const ageText = (entry: WorklistEntry | undefined) =>
  entry?.patient.age == null ? '' : t('ageYears', { age: entry.patient.age });

/** OHIF's actions column, with a "Read" link first; wide enough for both, never cut. */
function actionsColumn(original: any) {
  return {
    ...original,
    cell: (context: any) =>
      createElement(
        'div',
        { style: { display: 'flex', alignItems: 'center', gap: 4, whiteSpace: 'nowrap' } },
        createElement(
          'a',
          {
            href: `/mammo?StudyInstanceUIDs=${encodeURIComponent(context.row.original.studyInstanceUid)}`,
            'data-testid': 'worklist-open',
            title: t('openStudyTitle'),
            onClick: (event: MouseEvent) => event.stopPropagation(),
            style: { color: '#5acce6', textDecoration: 'underline' },
          },
          t('openStudy'),
        ),
        original.cell ? original.cell(context) : null,
      ),
    meta: {
      ...original.meta,
      headerClassName: 'w-[104px] min-w-[104px] max-w-[104px]',
      cellClassName: 'w-[104px] min-w-[104px] max-w-[104px] overflow-visible',
      minWidth: 104,
    },
  };
}

/** A column of ours: its value for sorting, its cell, its text filter. */
function column(
  id: string,
  label: string,
  header: unknown,
  options: {
    accessorFn: (row: StudyRow) => unknown;
    cell: (row: StudyRow | undefined) => unknown;
    filterFn: (row: any, filter: unknown) => boolean;
    minWidth: number;
    priority: number;
    sortingFn?: (a: any, b: any) => number;
  },
) {
  return {
    id,
    accessorFn: options.accessorFn,
    header,
    cell: ({ row }: any) => options.cell(row.original as StudyRow | undefined),
    filterFn: (row: any, _id: string, filter: unknown) => options.filterFn(row, filter),
    ...(options.sortingFn && { sortingFn: options.sortingFn }),
    meta: { label, minWidth: options.minWidth, priority: options.priority },
  };
}

/**
 * The study list as a reading list: the priority (urgent flag, with the button to flag a patient),
 * the AI status with the consultation badges, sorted by the bridge's order, the screening category
 * with the exam score and the probability, then OHIF's patient and MRN, the age, the date, the
 * description, the read status, the modalities and the accession number; every column's filter
 * works on what it shows (the score's takes a minimum score). The toolbar holds the user menu
 * (language, sign-out); in a study, OHIF's header menu opens the same menu.
 */
export function getCustomizationModule({ servicesManager, extensionManager }: any = {}) {
  const api = () => apiRoots(extensionManager).api;
  // One ref for every render: React calls it again only when its host element changes.
  const userMenuHost = mountUserMenu(api, false);
  const viewerMenuHost = mountUserMenu(api, true);
  // In a study, OHIF's header menu opens this in place of "About": the same menu, in a modal.
  const viewerUserMenu = Object.assign(
    () => createElement('div', { ref: viewerMenuHost, 'data-testid': 'viewer-user-menu-host' }),
    { menuTitle: t('userMenu'), title: t('userMenu'), containerClassName: 'max-w-md' },
  );
  return [
    {
      name: 'global',
      value: {
        'ohif.aboutModal': viewerUserMenu,
        // The worklist's settings menu: OHIF's preferences only. Its "About" would open the user
        // menu that the worklist's toolbar already shows, under OHIF's word for "About".
        'workList.settingsMenuItems': (defaults: { id: string }[]) =>
          defaults.filter((item) => item.id !== 'about'),
        'routes.customRoutes': CUSTOM_ROUTES,
        'ohif.dataSourceConfigurationComponent': () =>
          createElement('div', { ref: userMenuHost, 'data-testid': 'user-menu-host' }),
        'workList.columns': {
          $apply: (columns: any[] = []) => {
            const byId = new Map(columns.map((c) => [c.id, c]));
            const header = byId.get(OHIF.patient)?.header ?? columns[0]?.header;
            const ohif = (id: string, change: (c: any) => any = (c) => c) =>
              byId.has(id) ? [change(byId.get(id))] : [];
            const textFilter = (match: (text: string, filter: unknown) => boolean) => (c: any) => ({
              ...c,
              filterFn: (row: any, id: string, filter: unknown) =>
                match(String(row.getValue(id) ?? ''), filter),
            });
            const ours = [
              column(PRIORITY_COLUMN, t('priorityColumn'), header, {
                accessorFn: (row) =>
                  row.sentinelle?.urgent ? 0 : row.sentinelle?.priority === 'stat' ? 1 : 2,
                cell: (row) => priorityCell(row, api, servicesManager),
                filterFn: (row, filter) => textIncludes(priorityText(entryOf(row)), filter),
                minWidth: 110,
                priority: 95,
              }),
              column(AI_COLUMN, t('aiColumn'), header, {
                accessorFn: (row) => row.sentinelleRank ?? 1_000_000,
                cell: (row) => statusCell(row?.sentinelle),
                filterFn: (row, filter) => textIncludes(statusText(entryOf(row)), filter),
                minWidth: 170,
                priority: 92,
              }),
              column(AI_SCORE_COLUMN, t('aiScoreColumn'), header, {
                accessorFn: (row) => row.sentinelle?.malignancyScore ?? -1,
                cell: (row) => scoreCell(row?.sentinelle),
                filterFn: (row, filter) => {
                  const entry = entryOf(row);
                  return scoreFilterMatches(
                    entry,
                    entry?.category ? t(`category.${entry.category}`) : '',
                    filter,
                  );
                },
                minWidth: 170,
                priority: 88,
              }),
            ];
            const age = column(AGE_COLUMN, t('ageColumn'), header, {
              accessorFn: (row) => row.sentinelle?.patient.age ?? -1,
              cell: (row) =>
                createElement(
                  'div',
                  { 'data-testid': 'worklist-age', style: { whiteSpace: 'nowrap' } },
                  ageText(row?.sentinelle),
                ),
              filterFn: (row, filter) => ageFilterMatches(entryOf(row)?.patient.age, filter),
              minWidth: 64,
              priority: 90,
            });
            const readStatus = column(READ_STATUS_COLUMN, t('readStatusColumn'), header, {
              accessorFn: (row) =>
                ['toRead', 'validated', 'reported', 'signed'].indexOf(row.sentinelle?.readStatus),
              cell: (row) => readStatusCell(row?.sentinelle),
              filterFn: (row, filter) => {
                const entry = entryOf(row);
                return textIncludes(entry ? t(`readStatus.${entry.readStatus}`) : '', filter);
              },
              minWidth: 100,
              priority: 84,
            });
            // Narrower than OHIF's defaults, and kept by priority when the list is narrow: the
            // patient, our columns, MRN and age first; the date, modalities and accession last.
            const sized = (minWidth: number, priority: number) => (c: any) => ({
              ...c,
              meta: { ...c.meta, minWidth, priority, headerClassName: '', cellClassName: '' },
            });
            return [
              ...ours,
              ...ohif(OHIF.patient, (c) => named(OHIF.patient)(textFilter(wordsMatch)(sized(150, 100)(c)))),
              ...ohif(OHIF.mrn, (c) => named(OHIF.mrn)(textFilter(textIncludes)(sized(110, 91)(c)))),
              age,
              ...ohif(OHIF.date, (c) => named(OHIF.date)(studyDateColumn(sized(130, 70)(c)))),
              ...ohif(OHIF.description, (c) =>
                named(OHIF.description)(descriptionColumn(textFilter(textIncludes)(sized(170, 86)(c)))),
              ),
              readStatus,
              ...ohif(OHIF.modalities, (c) => named(OHIF.modalities)(sized(80, 60)(c))),
              ...ohif(OHIF.accession, (c) =>
                named(OHIF.accession)(textFilter(textIncludes)(sized(110, 50)(c))),
              ),
              // Instances: the bridge does not count them; the views are in the preview.
              ...columns.filter((c) => !Object.values(OHIF).includes(c.id)),
              ...ohif(OHIF.actions, actionsColumn),
            ];
          },
        },
      },
    },
  ];
}

/** OHIF's column, named in the reader's language. */
function named(id: string) {
  return (c: any) => ({ ...c, meta: { ...c.meta, label: t(`column.${id}`) } });
}

/** A DICOM date and time as French readers write them: 03/03/2025 09:30 (OHIF's own in English). */
export function frenchStudyDate(date: string | undefined, time: string | undefined): string {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date ?? '');
  if (!d) return '';
  const hm = /^(\d{2})(\d{2})/.exec(time ?? '');
  return `${d[3]}/${d[2]}/${d[1]}${hm ? ` ${hm[1]}:${hm[2]}` : ''}`;
}

/** The date column: dd/mm/yyyy HH:mm in French; OHIF's formatting in English. */
function studyDateColumn(c: any) {
  if (currentLanguage() !== 'fr') return c;
  return {
    ...c,
    cell: ({ row }: any) =>
      createElement(
        'div',
        { className: 'truncate', 'data-testid': 'worklist-study-date' },
        frenchStudyDate(row.original?.date, row.original?.time),
      ),
  };
}

/** The description, or a quiet "no description" in the reader's language. */
function descriptionColumn(c: any) {
  return {
    ...c,
    cell: ({ row }: any) => {
      const description = row.original?.description;
      return createElement(
        'div',
        { className: description ? '' : 'text-muted-foreground/40' },
        description || t('noDescription'),
      );
    },
  };
}

/** The user menu is ours (our React): OHIF renders only its host <div>. */
function mountUserMenu(api: () => BridgeApi, inline: boolean) {
  return mountOwnReact(UserMenu, () => ({ api: api(), inline }));
}

/** The worklist opens sorted by the AI column (the bridge's order) unless the URL says otherwise. */
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
