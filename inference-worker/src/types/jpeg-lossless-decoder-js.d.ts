/**
 * jpeg-lossless-decoder-js 2.1.2 names release/lossless.d.ts in its package.json but does not
 * ship it; this declares the one class Sentinelle uses.
 */
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    constructor(buffer?: ArrayBuffer | null, numBytes?: number);
    /**
     * Decodes one JPEG Lossless (process 14) image of `length` bytes at `offset`: one sample
     * per pixel and component, Uint8Array up to 8 bits of precision, Uint16Array above.
     */
    decode(
      buffer?: ArrayBuffer,
      offset?: number,
      length?: number,
      numBytes?: number,
    ): Uint8Array | Uint16Array | null;
    /** The SOF header of the last decoded image. */
    readonly frame: {
      readonly dimX: number;
      readonly dimY: number;
      readonly numComp: number;
      readonly precision: number;
    };
  }
}
