import type { ReportLocale } from '../model';

const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const pad = (value: number): string => String(value).padStart(2, '0');

/**
 * A calendar date (YYYY-MM-DD, as the report model keeps dates): "12/03/1970" in French,
 * "12 March 1970" in English, whose readers would take 03/12 for 12 March or 3 December.
 * Read from the text, not through Date, so that no time zone can move it by a day.
 */
export function calendarDate(locale: ReportLocale, isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return locale === 'fr'
    ? `${pad(day)}/${pad(month)}/${year}`
    : `${day} ${ENGLISH_MONTHS[month - 1]} ${year}`;
}

/** An instant as its UTC calendar date and 24-hour time ("14:05"), which the text labels "(UTC)". */
export function utcDateAndTime(locale: ReportLocale, isoDateTime: string): { date: string; time: string } {
  const instant = new Date(isoDateTime);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date and time: ${isoDateTime}`);
  const date = `${instant.getUTCFullYear()}-${pad(instant.getUTCMonth() + 1)}-${pad(instant.getUTCDate())}`;
  return {
    date: calendarDate(locale, date),
    time: `${pad(instant.getUTCHours())}:${pad(instant.getUTCMinutes())}`,
  };
}
