import type { NaturalizedDataset } from 'dcmjs';

/**
 * Reading an SR content tree back in tests, from the data set dcmjs naturalizes: items, their
 * concept names and values, and the targets of by-reference relationships.
 */

/** The direct children of a content item (or of the document root). */
export function childrenOf(item: NaturalizedDataset): NaturalizedDataset[] {
  return (item.ContentSequence as NaturalizedDataset[] | undefined) ?? [];
}

/** Every content item of the tree, depth first. */
export function contentItems(dataset: NaturalizedDataset): NaturalizedDataset[] {
  return childrenOf(dataset).flatMap((item) => [item, ...contentItems(item)]);
}

/** The code value of an item's concept name. */
export function conceptOf(item: NaturalizedDataset): unknown {
  return (item.ConceptNameCodeSequence as NaturalizedDataset[] | undefined)?.[0]?.CodeValue;
}

/** The code value of a CODE item's value. */
export function codeValueOf(item: NaturalizedDataset): unknown {
  return (item.ConceptCodeSequence as NaturalizedDataset[] | undefined)?.[0]?.CodeValue;
}

export function itemsNamed(dataset: NaturalizedDataset, codeValue: string): NaturalizedDataset[] {
  return contentItems(dataset).filter((item) => conceptOf(item) === codeValue);
}

/**
 * The item a by-reference relationship points to: Referenced Content Item Identifier is the
 * target's position, the root being 1 and each further number a 1-based child index.
 */
export function referencedItem(
  dataset: NaturalizedDataset,
  reference: NaturalizedDataset,
): NaturalizedDataset {
  const raw = reference.ReferencedContentItemIdentifier as number | number[] | undefined;
  const [root, ...path] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (root !== 1) throw new Error(`not a by-reference item: ${JSON.stringify(reference)}`);
  return path.reduce<NaturalizedDataset>((item, index) => {
    const child = childrenOf(item)[index - 1];
    if (!child) throw new Error(`no content item at ${JSON.stringify(raw)}`);
    return child;
  }, dataset);
}

/**
 * What dcmjs 0.52 reads back for `text` written as UTF-8 inside a sequence item: it decodes
 * strings nested in sequences as windows-1252 whatever the Specific Character Set
 * (dcmjs-org/dcmjs#503); the bytes written are right, as dsrdump shows.
 */
export function asDcmjsReadsNested(text: string): string {
  return new TextDecoder('latin1').decode(new TextEncoder().encode(text));
}
