import type { NaturalizedDataset } from 'dcmjs';
import type { CodedConcept } from './types';

/** A Code Sequence item (Basic Code Sequence macro). */
export function codeItem(concept: CodedConcept): NaturalizedDataset {
  return {
    CodeValue: concept.value,
    CodingSchemeDesignator: concept.scheme,
    ...(concept.version === undefined ? {} : { CodingSchemeVersion: concept.version }),
    CodeMeaning: concept.meaning,
  };
}

/** A one-item code sequence. */
export function codeSequence(concept: CodedConcept): NaturalizedDataset[] {
  return [codeItem(concept)];
}

/**
 * A number as a Decimal String: at most 16 characters, no loss for the values Sentinelle writes
 * (callers round first). Throws on NaN and infinities, which DS cannot hold.
 */
export function formatDs(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written as a DICOM DS`);
  const plain = String(value);
  if (plain.length <= 16) return plain;
  for (let digits = 15; digits >= 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
    const exponential = value
      .toExponential(digits - 1)
      .replace('e+', 'E')
      .replace('e', 'E');
    if (exponential.length <= 16) return exponential;
  }
  throw new RangeError(`${value} does not fit a DICOM DS`);
}

export { round } from '../findings/precision';

/** A "+HHMM"/"-HHMM" offset, as in Timezone Offset From UTC, to minutes east of UTC. */
export function parseTimezoneOffset(offset: string): number | null {
  const match = /^([+-])(\d{2})(\d{2})$/.exec(offset.trim());
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

export interface DicomDateTime {
  /** DA, YYYYMMDD. */
  readonly date: string;
  /** TM, HHMMSS.FFF. */
  readonly time: string;
  /** DT, YYYYMMDDHHMMSS.FFF&ZZXX. */
  readonly dateTime: string;
}

/**
 * An instant as DICOM DA, TM and DT in the given offset from UTC (minutes east), which is the
 * source study's Timezone Offset From UTC when it has one: the produced object then speaks the
 * same local time as the study it joins.
 */
export function dicomDateTime(instant: Date, offsetMinutes: number): DicomDateTime {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const date = `${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}`;
  const time =
    `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}` +
    `.${pad(local.getUTCMilliseconds(), 3)}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const zone = `${sign}${pad(Math.floor(absolute / 60))}${pad(absolute % 60)}`;
  return { date, time, dateTime: `${date}${time}${zone}` };
}
