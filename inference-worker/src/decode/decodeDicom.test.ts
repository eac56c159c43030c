import dcmjs, { type NaturalizedDataset } from 'dcmjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DecodedImage } from '../image/decodedImage';
import { decodeDicom } from './decodeDicom';
import { UnreadableImageError } from './errors';

const fixture = (path: string): string =>
  fileURLToPath(new URL(`../../../../shared/fixtures/${path}`, import.meta.url));
const SIEMENS = fixture('dicom/siemens-mammomat-lcc-stereo-jpeg-lossless.dcm');
const SYNTHETIC = fixture('dicom/mg-synthetic-explicit-little.dcm');
const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';

let work: string;
let siemens: DecodedImage;
/** The Siemens pixels as dcmtk decompresses them, in an explicit little endian file. */
let uncompressed: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-decode-'));
  siemens = decodeDicom(readFileSync(SIEMENS), 'siemens.dcm');
  uncompressed = join(work, 'siemens-raw.dcm');
  execFileSync('dcmdjpeg', [SIEMENS, uncompressed]);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('decodeDicom reads the Siemens JPEG Lossless mammogram as 788 rows of 1318 columns of 12-bit pixels', () => {
  expect(siemens.height).toBe(788); // Rows
  expect(siemens.width).toBe(1318); // Columns
  expect(siemens.bitsStored).toBe(12);
  expect(siemens.photometric).toBe('MONOCHROME2');
  expect(siemens.pixels).toBeInstanceOf(Uint16Array);
  expect(siemens.pixels).toHaveLength(788 * 1318);
  const { min, max } = range(siemens.pixels);
  expect(min).toBeGreaterThanOrEqual(0);
  expect(max).toBeLessThan(4096);
  expect(max - min).toBeGreaterThan(2000); // a real exposure, not a blank or a mis-decoded frame
  expect(siemens.rescale).toEqual({ slope: 1, intercept: 0 });
  expect(siemens.window).toEqual({ center: 2048, width: 4096, fn: 'LINEAR' });
  expect(siemens.voiLut).toBeUndefined();
});

test('decodeDicom reads spacing, laterality, view and UIDs of the Siemens mammogram', () => {
  expect(siemens.pixelSpacing).toEqual({ rowMm: 0.085, columnMm: 0.085, source: 'ImagerPixelSpacing' });
  expect(siemens.laterality).toBe('L');
  expect(siemens.view).toBe('CC');
  expect(siemens.source).toEqual({
    kind: 'dicom',
    name: 'siemens.dcm',
    sopInstanceUid: '1.3.12.2.1107.4',
    seriesInstanceUid: '1.3.12.2.1107.5.12',
    studyInstanceUid: '1.2.124.1',
  });
});

test('decodeDicom decodes JPEG Lossless to exactly the pixels dcmtk decompresses', () => {
  // dcmdump +W writes the Pixel Data value as it is in the file: 16-bit little endian samples.
  execFileSync('dcmdump', ['+W', work, uncompressed]);
  const raw = readFileSync(join(work, 'siemens-raw.dcm.0.raw'));
  const dcmtkPixels = new Uint16Array(new Uint8Array(raw).buffer);
  expect(dcmtkPixels).toHaveLength(siemens.pixels.length);
  expect(firstDifference(siemens.pixels, dcmtkPixels)).toBe(-1);
});

test.each([
  ['implicit VR little endian', '+ti'],
  ['explicit VR big endian', '+tb'],
  ['deflated explicit VR little endian', '+td'],
])('decodeDicom reads the Siemens mammogram rewritten in %s as the same image', (_syntax, option) => {
  const copy = join(work, `siemens${option}.dcm`);
  execFileSync('dcmconv', [option, uncompressed, copy]);
  const image = decodeDicom(readFileSync(copy), 'copy.dcm');
  expect(firstDifference(image.pixels, siemens.pixels)).toBe(-1);
  expect({ ...image, pixels: null, source: null }).toEqual({ ...siemens, pixels: null, source: null });
});

