import type { DenaturalizedDataset } from 'dcmjs';
import { personNameParts } from './identifyingValues';
import { stringValue } from './part10';

/**
 * What identifies the patient of a source instance for pseudonyms and the date shift: the Patient
 * ID with its issuer; without an ID, the name and birth date; without those, the study (so two
 * unnamed studies are never merged into one patient).
 */
export function patientKey(dataset: DenaturalizedDataset): string {
  const id = stringValue(dataset, '00100020');
  if (id) return `id:${stringValue(dataset, '00100021') ?? ''}:${id}`;
  const name = personNameParts(dataset['00100010']?.Value?.[0]).join(' ');
  const birth = stringValue(dataset, '00100030') ?? '';
  if (name || birth) return `name:${name}:${birth}`;
  return `study:${stringValue(dataset, '0020000D') ?? ''}`;
}
