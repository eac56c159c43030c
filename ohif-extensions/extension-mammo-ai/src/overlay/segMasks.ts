/* eslint-disable @typescript-eslint/no-explicit-any */
import type { StudyFindings } from '../api/bridgeApi';
import { LOG_TAG } from '../id';
import type { ImageLayer } from './imageLayers';

/**
 * One SEG frame: the source image it lies on, its segment, and the mask as a PNG data URL on
 * the source image's own pixel grid.
 */
export interface SegMask extends ImageLayer {
  readonly sourceSopInstanceUid: string;
  readonly segmentLabel: string;
}

const first = (element: any, tag: string): any => element?.[tag]?.Value?.[0];

/** A frame's pixels uncompressed: Orthanc decodes an RLE SEG for the viewer. */
const FRAME_ACCEPT =
  'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1';
const BULK_ACCEPT = 'multipart/related; type="application/octet-stream"';

/**
 * Reads the AI's SEG objects through DICOMweb and turns every frame into a translucent image for
 * the source image it references. Segment colours come from the SEG's recommended display colour,
 * so what is drawn is what the SEG holds.
 *
 * Two pixel formats, read by what the SEG's metadata says:
 * - FRACTIONAL, 8 bits (what Sentinelle writes): each frame through WADO-RS, asked uncompressed,
 *   so Orthanc decodes its RLE; a pixel's opacity is its fraction of the maximum.
 * - BINARY, 1 bit (what older versions wrote): frames are packed back to back and Orthanc 1.10
 *   serves no frame of one whose width is not a multiple of 8, so the Pixel Data is read whole
 *   (WADO-RS bulk data) and each frame unpacked at its bit offset.
 */
export async function loadSegMasks(wadoRoot: string, study: StudyFindings): Promise<SegMask[]> {
  if (!study.seg) return [];
  const studyUid = study.aiSr.studyInstanceUid;
  const masks: SegMask[] = [];
  for (const instance of study.seg.instances) {
    const base = `${wadoRoot}/studies/${studyUid}/series/${study.seg.seriesInstanceUid}/instances/${instance.sopInstanceUid}`;
    const metadataResponse = await fetch(`${base}/metadata`, {
      headers: { accept: 'application/dicom+json' },
    });
    if (!metadataResponse.ok) {
      console.warn(LOG_TAG, 'SEG metadata unavailable', instance.sopInstanceUid, metadataResponse.status);
      continue;
    }
    const [metadata] = (await metadataResponse.json()) as any[];
    const columns = Number(first(metadata, '00280011') ?? instance.columns);
    const rows = Number(first(metadata, '00280010') ?? instance.rows);
    const segments = new Map<number, { label: string; rgb: [number, number, number] }>();
    for (const segment of metadata?.['00620002']?.Value ?? []) {
      const number = first(segment, '00620004') as number;
      const lab = segment['0062000D']?.Value as number[] | undefined;
      segments.set(number, { label: String(first(segment, '00620005') ?? number), rgb: labToRgb(lab) });
    }
    const frames: any[] = metadata?.['52009230']?.Value ?? [];
    const reader = frameReader(base, metadata, columns * rows);
    for (let index = 0; index < frames.length; index++) {
      const frame = frames[index];
      // Derivation Image → Source Image: the analysed mammogram this frame lies on.
      const source = first(first(frame, '00089124'), '00082112');
      const sourceUid = first(source, '00081155') as string | undefined;
      const segmentNumber = first(first(frame, '0062000A'), '0062000B') as number | undefined;
      if (!sourceUid || segmentNumber === undefined) continue;
      const alpha = await reader(index).catch((error: Error) => {
        console.warn(LOG_TAG, 'SEG frame unavailable', instance.sopInstanceUid, index + 1, error.message);
        return null;
      });
      if (!alpha) continue;
      const segment = segments.get(segmentNumber) ?? {
        label: String(segmentNumber),
        rgb: [255, 255, 0] as [number, number, number],
      };
      masks.push({
        sourceSopInstanceUid: sourceUid,
        segmentLabel: segment.label,
        url: maskToDataUrl(alpha, columns, rows, segment.rgb),
        width: columns,
        height: rows,
        imageColumns: columns,
        imageRows: rows,
      });
    }
  }
  return masks;
}

