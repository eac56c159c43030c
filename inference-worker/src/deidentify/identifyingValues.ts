import type { DenaturalizedDataset } from 'dcmjs';
import { effectiveAction, type ProfileOptions } from './profileActions';
import { isPrivateTag, profileRow } from './profileTable';

/**
 * The identifying values of a source instance: the text of every attribute the profile does not
 * keep (names, IDs, accession, institution, physicians, descriptions…), its dates, and the UIDs
 * the profile replaces. The cleaner scrubs kept free text that carries one of them (a detector's
 * serial number inside Detector Description, a name typed into a comment) and the verification
 * looks for every one of them in every string of the output.
 */
export interface IdentifyingValues {
  /**
   * Normalised (see `normalise`) text values, each matched as whole words, with the source
   * attribute each came from: findings name that attribute, never the value itself.
   */
  readonly texts: ReadonlyMap<string, string>;
  readonly uids: ReadonlySet<string>;
}

/** VRs whose values are free or semi-free text a person could have typed an identity into. */
export const TEXT_VRS: ReadonlySet<string> = new Set(['AE', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

/** Shorter values ("F", "1", "L") are not identifying and would match everywhere. */
const MIN_TEXT_LENGTH = 3;

export function collectIdentifyingValues(
  dataset: DenaturalizedDataset,
  options: ProfileOptions,
): IdentifyingValues {
  const texts = new Map<string, string>();
  const uids = new Set<string>();
  let source = '';
  const addText = (value: string) => {
    const normalised = normalise(value);
    if (normalised.length >= MIN_TEXT_LENGTH && !texts.has(normalised)) texts.set(normalised, source);
  };
  const visit = (ds: DenaturalizedDataset) => {
    for (const [tag, element] of Object.entries(ds)) {
      if (isPrivateTag(tag)) continue;
      const row = profileRow(tag);
      const action = row ? effectiveAction(row, options) : 'keep';
      const values = element.Value ?? [];
      source = attributeLabel(tag, row?.name);
      if (element.vr === 'SQ') {
        for (const item of values) visit(item as DenaturalizedDataset);
        continue;
      }
      if (element.vr === 'UI') {
        if (action === 'uid')
          for (const value of values) if (typeof value === 'string' && value) uids.add(value.trim());
        continue;
      }
      if (element.vr === 'DA' || element.vr === 'DT') {
        for (const value of values) if (typeof value === 'string') addText(value.slice(0, 8));
        continue;
      }
      if (element.vr === 'PN') {
        for (const value of values) for (const part of personNameParts(value)) addText(part);
        continue;
      }
      if (action === 'keep' || !TEXT_VRS.has(element.vr)) continue;
      for (const value of values) if (typeof value === 'string') addText(value);
    }
  };
  visit(dataset);
  return { texts, uids };
}

/** The name components of a PN value ({Alphabetic, Ideographic, Phonetic}), words split. */
export function personNameParts(value: unknown): string[] {
  const groups =
    typeof value === 'string'
      ? [value]
      : value && typeof value === 'object'
        ? Object.values(value as Record<string, unknown>).filter((v): v is string => typeof v === 'string')
        : [];
  return groups.flatMap((group) => group.split(/[\^=\s]+/)).filter((part) => part.length > 0);
}

/** Upper case, accents removed, runs of non-alphanumerics as one space: "Élodie" = "ELODIE". */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The identifying values found in `text` as whole words or phrases. */
/** The source attributes whose identifying values stand in `text` as whole words or phrases. */
export function identifyingValuesIn(text: string, identifying: IdentifyingValues): string[] {
  const haystack = ` ${normalise(text)} `;
  if (haystack.trim().length === 0) return [];
  const found = new Set<string>();
  for (const [value, source] of identifying.texts) if (haystack.includes(` ${value} `)) found.add(source);
  return [...found];
}

/** "Patient's Name (0010,0010)", or the bare tag for attributes outside the table. */
export function attributeLabel(tag: string, name?: string): string {
  const group = `(${tag.slice(0, 4)},${tag.slice(4, 8)})`;
  return name ? `${name} ${group}` : group;
}

/** A PN, text or other string value flattened for scanning. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return personNameParts(value).join(' ');
  return '';
}