test('decodeDicom reads the synthetic MG object: 512 × 512 8-bit, Pixel Spacing preferred to Imager Pixel Spacing', () => {
  const bytes = readFileSync(SYNTHETIC);
  const image = decodeDicom(bytes, 'synthetic.dcm');
  expect([image.width, image.height, image.bitsStored]).toEqual([512, 512, 8]);
  expect(image.pixels).toBeInstanceOf(Uint8Array);
  // Pixel Data is the file's last element, 512 × 512 bytes.
  expect(firstDifference(image.pixels, bytes.subarray(bytes.length - 512 * 512))).toBe(-1);
  expect(image.pixelSpacing).toEqual({ rowMm: 0.25, columnMm: 0.25, source: 'PixelSpacing' });
  expect(image.window).toEqual({ center: 127.5, width: 256, fn: 'LINEAR' });
  expect(image.laterality).toBe('R');
  expect(image.view).toBe('CC'); // SNOMED RT R-10242 in the View Code Sequence
});

test('decodeDicom masks stored values to BitsStored, so overlay bits above them never reach the pixels', () => {
  const raw = new Uint16Array([0x1fff, 0xf123, 0x8000, 0x0fff]);
  const image = decodeDicom(dicomFile(greyImage(raw)), 'overlay.dcm');
  expect(image.pixels).toEqual(new Uint16Array([0x0fff, 0x0123, 0x0000, 0x0fff]));
});

test('decodeDicom sign-extends signed pixels (PixelRepresentation 1) from BitsStored', () => {
  const raw = new Uint16Array([0x1fff, 0xf800, 0x07ff, 0x0000]);
  const image = decodeDicom(dicomFile(greyImage(raw, { PixelRepresentation: 1 })), 'signed.dcm');
  expect(image.pixels).toEqual(new Int16Array([-1, -2048, 2047, 0]));
});

test.each([
  ['FOR PROCESSING', 'FOR PROCESSING'],
  ['for presentation ', 'FOR PRESENTATION'],
  ['SOMETHING ELSE', undefined],
])('decodeDicom reads Presentation Intent Type %j as %j', (value, expected) => {
  const image = decodeDicom(
    dicomFile(greyImage(new Uint16Array(4), { PresentationIntentType: value })),
    'intent.dcm',
  );
  expect(image.presentationIntent).toBe(expected);
});

test('decodeDicom reads the first window with its VOI LUT function and the first VOI LUT', () => {
  const dataset = greyImage(new Uint16Array(4), {
    PixelRepresentation: 1,
    WindowCenter: [100, 200],
    WindowWidth: [50, 60],
    VOILUTFunction: 'SIGMOID',
    VOILUTSequence: [
      // First mapped 65534 read as US is -2 for signed pixels; 0xf004 has bits above the 12 declared.
      {
        LUTDescriptor: [4, 65534, 12],
        LUTData: [1, 2, 3, 0xf004],
        _vrMap: { LUTDescriptor: 'US', LUTData: 'US' },
      },
      { LUTDescriptor: [2, 0, 16], LUTData: [9, 9], _vrMap: { LUTDescriptor: 'US', LUTData: 'US' } },
    ],
  });
  const image = decodeDicom(dicomFile(dataset), 'voi.dcm');
  expect(image.window).toEqual({ center: 100, width: 50, fn: 'SIGMOID' });
  expect(image.voiLut).toEqual({ firstMapped: -2, data: new Uint16Array([1, 2, 3, 4]) });
});

test.each([
  ['view code SCT 399368009', 'MLO', { ViewCodeSequence: [code('399368009', 'SCT')] }],
  ['view code SRT R-10224', 'ML', { ViewCodeSequence: [code('R-10224', 'SRT')] }],
  ['view code SCT 399352003', 'LM', { ViewCodeSequence: [code('399352003', 'SCT')] }],
  ['view code SCT 399192008', 'XCCL', { ViewCodeSequence: [code('399192008', 'SCT')] }],
  [
    'view code SCT 399099002 (latero-medial oblique)',
    'OTHER',
    { ViewCodeSequence: [code('399099002', 'SCT')] },
  ],
  ['ViewPosition XCCL', 'XCCL', { ViewPosition: 'XCCL' }],
  [
    'an unknown view code with ViewPosition MLO',
    'MLO',
    { ViewCodeSequence: [code('R-99999', 'SRT')], ViewPosition: 'MLO' },
  ],
  ['ViewPosition FB', 'OTHER', { ViewPosition: 'FB' }],
  ['no view attributes', null, {}],
])('decodeDicom maps %s to view %s', (_case, view, attributes) => {
  expect(decodeDicom(dicomFile(greyImage(new Uint16Array(4), attributes)), 'view.dcm').view).toBe(view);
});

