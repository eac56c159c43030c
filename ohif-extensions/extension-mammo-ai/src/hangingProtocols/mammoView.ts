/* eslint-disable @typescript-eslint/no-explicit-any */
/** SNOMED CT codes of the two screening views, as the protocol's selectors name them. */
export const VIEW_CODES = { CC: 'SCT:399162004', MLO: 'SCT:399368009' } as const;

/** The hanging protocol attribute our selectors match on (registered by `registerMammoView`). */
export const MAMMO_VIEW_ATTRIBUTE = 'MammoViewCode';

/** A sequence's first item, in the array or the already-flattened shape OHIF's metadata may give. */
function firstItem(sequence: unknown): any {
  if (sequence == null || typeof sequence !== 'object') return undefined;
  return Array.isArray(sequence) ? sequence[0] : sequence;
}

/**
 * The view a display set's first image shows, as "SCT:<code>": from its View Code Sequence, else
 * from View Position (CC, MLO), as older exams and some priors carry only that; undefined when
 * neither says. Never throws: OHIF's own `ViewCode` attribute reads `ViewCodeSequence[0]` of every
 * image and throws on one without it, which stopped the whole study from loading when a prior was
 * such an image.
 */
export function mammoViewCode(displaySet: any): string | undefined {
  const image = firstItem(displaySet?.images) ?? firstItem(displaySet?.instances) ?? displaySet?.instance;
  const code = firstItem(image?.ViewCodeSequence);
  if (code?.CodingSchemeDesignator && code?.CodeValue)
    return `${code.CodingSchemeDesignator}:${code.CodeValue}`;
  const position = String(image?.ViewPosition ?? '')
    .trim()
    .toUpperCase();
  return position === 'CC' || position === 'MLO' ? VIEW_CODES[position] : undefined;
}

/** Registers `MammoViewCode` with OHIF's hanging protocol service (once, before any protocol runs). */
export function registerMammoView(servicesManager: any): void {
  servicesManager?.services?.hangingProtocolService?.addCustomAttribute(
    MAMMO_VIEW_ATTRIBUTE,
    'Mammography view (View Code Sequence, else View Position)',
    mammoViewCode,
  );
}
