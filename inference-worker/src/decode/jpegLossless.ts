import { Decoder } from 'jpeg-lossless-decoder-js';
import { ImageProblem } from './errors';

/**
 * Decodes one JPEG Lossless frame to its samples, checked against the DICOM header. The decoder
 * reads past the end of a truncated stream without complaint (as zeros), so the end-of-image
 * marker is checked first.
 */
export function decodeJpegLossless(
  frame: Uint8Array<ArrayBuffer>,
  rows: number,
  columns: number,
): Uint8Array | Uint16Array {
  if (!endsWithEoi(frame)) {
    throw new ImageProblem(
      'JPEG Lossless pixel data is truncated (no end-of-image marker); the file is incomplete',
    );
  }
  const decoder = new Decoder();
  let samples: Uint8Array | Uint16Array | null;
  try {
    samples = decoder.decode(frame.buffer, frame.byteOffset, frame.byteLength);
  } catch (err) {
    throw new ImageProblem(
      `JPEG Lossless pixel data is corrupt (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const { dimX, dimY, numComp } = decoder.frame;
  if (numComp !== 1)
    throw new ImageProblem(`JPEG Lossless frame has ${numComp} components; expected 1 (greyscale)`);
  if (dimX !== columns || dimY !== rows || !samples || samples.length < rows * columns) {
    throw new ImageProblem(
      `JPEG Lossless frame is ${dimX} × ${dimY} but the DICOM header says ${columns} × ${rows}`,
    );
  }
  return samples;
}

/** FF D9, allowing the zero padding that keeps DICOM fragments an even length. */
function endsWithEoi(frame: Uint8Array): boolean {
  let end = frame.length;
  while (end > 0 && frame[end - 1] === 0) end--;
  return end >= 2 && frame[end - 2] === 0xff && frame[end - 1] === 0xd9;
}
