import { createHmac } from 'node:crypto';
import type { DeidentificationProject } from './project';

/**
 * Pseudonyms from a keyed hash (HMAC-SHA-256 with the project's key): the same input gives the same
 * output in one project, another project (another key) gives unrelated outputs, and nothing can be
 * reversed or recomputed without the key. Each use has its own label so a UID and a patient ID
 * that happen to be equal never give related outputs.
 */
type Purpose = 'uid' | 'patient-id' | 'date-shift';

function digest(project: Pick<DeidentificationProject, 'key'>, purpose: Purpose, value: string): Buffer {
  return createHmac('sha256', project.key).update(`${purpose}\u0000${value}`, 'utf8').digest();
}

/** A UID -> `2.25.<decimal of the first 128 bits of the HMAC>` (PS3.5 B.2: a UUID-derived UID). */
export function pseudonymiseUid(project: Pick<DeidentificationProject, 'key'>, uid: string): string {
  const bits = digest(project, 'uid', uid.trim()).subarray(0, 16);
  return `2.25.${BigInt(`0x${bits.toString('hex')}`).toString(10)}`;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A patient ID -> `ANON-` and 16 base-32 characters (80 bits): fits LO and PN, reads aloud. */
export function pseudonymisePatientId(project: Pick<DeidentificationProject, 'key'>, id: string): string {
  const bytes = digest(project, 'patient-id', id.trim()).subarray(0, 10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 15; i >= 0; i--) out += BASE32[Number((bits >> BigInt(5 * i)) & 31n)];
  return `ANON-${out}`;
}

/** Earliest and latest shift, in days back: at least a year, at most about eleven. */
const MIN_SHIFT_DAYS = 365;
const SHIFT_SPAN_DAYS = 3650;

/**
 * One date shift per patient (Retain Longitudinal Temporal Information with Modified Dates): every
 * date of the patient moves back by the same whole number of days, so the interval between two
 * exams, and a time of day, are kept while the calendar dates are not.
 */
export function dateShiftDays(project: Pick<DeidentificationProject, 'key'>, patientKey: string): number {
  const n = digest(project, 'date-shift', patientKey.trim()).readUInt32BE(0);
  return -(MIN_SHIFT_DAYS + (n % SHIFT_SPAN_DAYS));
}
