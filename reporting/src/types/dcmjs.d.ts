/**
 * The part of dcmjs 0.52 that Sentinelle uses; dcmjs ships no types. The one declaration for
 * every workspace (reporting and inference-worker both use dcmjs; the root tsconfig includes
 * every `src/`): a second `declare module 'dcmjs'` would silently shadow this one, since
 * skipLibCheck skips declaration files. Values are `unknown`: a
 * dataset comes from a file, so callers check each value's shape before using it. Only the
 * default export exists at runtime here: jest maps dcmjs to its UMD build (see jest.config.js).
 */
declare module 'dcmjs' {
  /** One element of a dataset as read: tag "GGGGEEEE" -> { vr, Value }. */
  export interface DicomElement {
    vr: string;
    Value?: unknown[];
  }
  export type DenaturalizedDataset = Record<string, DicomElement>;

  /**
   * Keyword -> value: a number or string when single-valued, an array when multi-valued,
   * an array of datasets for a sequence, an array of ArrayBuffers for bulk data (pixel data:
   * one buffer when native, one per frame or fragment when encapsulated).
   */
  export interface NaturalizedDataset {
    [keyword: string]: unknown;
  }

  /** A file: its meta group and its data set. */
  export interface DicomDict {
    meta: DenaturalizedDataset;
    dict: DenaturalizedDataset;
    /** A Part 10 file in the transfer syntax named in `meta` (tests build inputs with it). */
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }

  const dcmjs: {
    data: {
      DicomDict: new (meta: DenaturalizedDataset) => DicomDict;
      DicomMessage: {
        /** Throws on a missing "DICM" marker or a malformed file meta group. */
        readFile(buffer: ArrayBuffer): DicomDict;
      };
      DicomMetaDictionary: {
        naturalizeDataset(dataset: DenaturalizedDataset): NaturalizedDataset;
        denaturalizeDataset(dataset: NaturalizedDataset): DenaturalizedDataset;
      };
    };
  };
  export default dcmjs;
}
