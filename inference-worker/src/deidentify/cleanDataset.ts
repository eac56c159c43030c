import type { DenaturalizedDataset, DicomElement } from 'dcmjs';
import { isTextContentItem, textItemRule } from './contentItems';
import { shiftDa, shiftDt } from './dates';
import { identifyingValuesIn, TEXT_VRS, valueText, type IdentifyingValues } from './identifyingValues';
import {
  DUMMY_TEXT,
  dummyValue,
  effectiveAction,
  type ProfileAction,
  type ProfileOptions,
} from './profileActions';
import { isPrivateTag, isRepeatingGroup, profileRow } from './profileTable';

/** What the cleaner needs about one instance: how to replace, shift and recognise. */
export interface CleaningContext {
  readonly options: ProfileOptions;
  readonly replaceUid: (uid: string) => string;
  readonly shiftDays: number;
  readonly patientPseudonym: string;
  readonly identifying: IdentifyingValues;
  /** Tags the project asks to keep verbatim (verified like any other afterwards). */
  readonly keep: ReadonlySet<string>;
}

const PATIENT_NAME = '00100010';
const PATIENT_ID = '00100020';
const TEXT_VALUE = '0040A160';

/**
 * Applies PS3.15 Table E.1-1 with the project's options to a data set, recursively: every
 * attribute listed gets its action; every other attribute is kept, except that wherever it
 * stands a private element or an overlay/curve group is removed, a person name is emptied, a date
 * is shifted, a UID the profile replaces elsewhere in the instance is replaced the same way, and
 * free text carrying a source identifying value is emptied. Returns a new data set.
 */
export function cleanDataset(dataset: DenaturalizedDataset, context: CleaningContext): DenaturalizedDataset {
  const out: DenaturalizedDataset = {};
  for (const [rawTag, element] of Object.entries(dataset)) {
    const tag = rawTag.toUpperCase();
    if (context.keep.has(tag)) {
      out[tag] = element;
      continue;
    }
    if (isPrivateTag(tag) || isRepeatingGroup(tag, 0x6000) || isRepeatingGroup(tag, 0x5000)) continue;
    // Group lengths (gggg,0000, retired) would no longer match the cleaned group.
    if (tag.endsWith('0000')) continue;
    const row = profileRow(tag);
    const action = row ? effectiveAction(row, context.options) : 'keep';
    // Clean Descriptors removes free text; a Type 1 or 2 descriptor (Z or D in the table) stays, empty.
    const cleaned =
      action === 'clean'
        ? row?.basic === 'X'
          ? null
          : { vr: element.vr, Value: [] }
        : applyAction(tag, element, action, context);
    if (cleaned) out[tag] = cleaned;
  }
  if (isTextContentItem(out)) cleanTextItem(out, context);
  return out;
}

function applyAction(
  tag: string,
  element: DicomElement,
  action: ProfileAction,
  context: CleaningContext,
): DicomElement | null {
  const { vr } = element;
  switch (action) {
    case 'remove':
      return null;
    case 'empty':
      if (tag === PATIENT_ID) return { vr, Value: [context.patientPseudonym] };
      if (tag === PATIENT_NAME) return { vr, Value: [{ Alphabetic: context.patientPseudonym }] };
      return { vr, Value: [] };
    case 'dummy': {
      if (vr === 'SQ') return cleanSequence(element, context);
      if (vr === 'DA' || vr === 'DT') return shiftDates(element, context);
      if (vr === 'UI') return replaceUids(element, context);
      const dummy = dummyValue(vr);
      return dummy ? { vr, Value: dummy } : null;
    }
    case 'uid':
      return vr === 'UI' ? replaceUids(element, context) : null;
    case 'uidSequence':
    case 'content':
      return vr === 'SQ' ? cleanSequence(element, context) : null;
    case 'shift':
      return vr === 'DA' || vr === 'DT'
        ? shiftDates(element, context)
        : keepWithSafetyRules(element, context);
    case 'clean':
      return null; // handled by the caller, which knows the row
    case 'keep':
      return keepWithSafetyRules(element, context);
  }
}

/** An attribute the table keeps (or does not list): the rules that hold wherever it stands. */
function keepWithSafetyRules(element: DicomElement, context: CleaningContext): DicomElement | null {
  const { vr } = element;
  if (vr === 'SQ') return cleanSequence(element, context);
  if (vr === 'PN') return { vr, Value: [] };
  if (vr === 'DA' || vr === 'DT') return shiftDates(element, context);
  if (vr === 'UI') {
    const values = element.Value ?? [];
    const replaces = values.some((v) => typeof v === 'string' && context.identifying.uids.has(v.trim()));
    return replaces ? replaceUids(element, context) : element;
  }
  if (TEXT_VRS.has(vr) && carriesIdentifyingValue(element, context)) return { vr, Value: [] };
  return element;
}

function cleanSequence(element: DicomElement, context: CleaningContext): DicomElement {
  const items = (element.Value ?? []) as DenaturalizedDataset[];
  return { vr: 'SQ', Value: items.map((item) => cleanDataset(item, context)) };
}

function replaceUids(element: DicomElement, context: CleaningContext): DicomElement {
  const values = (element.Value ?? []).map((v) =>
    typeof v === 'string' && v.trim() ? context.replaceUid(v) : v,
  );
  return { vr: element.vr, Value: values };
}

/** Every date moved by the patient's shift; a value that is not a date is dropped, not kept. */
function shiftDates(element: DicomElement, context: CleaningContext): DicomElement {
  const shift = element.vr === 'DA' ? shiftDa : shiftDt;
  const values = (element.Value ?? [])
    .map((v) => (typeof v === 'string' && v.trim() ? shift(v, context.shiftDays) : null))
    .filter((v): v is string => v !== null);
  return { vr: element.vr, Value: values };
}

function carriesIdentifyingValue(element: DicomElement, context: CleaningContext): boolean {
  return (element.Value ?? []).some((v) => identifyingValuesIn(valueText(v), context.identifying).length > 0);
}

/** A TEXT content item keeps machine-written text without identity; anything else gets a dummy. */
function cleanTextItem(item: DenaturalizedDataset, context: CleaningContext): void {
  const element = item[TEXT_VALUE];
  if (!element) return;
  const rule = textItemRule(item);
  const keeps =
    (rule === 'machine' || (rule === 'device' && context.options.retainDeviceIdentity)) &&
    !carriesIdentifyingValue(element, context);
  if (!keeps) item[TEXT_VALUE] = { vr: element.vr, Value: [DUMMY_TEXT] };
}
