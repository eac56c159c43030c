import type { NaturalizedDataset } from 'dcmjs';
import { createUidGenerator, isDicomUid, writePart10 } from '@sentinelle/reporting';
import { decodePng } from '../decode/index';
import type { Laterality } from '../image/decodedImage';

/** Digital Mammography X-Ray Image Storage - For Presentation. */
export const MG_FOR_PRESENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.1.2';

/** Views a wrapped mammogram can state, with their CID 4014 (View for Mammography) codes. */
export const WRAPPABLE_VIEWS = {
  CC: { code: '399162004', meaning: 'cranio-caudal' },
  MLO: { code: '399368009', meaning: 'medio-lateral oblique' },
  ML: { code: '399260004', meaning: 'medio-lateral' },
  LM: { code: '399352003', meaning: 'latero-medial' },
  XCCL: { code: '399192008', meaning: 'cranio-caudal exaggerated laterally' },
} as const;
export type WrappableView = keyof typeof WRAPPABLE_VIEWS;

/** One greyscale frame: `pixels` row-major, values below 2^bitsStored. */
export interface GreyFrame {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array | Uint16Array;
  /** How many bits the values use (8 to 16). */
  readonly bitsStored: number;
}

/** Who and what the mammogram belongs to; every image of one study shares these. */
export interface WrapStudy {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly patientId: string;
  /** DICOM person name, e.g. "Dupont^Élodie". */
  readonly patientName: string;
  /** YYYYMMDD or empty. */
  readonly patientBirthDate?: string;
  readonly patientSex?: 'F' | 'M' | 'O' | '';
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyId?: string;
  readonly accessionNumber?: string;
  readonly studyDescription?: string;
  readonly referringPhysicianName?: string;
  readonly seriesNumber?: number;
  readonly seriesDescription?: string;
  /** Manufacturer (0008,0070); never "Sentinelle", which marks Sentinelle's own results. */
  readonly manufacturer?: string;
  readonly institutionName?: string;
}

export interface WrapMammogramOptions {
  readonly study: WrapStudy;
  readonly laterality: Laterality;
  readonly view: WrappableView;
  /** Imager Pixel Spacing (at the detector) in mm, the same along rows and columns. */
  readonly pixelSpacingMm: number;
  /** A new UID when absent. */
  readonly sopInstanceUid?: string;
  readonly instanceNumber?: number;
  /**
   * Patient Orientation (row direction, column direction). By default it is worked out from the
   * side the chest wall is on (see {@link patientOrientation}).
   */
  readonly patientOrientation?: readonly [string, string];
}

const newUid = createUidGenerator();

/**
 * Wraps a greyscale mammogram into a Digital Mammography X-Ray Image (For Presentation) Part 10
 * file: MONOCHROME2, 16 bits allocated, BitsStored from the frame (at least 10, as the
 * mammography IOD asks; 8-bit frames are scaled to 12 bits), Imager Pixel Spacing, Image
 * Laterality, View Code Sequence (SNOMED CT, CID 4014) and View Position, and a window over the
 * values present. Explicit VR Little Endian.
 *
 * What it writes is what a modality sends, so the bridge and the worker treat it like any other
 * study: demo data, PNG uploads and the tests' studies built from the shared PNG exam.
 */
