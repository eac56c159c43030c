/**
 * What the worklist's search and its derived columns compute in clear, after the scope filter: the
 * text match on a patient's name and accession number (both sealed: nothing matches them in SQL),
 * and the patient's age at the exam. Pure functions, tested without a database.
 */
import { wordsBeginWords } from '@sentinelle/reporting/text';

/**
 * A name matches when each word of the search begins one of its words (wordsBeginWords); an empty
 * search matches no name.
 */
export function nameMatches(name: string | null, words: readonly string[]): boolean {
  return name !== null && words.length > 0 && wordsBeginWords(name, words);
}

/** An accession number matches the whole search, ignoring case and spaces around it. */
export function accessionMatches(accession: string | null, text: string): boolean {
  return accession !== null && accession.trim().toLowerCase() === text.trim().toLowerCase();
}

/**
 * Age in whole years on `at` (ISO date YYYY-MM-DD) of a patient born on `birthDate` (DICOM DA,
 * YYYYMMDD); null when either is missing or not a date, or the birth is after `at`.
 */
export function ageOn(birthDate: string | null, at: string | null): number | null {
  const birth = birthDate?.match(/^(\d{4})(\d{2})(\d{2})$/);
  const on = at?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!birth || !on) return null;
  const [by, bm, bd] = birth.slice(1).map(Number) as [number, number, number];
  const [y, m, d] = on.slice(1).map(Number) as [number, number, number];
  if (bm < 1 || bm > 12 || bd < 1 || bd > 31) return null;
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age >= 0 && age < 150 ? age : null;
}

/** Today's date (UTC) as YYYY-MM-DD: the age of a patient whose exam has no date. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}