/**
 * For a SEG's metadata, a reader of its frames as opacities (0-255 a pixel, `pixels` of them),
 * whatever its Segmentation Type.
 */
function frameReader(base: string, metadata: any, pixels: number): (index: number) => Promise<Uint8Array> {
  const bitsAllocated = Number(first(metadata, '00280100'));
  if (bitsAllocated === 1) {
    // BINARY: one bulk read for every frame, 8 pixels a byte, least significant bit first.
    let packed: Promise<Uint8Array> | undefined;
    return async (index) => {
      packed ??= fetchPart(`${base}/bulk/7fe00010`, BULK_ACCEPT);
      const bits = await packed;
      const alpha = new Uint8Array(pixels);
      for (let i = 0, bit = index * pixels; i < pixels; i++, bit++) {
        if (((bits[bit >> 3] ?? 0) >> (bit & 7)) & 1) alpha[i] = 255;
      }
      return alpha;
    };
  }
  if (bitsAllocated !== 8) {
    return () => Promise.reject(new Error(`a SEG of ${bitsAllocated} bits allocated is not read here`));
  }
  // FRACTIONAL (or any 8-bit SEG): the fraction of Maximum Fractional Value, 1 when not given.
  const maximum = Number(first(metadata, '0062000E') ?? 1) || 1;
  return async (index) => {
    const values = await fetchPart(`${base}/frames/${index + 1}`, FRAME_ACCEPT);
    if (values.length < pixels) throw new Error(`${values.length} bytes for ${pixels} pixels`);
    const alpha = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) alpha[i] = Math.round((Math.min(values[i]!, maximum) / maximum) * 255);
    return alpha;
  };
}

/** The bytes of a WADO-RS answer of one part (frames/N, bulk/TAG), multipart/related or not. */
async function fetchPart(url: string, accept: string): Promise<Uint8Array> {
  const response = await fetch(url, { headers: { accept } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return body;
  const text = new TextDecoder('latin1').decode(body);
  const start = text.indexOf('\r\n\r\n') + 4;
  const end = text.indexOf(`\r\n--${boundary}`, start);
  return body.subarray(start, end < 0 ? body.length : end);
}

/** A mask of opacities (0 transparent, 255 opaque) in one colour, as a PNG data URL. */
function maskToDataUrl(
  alpha: Uint8Array,
  width: number,
  height: number,
  rgb: [number, number, number],
): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    if (alpha[i]) {
      image.data[i * 4] = rgb[0];
      image.data[i * 4 + 1] = rgb[1];
      image.data[i * 4 + 2] = rgb[2];
      image.data[i * 4 + 3] = alpha[i]!;
    }
  }
  context.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}

/** DICOM CIELab (scaled to 0-65535) to sRGB. */
function labToRgb(lab: number[] | undefined): [number, number, number] {
  if (!lab || lab.length < 3) return [255, 255, 0];
  const L = (lab[0]! / 65535) * 100;
  const a = (lab[1]! / 65535) * 255 - 128;
  const b = (lab[2]! / 65535) * 255 - 128;
  let y = (L + 16) / 116;
  let x = a / 500 + y;
  let z = y - b / 200;
  const f = (t: number) => (t ** 3 > 0.008856 ? t ** 3 : (t - 16 / 116) / 7.787);
  x = 0.95047 * f(x);
  y = f(y);
  z = 1.08883 * f(z);
  const gamma = (c: number) => (c > 0.0031308 ? 1.055 * c ** (1 / 2.4) - 0.055 : 12.92 * c);
  const clamp = (c: number) => Math.round(Math.min(1, Math.max(0, gamma(c))) * 255);
  return [
    clamp(x * 3.2406 + y * -1.5372 + z * -0.4986),
    clamp(x * -0.9689 + y * 1.8758 + z * 0.0415),
    clamp(x * 0.0557 + y * -0.204 + z * 1.057),
  ];
}