export function wrapMammogram(frame: GreyFrame, options: WrapMammogramOptions): Uint8Array {
  const { study, laterality, view } = options;
  check(frame, options);
  const { pixels, bitsStored } = to16Bit(frame);
  const { min, max } = range(pixels);
  const viewCode = WRAPPABLE_VIEWS[view];
  const orientation = options.patientOrientation ?? patientOrientation(frame, laterality, view);
  const sopInstanceUid = options.sopInstanceUid ?? newUid();
  const [contentDate, contentTime] = [study.studyDate, study.studyTime];
  const dataset: NaturalizedDataset = {
    // SOP Common
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: MG_FOR_PRESENTATION_STORAGE,
    SOPInstanceUID: sopInstanceUid,
    // Patient
    PatientName: study.patientName ? [{ Alphabetic: study.patientName }] : '',
    PatientID: study.patientId,
    PatientBirthDate: study.patientBirthDate ?? '',
    PatientSex: study.patientSex ?? '',
    // General Study
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: study.studyDate,
    StudyTime: study.studyTime,
    ReferringPhysicianName: study.referringPhysicianName
      ? [{ Alphabetic: study.referringPhysicianName }]
      : '',
    StudyID: study.studyId ?? '',
    AccessionNumber: study.accessionNumber ?? '',
    ...(study.studyDescription ? { StudyDescription: study.studyDescription } : {}),
    // General Series, Mammography Series
    Modality: 'MG',
    SeriesInstanceUID: study.seriesInstanceUid,
    SeriesNumber: study.seriesNumber ?? 1,
    ...(study.seriesDescription ? { SeriesDescription: study.seriesDescription } : {}),
    // General Equipment
    Manufacturer: study.manufacturer ?? '',
    ...(study.institutionName ? { InstitutionName: study.institutionName } : {}),
    // General Image, DX Image, Mammography Image
    InstanceNumber: options.instanceNumber ?? 1,
    PatientOrientation: [...orientation],
    ContentDate: contentDate,
    ContentTime: contentTime,
    ImageType: ['ORIGINAL', 'PRIMARY', ''],
    PresentationIntentType: 'FOR PRESENTATION',
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
    PixelIntensityRelationship: 'LOG',
    PixelIntensityRelationshipSign: 1,
    RescaleIntercept: 0,
    RescaleSlope: 1,
    RescaleType: 'US',
    PresentationLUTShape: 'IDENTITY',
    WindowCenter: Math.round((min + max) / 2),
    WindowWidth: Math.max(1, max - min + 1),
    QualityControlImage: 'NO',
    // DX Anatomy Imaged
    ImageLaterality: laterality,
    BodyPartExamined: 'BREAST',
    AnatomicRegionSequence: [{ CodeValue: '76752008', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Breast' }],
    // DX Detector
    DetectorType: 'DIRECT',
    ImagerPixelSpacing: [options.pixelSpacingMm, options.pixelSpacingMm],
    // DX Positioning, Mammography Image
    PositionerType: 'MAMMOGRAPHIC',
    ViewPosition: view,
    ViewCodeSequence: [
      {
        CodeValue: viewCode.code,
        CodingSchemeDesignator: 'SCT',
        CodeMeaning: viewCode.meaning,
        ViewModifierCodeSequence: [],
      },
    ],
    OrganExposed: 'BREAST',
    BreastImplantPresent: 'NO',
    // Acquisition Context
    AcquisitionContextSequence: [],
    // Image Pixel
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: frame.height,
    Columns: frame.width,
    BitsAllocated: 16,
    BitsStored: bitsStored,
    HighBit: bitsStored - 1,
    PixelRepresentation: 0,
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
    _vrMap: { PixelData: 'OW' },
  };
  return writePart10(dataset);
}

/** A PNG (8- or 16-bit greyscale) mammogram wrapped by {@link wrapMammogram}. */
export function wrapPngMammogram(png: Uint8Array, name: string, options: WrapMammogramOptions): Uint8Array {
  const image = decodePng(png, name, { laterality: options.laterality });
  // decodePng gives 8- or 16-bit samples for a PNG.
  const pixels = image.pixels as Uint8Array | Uint16Array;
  return wrapMammogram(
    { width: image.width, height: image.height, pixels, bitsStored: image.bitsStored },
    options,
  );
}

/**
 * Patient Orientation of a mammogram: the first value is where moving right in the image goes
 * (A towards the nipple when the chest wall is on the left edge, P when it is on the right), the
 * second where moving down goes: for a cranio-caudal view the lateral side is at the top, so down
 * is towards the other breast (R for a left breast, L for a right one); for oblique and lateral
 * views down is towards the feet as well (FR, FL). The chest wall is the side edge holding more
 * signal.
 */
export function patientOrientation(
  frame: GreyFrame,
  laterality: Laterality,
  view: WrappableView,
): readonly [string, string] {
  let left = 0;
  let right = 0;
  for (let y = 0; y < frame.height; y++) {
    left += frame.pixels[y * frame.width]!;
    right += frame.pixels[y * frame.width + frame.width - 1]!;
  }
  const row = left >= right ? 'A' : 'P';
  const across = laterality === 'L' ? 'R' : 'L';
  return [row, view === 'CC' || view === 'XCCL' ? across : `F${across}`];
}

function check(frame: GreyFrame, options: WrapMammogramOptions): void {
  const { study } = options;
  if (frame.pixels.length !== frame.width * frame.height)
    throw new RangeError(`${frame.width}×${frame.height} frame has ${frame.pixels.length} pixels`);
  if (!(frame.bitsStored >= 1 && frame.bitsStored <= 16))
    throw new RangeError(`bitsStored must be 1 to 16, got ${frame.bitsStored}`);
  if (!(Number.isFinite(options.pixelSpacingMm) && options.pixelSpacingMm > 0))
    throw new RangeError(`pixelSpacingMm must be a positive number of mm, got ${options.pixelSpacingMm}`);
  if (!(options.view in WRAPPABLE_VIEWS)) throw new RangeError(`unknown view ${String(options.view)}`);
  for (const [what, uid] of [
    ['studyInstanceUid', study.studyInstanceUid],
    ['seriesInstanceUid', study.seriesInstanceUid],
    ['sopInstanceUid', options.sopInstanceUid],
  ] as const) {
    if (uid !== undefined && !isDicomUid(uid)) throw new RangeError(`${what} "${uid}" is not a DICOM UID`);
  }
  if (study.manufacturer?.trim() === 'Sentinelle')
    throw new RangeError(
      'manufacturer "Sentinelle" marks Sentinelle\'s own results, which are never analysed',
    );
}

/**
 * 16-bit samples and their BitsStored. Frames of 10 bits or more keep their values, with
 * BitsStored the bits the largest value needs, at least 12 (a 16-bit PNG of a 12-bit detector
 * becomes 12 bits stored); narrower frames (8-bit PNG) are scaled to 12 bits.
 */
function to16Bit(frame: GreyFrame): { pixels: Uint16Array; bitsStored: number } {
  if (frame.bitsStored >= 10) {
    const pixels = frame.pixels instanceof Uint16Array ? frame.pixels : Uint16Array.from(frame.pixels);
    const { max } = range(pixels);
    return { pixels, bitsStored: Math.min(16, Math.max(12, Math.ceil(Math.log2(max + 1)))) };
  }
  const scale = 4095 / (2 ** frame.bitsStored - 1);
  const pixels = new Uint16Array(frame.pixels.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(frame.pixels[i]! * scale);
  return { pixels, bitsStored: 12 };
}

function range(pixels: Uint16Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const value of pixels) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}
