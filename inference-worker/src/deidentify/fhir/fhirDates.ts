/**
 * FHIR date, dateTime and instant values moved by whole days, as the DICOM dates of the same
 * patient are (../dates.ts): the calendar date changes, the precision, the time of day and the zone
 * are kept. A value that is not a FHIR date is returned as null so the caller removes it.
 */
import { shiftDt } from '../dates';

const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(T.*)?$/;

export function shiftFhirDate(value: string, days: number): string | null {
  const match = FHIR_DATE.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, time = ''] = match;
  const shifted = shiftDt(`${year}${month ?? ''}${day ?? ''}`, days);
  if (shifted === null) return null;
  const parts = [shifted.slice(0, 4), shifted.slice(4, 6), shifted.slice(6, 8)].filter((p) => p !== '');
  return parts.join('-') + time;
}

/** The calendar date of a FHIR date or dateTime as DICOM DA (YYYYMMDD); null below day precision. */
export function dicomDateOf(value: string): string | null {
  const match = FHIR_DATE.exec(value.trim());
  return match?.[3] === undefined ? null : `${match[1]}${match[2]}${match[3]}`;
}

/** Ten-year age band ("40-49") at a date, from a birth date; null without both full dates. */
export function ageBandAt(birthDate: string, at: string): { low: number; high: number } | null {
  const birth = dicomDateOf(birthDate);
  const on = dicomDateOf(at);
  if (!birth || !on) return null;
  let years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  if (Number(on.slice(4)) < Number(birth.slice(4))) years -= 1;
  if (years < 0 || years > 150) return null;
  const low = Math.floor(years / 10) * 10;
  return { low, high: low + 9 };
}
