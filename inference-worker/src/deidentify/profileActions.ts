import type { DeidentificationProject } from './project';
import type { ProfileRow } from './profileTable';

/**
 * What the cleaner does with one attribute once the Basic Profile and the options this project
 * uses are combined (PS3.15 E.1.1 and the option columns of Table E.1-1):
 * - remove (X), empty (Z), dummy (D), uid (U: replaced by the keyed hash)
 * - uidSequence (U*: the sequence is kept and the UIDs inside it replaced)
 * - shift (a date moved by the patient's shift: Retain Longitudinal … Modified Dates, C)
 * - clean (Clean Descriptors, C: free text removed or replaced by a value built from codes)
 * - content (Clean Structured Content applied to the SR content tree: kept and cleaned item by item)
 * - keep (retained by an option: patient characteristics, device identity).
 */
export type ProfileAction =
  | 'remove'
  | 'empty'
  | 'dummy'
  | 'uid'
  | 'uidSequence'
  | 'shift'
  | 'clean'
  | 'content'
  | 'keep';

export interface ProfileOptions {
  readonly retainDeviceIdentity: boolean;
}

export function profileOptions(
  project: Pick<DeidentificationProject, 'retainDeviceIdentity'>,
): ProfileOptions {
  return { retainDeviceIdentity: project.retainDeviceIdentity === true };
}

export function effectiveAction(row: ProfileRow, options: ProfileOptions): ProfileAction {
  const has = (flag: ProfileRow['options'][number]) => row.options.includes(flag);
  if (has('PAT')) return 'keep';
  if (options.retainDeviceIdentity && has('DEV')) return 'keep';
  if (has('DATES')) return 'shift';
  if (has('STRUCT')) return 'content';
  // Retain Patient Characteristics cleans, rather than keeps, the free-text ones (allergies…).
  if (has('DESC') || has('PATC')) return 'clean';
  return basicAction(row.basic);
}

/**
 * The Basic Profile action alone. Where the table leaves the choice to the IOD's attribute type
 * (X/Z, X/D…) we take the one that keeps the file valid for any type: a dummy or an empty value
 * keeps a Type 1 or 2 attribute present, and neither holds the original value.
 */
export function basicAction(basic: ProfileRow['basic']): ProfileAction {
  switch (basic) {
    case 'X':
      return 'remove';
    case 'Z':
    case 'X/Z':
      return 'empty';
    // D wherever the IOD may make the attribute Type 1 (a SEG's Device Serial Number is).
    case 'D':
    case 'X/D':
    case 'Z/D':
    case 'X/Z/D':
      return 'dummy';
    case 'U':
      return 'uid';
    case 'X/Z/U*':
      return 'uidSequence';
  }
}

/** The dummy text written where the profile asks for D (and for cleaned SR text items). */
export const DUMMY_TEXT = 'ANONYMISED';
export const DUMMY_PERSON_NAME = 'ANONYMOUS';

/** A non-empty dummy consistent with the VR, or null where the VR needs no value of its own. */
export function dummyValue(vr: string): unknown[] | null {
  switch (vr) {
    case 'PN':
      return [{ Alphabetic: DUMMY_PERSON_NAME }];
    case 'AE':
    case 'CS':
    case 'LO':
    case 'LT':
    case 'SH':
    case 'ST':
    case 'UC':
    case 'UT':
      return [DUMMY_TEXT];
    case 'TM':
      return ['000000'];
    case 'DA':
      return ['19000101'];
    case 'DT':
      return ['19000101000000'];
    case 'IS':
    case 'DS':
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
      return [0];
    default:
      return null;
  }
}

/** CID 7050 "De-identification Method": the codes this cleaner states it applied. */
export const CID_7050 = {
  basicProfile: { value: '113100', meaning: 'Basic Application Confidentiality Profile' },
  cleanPixelData: { value: '113101', meaning: 'Clean Pixel Data Option' },
  cleanStructuredContent: { value: '113104', meaning: 'Clean Structured Content Option' },
  cleanDescriptors: { value: '113105', meaning: 'Clean Descriptors Option' },
  retainLongitudinalModifiedDates: {
    value: '113107',
    meaning: 'Retain Longitudinal Temporal Information Modified Dates Option',
  },
  retainPatientCharacteristics: { value: '113108', meaning: 'Retain Patient Characteristics Option' },
  retainDeviceIdentity: { value: '113109', meaning: 'Retain Device Identity Option' },
} as const;

export type MethodCode = (typeof CID_7050)[keyof typeof CID_7050];

/**
 * The options applied to one instance: Clean Pixel Data only where there were pixels to clean,
 * Clean Structured Content only where there was an SR content tree to clean item by item.
 */
export function methodCodes(
  options: ProfileOptions,
  applied: { readonly pixels: boolean; readonly structuredContent: boolean },
): MethodCode[] {
  return [
    CID_7050.basicProfile,
    ...(applied.pixels ? [CID_7050.cleanPixelData] : []),
    ...(applied.structuredContent ? [CID_7050.cleanStructuredContent] : []),
    CID_7050.cleanDescriptors,
    CID_7050.retainLongitudinalModifiedDates,
    CID_7050.retainPatientCharacteristics,
    ...(options.retainDeviceIdentity ? [CID_7050.retainDeviceIdentity] : []),
  ];
}
