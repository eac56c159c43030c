import type { NaturalizedDataset } from 'dcmjs';

/**
 * Typed reads of a dcmjs naturalized dataset. dcmjs gives a single value as a scalar and several
 * as an array, and values come from the file, so every read checks the shape it gets.
 */

/** All values of a numeric attribute (US, IS, DS...), skipping any that are not numbers. */
export function numbers(ds: NaturalizedDataset, keyword: string): number[] {
  const value = ds[keyword];
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.map(toNumber).filter((n): n is number => n !== undefined);
}

/** The first value of a numeric attribute; for WindowCenter and the like, the first is the default. */
export function firstNumber(ds: NaturalizedDataset, keyword: string): number | undefined {
  const value = ds[keyword];
  return toNumber(Array.isArray(value) ? value[0] : value);
}

/** The first value of a string attribute, trimmed; undefined when absent or empty. */
export function firstString(ds: NaturalizedDataset, keyword: string): string | undefined {
  const value = ds[keyword];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') return undefined;
  const trimmed = first.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The items of a sequence; dcmjs may give a single item as a bare object. */
export function sequenceItems(ds: NaturalizedDataset, keyword: string): NaturalizedDataset[] {
  const value = ds[keyword];
  const items: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.filter(isDataset);
}

/** Bulk data (OB/OW) as dcmjs reads it: a list of buffers. */
export function bulkData(ds: NaturalizedDataset, keyword: string): ArrayBuffer[] | undefined {
  const value = ds[keyword];
  if (value instanceof ArrayBuffer) return [value];
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.every((v): v is ArrayBuffer => v instanceof ArrayBuffer) ? value : undefined;
}

/** Concatenates buffers (fragments of a frame, or a native value dcmjs split). */
export function concatenate(buffers: readonly ArrayBuffer[]): Uint8Array<ArrayBuffer> {
  if (buffers.length === 1) return new Uint8Array(buffers[0]!);
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

function toNumber(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function isDataset(value: unknown): value is NaturalizedDataset {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof ArrayBuffer)
  );
}
