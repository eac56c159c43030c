import type { DenaturalizedDataset, DicomElement } from 'dcmjs';
import {
  attributeLabel,
  identifyingValuesIn,
  TEXT_VRS,
  valueText,
  type IdentifyingValues,
} from '../identifyingValues';
import { DUMMY_PERSON_NAME, DUMMY_TEXT, effectiveAction, type ProfileOptions } from '../profileActions';
import { isPrivateTag, isRepeatingGroup, profileRow } from '../profileTable';
import type { Finding } from './report';

export interface AttributeCheckContext {
  readonly options: ProfileOptions;
  readonly identifying: IdentifyingValues;
  /** Source date values by tag: a date left at one of them was not shifted. */
  readonly sourceDates: ReadonlyMap<string, ReadonlySet<string>>;
  readonly patientPseudonym: string;
}

const PSEUDONYM_TAGS = new Set(['00100010', '00100020']);

/**
 * Every attribute of a de-identified data set, at every depth, against Table E.1-1 with the
 * project's options: an X attribute present, a Z attribute with a value, a D attribute with a
 * real one, a U attribute still holding a source UID, a date not shifted, a private or overlay
 * element, a person name, or any string carrying a source identifying value is a finding.
 * Attributes the project keeps on purpose are checked like the others: keeping one the profile
 * removes (a birth date, say) fails the set, whatever its value, so a release never rests on a
 * judgement the value scan cannot make (dates and codes are not scanned).
 */
export function checkAttributes(
  dataset: DenaturalizedDataset,
  context: AttributeCheckContext,
): { findings: Finding[]; checked: number } {
  const findings: Finding[] = [];
  let checked = 0;
  const walk = (ds: DenaturalizedDataset, path: string) => {
    for (const [rawTag, element] of Object.entries(ds)) {
      const tag = rawTag.toUpperCase();
      const row = profileRow(tag);
      const where = `${path}${attributeLabel(tag, row?.name)}`;
      checked += 1;
      const add = (check: Finding['check'], message: string) =>
        findings.push({ check, attribute: where, message });
      scanValues(element, context, add);
      if (element.vr === 'SQ') {
        (element.Value ?? []).forEach((item, i) =>
          walk(item as DenaturalizedDataset, `${where}[${i + 1}] > `),
        );
      }
      if (isPrivateTag(tag)) {
        add('private', 'private element left in the output');
        continue;
      }
      if (isRepeatingGroup(tag, 0x6000) || isRepeatingGroup(tag, 0x5000)) {
        add('overlay', 'overlay or curve element left in the output (it can hold burned-in marks)');
        continue;
      }
      if (element.vr === 'PN' && !isAllowedName(tag, element, context)) {
        add('person-name', 'a person name is left (only the pseudonym or an empty value may stand)');
      }
      if (row) checkRow(tag, element, effectiveAction(row, context.options), row.basic, context, add);
      else if (element.vr === 'DA' || element.vr === 'DT') checkShifted(tag, element, context, add);
    }
  };
  walk(dataset, '');
  return { findings, checked };
}

function checkRow(
  tag: string,
  element: DicomElement,
  action: ReturnType<typeof effectiveAction>,
  basic: string,
  context: AttributeCheckContext,
  add: (check: Finding['check'], message: string) => void,
): void {
  // A zero-length value reads back as [''] (or [] for a sequence).
  const values = (element.Value ?? []).filter(
    (v) => element.vr === 'SQ' || typeof v === 'number' || valueText(v).trim() !== '',
  );
  switch (action) {
    case 'remove':
      add('profile', `present, where the profile removes it (${basic})`);
      return;
    case 'empty':
      if (values.length > 0 && !(PSEUDONYM_TAGS.has(tag) && isPseudonym(values, context))) {
        add('profile', `holds a value, where the profile empties it (${basic})`);
      }
      return;
    case 'dummy':
      if (element.vr === 'DA' || element.vr === 'DT') checkShifted(tag, element, context, add);
      else if (element.vr !== 'SQ' && element.vr !== 'UI' && !values.every(isDummy)) {
        add('profile', `holds a real value, where the profile asks for a dummy (${basic})`);
      }
      return;
    case 'uid':
      for (const value of values) {
        if (typeof value !== 'string' || !value.startsWith('2.25.') || context.identifying.uids.has(value)) {
          add('uid', 'holds a UID that was not replaced by the project key');
        }
      }
      return;
    case 'uidSequence':
    case 'content':
      if (element.vr !== 'SQ') add('profile', 'expected a sequence');
      return;
    case 'shift':
      if (element.vr === 'DA' || element.vr === 'DT') checkShifted(tag, element, context, add);
      return;
    case 'clean':
      if (values.length > 0)
        add('profile', `free-text descriptor left, where Clean Descriptors removes it (${basic})`);
      return;
    case 'keep':
      return;
  }
}

function checkShifted(
  tag: string,
  element: DicomElement,
  context: AttributeCheckContext,
  add: (check: Finding['check'], message: string) => void,
): void {
  const source = context.sourceDates.get(tag);
  if (!source) return;
  for (const value of element.Value ?? []) {
    if (typeof value === 'string' && source.has(value.trim().slice(0, 8)))
      add('date', 'a date was not shifted');
  }
}

/** Source identifying values anywhere in the strings, and source UIDs anywhere in the UIDs. */
function scanValues(
  element: DicomElement,
  context: AttributeCheckContext,
  add: (check: Finding['check'], message: string) => void,
): void {
  if (element.vr === 'UI') {
    for (const value of element.Value ?? []) {
      if (typeof value === 'string' && context.identifying.uids.has(value.trim())) {
        add('uid', 'holds a source UID that the profile replaces');
      }
    }
    return;
  }
  if (!TEXT_VRS.has(element.vr)) return;
  for (const value of element.Value ?? []) {
    for (const source of identifyingValuesIn(valueText(value), context.identifying)) {
      add('identifying-value', `contains the source's ${source}`);
    }
  }
}

function isPseudonym(values: readonly unknown[], context: AttributeCheckContext): boolean {
  return values.every((v) => valueText(v).trim() === context.patientPseudonym);
}

function isAllowedName(tag: string, element: DicomElement, context: AttributeCheckContext): boolean {
  const values = element.Value ?? [];
  if (values.every((v) => valueText(v).trim() === '')) return true;
  if (PSEUDONYM_TAGS.has(tag) && isPseudonym(values, context)) return true;
  return values.every((v) => valueText(v).trim() === DUMMY_PERSON_NAME);
}

function isDummy(value: unknown): boolean {
  const text = valueText(value).trim();
  return (
    text === '' ||
    text === DUMMY_TEXT ||
    text === DUMMY_PERSON_NAME ||
    text === '0' ||
    value === 0 ||
    text === '000000'
  );
}
