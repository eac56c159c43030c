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

/** The time zone reports are dated in unless the site says otherwise. */
export const DEFAULT_REPORT_TIME_ZONE = 'Europe/Paris';

/** Whether `timeZone` is an IANA time zone this runtime knows ("Europe/Paris", "America/Martinique"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * An instant as the calendar date and 24-hour time on the clocks of `timeZone` (summer time
 * included), as a report states when it was signed: "24/11/2026" and "15h05" in French,
 * "24 November 2026" and "15:05" in English.
 */
export function localDateAndTime(
  locale: ReportLocale,
  isoDateTime: string,
  timeZone: string = DEFAULT_REPORT_TIME_ZONE,
): { date: string; time: string } {
  const instant = new Date(isoDateTime);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date and time: ${isoDateTime}`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  const date = calendarDate(locale, `${parts.year}-${parts.month}-${parts.day}`);
  return { date, time: locale === 'fr' ? `${parts.hour}h${parts.minute}` : `${parts.hour}:${parts.minute}` };
}

/** The offset from UTC of `timeZone` at `instant`, as DICOM writes it: "+0100", "+0200", "-0400". */
export function timeZoneOffset(timeZone: string, instant: Date): string {
  const zone = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(zone ?? '');
  if (!match) throw new RangeError(`no UTC offset for time zone ${timeZone}`);
  return match[1] ? `${match[1]}${match[2]}${match[3]}` : '+0000';
}
