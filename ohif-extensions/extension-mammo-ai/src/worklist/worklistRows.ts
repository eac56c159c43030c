/**
 * The bridge's worklist as OHIF's study list reads it: one row per study, with the fields OHIF's
 * own columns show (patient, MRN, date, description, modalities, accession) and ours under
 * `sentinelle`. The text filters of our columns work on what the cells show. Pure functions.
 */
import { foldText, searchWords, wordsBeginWords } from '@sentinelle/reporting/text';
import type { WorklistEntry, WorklistSearch } from '../api/worklistSchema';

/** An OHIF study list row. */
export interface StudyRow {
  readonly studyInstanceUid: string;
  /** DICOM DA (YYYYMMDD): OHIF's date column formats it and its date filter compares it. */
  readonly date: string;
  readonly time: string;
  readonly accession: string;
  readonly mrn: string;
  readonly patientName: string;
  readonly description: string;
  /** As QIDO gives them, backslash-separated: the modes' isValidMode splits them. */
  readonly modalities: string;
  readonly instances: number;
  readonly sentinelle: WorklistEntry;
  /** Position in the bridge's order (urgent, consultations for me, category, probability). */
  readonly sentinelleRank: number;
  /** The signed-in user may flag the patient urgent (patient:write). */
  readonly sentinelleCanFlag: boolean;
}

/** "LEFÈVRE^Anne-Marie" → "LEFÈVRE, Anne-Marie", as OHIF shows a DICOM PN. */
export function formatPersonName(name: string | null): string {
  if (!name) return '';
  const [family = '', given = '', ...rest] = name.split('^');
  return [family, [given, ...rest].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

export function toStudyRow(entry: WorklistEntry, rank: number, canFlag: boolean): StudyRow {
  return {
    studyInstanceUid: entry.studyInstanceUid,
    date: entry.studyDate?.replace(/-/g, '') ?? '',
    time: '',
    accession: entry.accessionNumber ?? '',
    mrn: entry.patient.patientId,
    patientName: formatPersonName(entry.patient.name),
    description: entry.description ?? '',
    modalities: entry.modalities.join('\\'),
    instances: entry.views.length,
    sentinelle: entry,
    sentinelleRank: rank,
    sentinelleCanFlag: canFlag,
  };
}

/** OHIF's search filters (patientName, patientId = MRN, accessionNumber) as the bridge's searches. */
export function worklistSearchOf(filters: Record<string, unknown> | undefined): WorklistSearch {
  const text = (key: string) => {
    const value = filters?.[key];
    const trimmed = typeof value === 'string' ? value.replace(/\*/g, ' ').trim() : '';
    return trimmed === '' ? undefined : trimmed;
  };
  return { name: text('patientName'), patientId: text('patientId'), accession: text('accessionNumber') };
}

/** Each word of the filter begins a word of the text (the bridge's name search does the same). */
export function wordsMatch(text: string, filter: unknown): boolean {
  return wordsBeginWords(text, searchWords(String(filter ?? '')));
}

/** The text contains the filter, whatever the case and accents. */
export function textIncludes(text: string, filter: unknown): boolean {
  const wanted = foldText(String(filter ?? ''));
  return wanted === '' || foldText(text).includes(wanted);
}

/**
 * The score column's filter: a number N keeps exams scored N/10 or more; text keeps those whose
 * category contains it ("élevé", "normal").
 */
export function scoreFilterMatches(
  entry: WorklistEntry | undefined,
  categoryLabel: string,
  filter: unknown,
): boolean {
  const wanted = String(filter ?? '').trim();
  if (wanted === '') return true;
  if (/^\d{1,2}$/.test(wanted)) return (entry?.examScore ?? 0) >= Number(wanted);
  return textIncludes(categoryLabel, wanted);
}

/** The age column's filter: "54" exactly, "50-60" a range, ">70" or "<40". */
export function ageFilterMatches(age: number | null | undefined, filter: unknown): boolean {
  const wanted = String(filter ?? '').replace(/\s/g, '');
  if (wanted === '') return true;
  if (age == null) return false;
  const range = wanted.match(/^(\d+)-(\d+)$/);
  if (range) return age >= Number(range[1]) && age <= Number(range[2]);
  const bound = wanted.match(/^([<>])(\d+)$/);
  if (bound) return bound[1] === '>' ? age > Number(bound[2]) : age < Number(bound[2]);
  return /^\d+$/.test(wanted) ? age === Number(wanted) : false;
}