test.each([
  ['ImageLaterality R before Laterality L', 'R', { ImageLaterality: 'R', Laterality: 'L' }],
  ['Laterality L without ImageLaterality', 'L', { Laterality: 'L' }],
  ['ImageLaterality B (both)', null, { ImageLaterality: 'B', Laterality: 'L' }],
  ['no laterality attributes', null, {}],
])('decodeDicom reads %s as laterality %s', (_case, laterality, attributes) => {
  expect(decodeDicom(dicomFile(greyImage(new Uint16Array(4), attributes)), 'side.dcm').laterality).toBe(
    laterality,
  );
});

test('decodeDicom refuses a truncated file, saying it is incomplete', () => {
  const jpeg = readFileSync(SIEMENS);
  expect(failure(() => decodeDicom(jpeg.subarray(0, jpeg.length >> 1), 'half.dcm')).message).toMatch(
    /^half\.dcm: JPEG Lossless pixel data is truncated .*incomplete/,
  );
  const native = readFileSync(SYNTHETIC);
  expect(failure(() => decodeDicom(native.subarray(0, native.length - 1000), 'cut.dcm')).message).toMatch(
    /^cut\.dcm: pixel data is truncated: 261144 bytes where 262144 are needed/,
  );
});

test('decodeDicom refuses a text file as not DICOM', () => {
  const text = new TextEncoder().encode('Patient: Jane Doe\nLeft CC, see attached.\n'.repeat(10));
  expect(failure(() => decodeDicom(text, 'notes.txt')).message).toMatch(
    /^notes\.txt: not a DICOM file \(no 'DICM' marker/,
  );
});

test('decodeDicom refuses colour images, naming the photometric interpretation', () => {
  const rgb = greyImage(new Uint16Array(12), {
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
  });
  expect(failure(() => decodeDicom(dicomFile(rgb), 'rgb.dcm')).message).toMatch(
    /^rgb\.dcm: colour image \(PhotometricInterpretation RGB, 3 samples per pixel\)/,
  );
  const palette = greyImage(new Uint16Array(4), { PhotometricInterpretation: 'PALETTE COLOR' });
  expect(failure(() => decodeDicom(dicomFile(palette), 'palette.dcm')).message).toMatch(
    /PhotometricInterpretation PALETTE COLOR is not supported/,
  );
});

test('decodeDicom names an unsupported transfer syntax by its UID', () => {
  const bytes = dicomFile(greyImage(new Uint16Array(4)), '1.2.840.10008.1.2.4.90');
  expect(failure(() => decodeDicom(bytes, 'j2k.dcm')).message).toMatch(
    /^j2k\.dcm: unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.4\.90 \(JPEG 2000 Lossless\)/,
  );
});

test('decodeDicom refuses an object without pixel data', () => {
  const noPixels = greyImage(new Uint16Array(4));
  delete noPixels.PixelData;
  expect(failure(() => decodeDicom(dicomFile(noPixels), 'sr.dcm')).message).toMatch(
    /^sr\.dcm: no pixel data/,
  );
});

/** A 2 × 2 (by default) 12-bit MG image with `raw` as its Pixel Data. */
function greyImage(raw: Uint16Array, attributes: NaturalizedDataset = {}): NaturalizedDataset {
  return {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2',
    SOPInstanceUID: '1.2.826.0.1.3680043.8.498.1',
    Rows: 2,
    Columns: 2,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    PixelData: [raw.buffer],
    _vrMap: { PixelData: 'OW' },
    ...attributes,
  };
}

function code(value: string, scheme: string): NaturalizedDataset {
  return { CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: value };
}

/** A Part 10 file written by dcmjs. */
function dicomFile(dataset: NaturalizedDataset, transferSyntax = EXPLICIT_LITTLE): Uint8Array {
  const dictionary = dcmjs.data.DicomMetaDictionary;
  const file = new dcmjs.data.DicomDict(
    dictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: dataset.SOPClassUID,
      MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
      TransferSyntaxUID: transferSyntax,
      ImplementationClassUID: '1.2.826.0.1.3680043.8.498.2',
      _vrMap: { FileMetaInformationVersion: 'OB' },
    }),
  );
  file.dict = dictionary.denaturalizeDataset(dataset);
  return new Uint8Array(file.write());
}

function failure(decode: () => unknown): UnreadableImageError {
  try {
    decode();
  } catch (err) {
    if (err instanceof UnreadableImageError) return err;
    throw err;
  }
  throw new Error('expected an UnreadableImageError');
}

function range(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  return { min, max };
}

/** Index of the first differing sample, -1 when equal; jest's toEqual is slow on a million. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}
