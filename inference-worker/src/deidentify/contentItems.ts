import type { DenaturalizedDataset } from 'dcmjs';

/**
 * SR TEXT content items whose value is written by a machine, not typed by a person: the device
 * observer's name, manufacturer and model, an algorithm's name, version and parameters, a
 * tracking identifier (DCM codes, PS3.16). Their text is kept unless it carries an identifying
 * value; every other TEXT item (comments, findings narrative, a reader's note) is replaced by a
 * dummy, as the Basic Profile's D for Content Sequence asks.
 */
const MACHINE_TEXT_CONCEPTS: ReadonlySet<string> = new Set([
  'DCM:121013', // Device Observer Name
  'DCM:121014', // Device Observer Manufacturer
  'DCM:121015', // Device Observer Model Name
  'DCM:111001', // Algorithm Name
  'DCM:111003', // Algorithm Version
  'DCM:111002', // Algorithm Parameters
  'DCM:112039', // Tracking Identifier
]);

/** Identifies the device itself: kept only under the Retain Device Identity option. */
const DEVICE_SERIAL_CONCEPT = 'DCM:121016'; // Device Observer Serial Number

export type TextItemRule = 'machine' | 'device' | 'free';

/** How a TEXT content item's value is treated, from its Concept Name Code Sequence. */
export function textItemRule(item: DenaturalizedDataset): TextItemRule {
  const concept = item['0040A043']?.Value?.[0] as DenaturalizedDataset | undefined;
  const value = concept?.['00080100']?.Value?.[0];
  const scheme = concept?.['00080102']?.Value?.[0];
  const key = `${String(scheme)}:${String(value)}`;
  if (key === DEVICE_SERIAL_CONCEPT) return 'device';
  return MACHINE_TEXT_CONCEPTS.has(key) ? 'machine' : 'free';
}

export function isTextContentItem(item: DenaturalizedDataset): boolean {
  return item['0040A040']?.Value?.[0] === 'TEXT';
}
