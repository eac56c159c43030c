import { hasPngSignature } from 'fast-png';

/** A DICOM Part 10 file: 128-byte preamble, then "DICM". */
export function hasDicomPreamble(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

export { hasPngSignature };

/** A JPEG stream starts with SOI (FF D8) followed by another marker. */
export function hasJpegSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}
