import dcmjs, { type DenaturalizedDataset } from 'dcmjs';

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Sentinelle's Implementation Class UID, as reporting's writer states it (a fixed "2.25." UID). */
const IMPLEMENTATION_CLASS_UID = '2.25.180381845794612407622946018004216011042';
const IMPLEMENTATION_VERSION_NAME = 'SENTINELLE_01';
const SHARED_FUNCTIONAL_GROUPS = '52009229';

export interface Part10 {
  readonly transferSyntaxUid: string;
  readonly dataset: DenaturalizedDataset;
}

/** A Part 10 file -> its transfer syntax and its data set (tags as eight upper-case hex digits). */
export function readPart10File(bytes: Uint8Array): Part10 {
  const file = dcmjs.data.DicomMessage.readFile(new Uint8Array(bytes).buffer);
  const transferSyntaxUid = file.meta['00020010']?.Value?.[0];
  if (typeof transferSyntaxUid !== 'string')
    throw new Error('the file meta information has no Transfer Syntax UID');
  const dataset: DenaturalizedDataset = {};
  for (const [tag, element] of Object.entries(file.dict)) dataset[tag.toUpperCase()] = element;
  // dcmjs drops an empty item when reading; the Shared Functional Groups Sequence is Type 1 with
  // exactly one item, which a SEG with nothing shared leaves empty.
  const shared = dataset[SHARED_FUNCTIONAL_GROUPS];
  if (shared && (shared.Value ?? []).length === 0)
    dataset[SHARED_FUNCTIONAL_GROUPS] = { vr: 'SQ', Value: [{}] };
  return { transferSyntaxUid: transferSyntaxUid.trim(), dataset };
}

/** A data set -> Part 10 bytes, Explicit VR Little Endian, the meta group built from its UIDs. */
export function writePart10File(dataset: DenaturalizedDataset): Uint8Array {
  const sopClass = dataset['00080016']?.Value?.[0];
  const sopInstance = dataset['00080018']?.Value?.[0];
  if (typeof sopClass !== 'string' || typeof sopInstance !== 'string') {
    throw new Error('the data set has no SOP Class UID or SOP Instance UID');
  }
  const meta: DenaturalizedDataset = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClass] },
    '00020003': { vr: 'UI', Value: [sopInstance] },
    '00020010': { vr: 'UI', Value: [EXPLICIT_VR_LITTLE_ENDIAN] },
    '00020012': { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
    '00020013': { vr: 'SH', Value: [IMPLEMENTATION_VERSION_NAME] },
  };
  const file = new dcmjs.data.DicomDict(meta);
  file.dict = dataset;
  return new Uint8Array(file.write({ allowInvalidVRLength: false }));
}

/** First value of an element as a trimmed string, if it is one. */
export function stringValue(dataset: DenaturalizedDataset, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'string' ? value.trim() : undefined;
}

export function numberValue(dataset: DenaturalizedDataset, tag: string): number | undefined {
  const value = dataset[tag]?.Value?.[0];
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}
