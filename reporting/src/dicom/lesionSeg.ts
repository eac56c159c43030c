import type { NaturalizedDataset } from 'dcmjs';
import type { ExamFindings } from '../findings/examFindings';
import type { LesionType } from '../findings/lesion';
import { VALUES } from './codes';
import { objectTimes, patientAndStudy, seriesAndEquipment, sopCommon } from './commonAttributes';
import { codeSequence } from './dicomValues';
import { writePart10 } from './part10';
import { aiSeriesDescription, deviceUid, modelEquipment } from './sentinelleMarker';
import { encodeRleFrame, markLesion, RLE_LOSSLESS } from './rasterize';
import { linkSources, type LinkedImage } from './sourceLinks';
import {
  DicomRenderError,
  type CodedConcept,
  type RenderedDicom,
  type RenderOptions,
  type SourceImage,
  type StudyContext,
} from './types';
import { chosenOrNewUid, createUidGenerator } from './uid';

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
const DEFAULT_SERIES_NUMBER = 903;
/** (0062,000B) Referenced Segment Number in (0062,000A) Segment Identification Sequence. */
const REFERENCED_SEGMENT_NUMBER = 0x0062000b;
const SEGMENT_IDENTIFICATION_SEQUENCE = 0x0062000a;
/** (0020,9057) In-Stack Position Number in (0020,9111) Frame Content Sequence. */
const IN_STACK_POSITION_NUMBER = 0x00209057;
const FRAME_CONTENT_SEQUENCE = 0x00209111;
/** The value of a pixel inside a lesion: a FRACTIONAL SEG's whole occupancy. */
export const SEG_MAXIMUM_FRACTIONAL_VALUE = 255;

export interface LesionSegOptions extends RenderOptions {
  /**
   * Also mask marks below the lesion operating point (by default only the marks at or above it
   * are masked: on images with a laterality, the marks the exam's lesions stand on).
   */
  readonly includeBelowThreshold?: boolean;
}

interface SegmentDefinition {
  readonly type: LesionType;
  readonly label: string;
  readonly propertyType: CodedConcept;
  /** Recommended display colour, CIELab scaled to 0..65535 (red for masses, yellow for calcifications). */
  readonly cieLab: readonly [number, number, number];
}

const SEGMENTS: readonly SegmentDefinition[] = [
  { type: 'mass', label: 'Mass', propertyType: VALUES.mass, cieLab: [34891, 53480, 50167] },
  {
    type: 'calcifications',
    label: 'Calcifications',
    propertyType: VALUES.calcification,
    cieLab: [63662, 27356, 57178],
  },
];

/**
 * The lesion masks as a DICOM Segmentation on the source images' own pixel grid: one
 * segment per lesion type present (Mass; Calcifications), one frame per (segment, source image),
 * each lesion's outline filled. Frames point at their source image (Derivation Image functional
 * group); the segment and the image's position in the exam are the two dimensions. Mammograms
 * are projections without patient geometry, so the SEG has no Frame of Reference and no plane
 * position or orientation: a viewer places each frame on the image it derives from.
 *
 * The SEG is FRACTIONAL (OCCUPANCY), 8 bits a pixel holding only 0 and 255, in RLE Lossless, one
 * fragment per frame. A BINARY SEG packs 1-bit frames back to back (PS3.5 8.1.1), and Orthanc 1.10
 * serves no frame of one whose width is not a multiple of 8 (WADO-RS answers 400; its log says
 * "Bad number of columns for a black-and-white image"): mammograms come in any width (801, 981,
 * 1006 in the shared exam). 8-bit frames are whole bytes for any width; Orthanc decodes RLE
 * (WADO-RS frames asked uncompressed, previews); OHIF's SEG adapter reads a FRACTIONAL SEG of 0
 * and the maximum as binary; and RLE makes a mask smaller than 1 bit a pixel would (a 3328 × 4096
 * frame with one lesion: 214 kB, against 1.7 MB).
 *
 * Returns null when no lesion is to be masked. Throws DicomRenderError when the source images do
 * not share one pixel grid (a SEG has one Rows × Columns).
 */
export function renderLesionSeg(
  exam: ExamFindings,
  sources: readonly SourceImage[],
  context: StudyContext,
  options: LesionSegOptions = {},
): RenderedDicom | null {
  const linked = linkSources(exam, sources, 'renderLesionSeg');
  const masked = (image: LinkedImage, type: LesionType) =>
    image.findings.lesions.filter(
      (lesion) => lesion.type === type && (lesion.aboveThreshold || options.includeBelowThreshold === true),
    );
  const segments = SEGMENTS.filter((segment) =>
    linked.images.some((image) => masked(image, segment.type).length > 0),
  );
  if (segments.length === 0) return null;

  const [first] = linked.images;
  const { rows, columns } = first!.source;
  const grids = new Set(linked.images.map(({ source }) => `${source.columns}×${source.rows}`));
  if (grids.size > 1) {
    throw new DicomRenderError(
      `renderLesionSeg: the source images have different pixel grids (${[...grids].join(', ')}); ` +
        'render one SEG per grid',
    );
  }

  // Each frame is RLE-encoded from one reusable mask: a 4-view exam of 4096 × 3328 images would
  // otherwise hold 13.6 MB per frame.
  const frameCount = segments.length * linked.images.length;
  const pixelData: ArrayBuffer[] = [];
  const mask = new Uint8Array(rows * columns);
  const perFrame: NaturalizedDataset[] = [];
  segments.forEach((segment, segmentIndex) => {
    linked.images.forEach((image, imageIndex) => {
      mask.fill(0);
      for (const lesion of masked(image, segment.type)) {
        markLesion(mask, columns, rows, lesion.outline, lesion.centre);
      }
      for (let i = 0; i < mask.length; i++) if (mask[i]) mask[i] = SEG_MAXIMUM_FRACTIONAL_VALUE;
      pixelData.push(toArrayBuffer(encodeRleFrame(mask, columns, rows)));
      perFrame.push(frameFunctionalGroups(image.source, segmentIndex + 1, imageIndex + 1));
    });
  });

  const newUid = createUidGenerator(options.uidRoot);
  const times = objectTimes(context, exam.createdAt, options.now ?? new Date());
  const seriesInstanceUid = chosenOrNewUid(options.seriesInstanceUid, newUid, 'seriesInstanceUid');
  const sopInstanceUid = chosenOrNewUid(options.sopInstanceUid, newUid, 'sopInstanceUid');
  const dimensionOrganizationUid = newUid();
  const serialNumber = options.deviceSerialNumber ?? deviceUid(exam.model, options);
  const dataset: NaturalizedDataset = {
    ...sopCommon(SEGMENTATION_STORAGE, sopInstanceUid, times),
    ...patientAndStudy(context, linked.studyInstanceUid),
    ...seriesAndEquipment(
      {
        modality: 'SEG',
        seriesInstanceUid,
        seriesNumber: options.seriesNumber ?? DEFAULT_SERIES_NUMBER,
        description: aiSeriesDescription('SEG'),
      },
      modelEquipment(exam.model),
      times,
      { ...options, deviceSerialNumber: serialNumber },
    ),
    // Each frame's laterality is its source image's; dciodvfy refuses a series Laterality here.
    BodyPartExamined: 'BREAST',
    // General Image, Segmentation Image, Image Pixel
    ImageType: ['DERIVED', 'PRIMARY'],
    InstanceNumber: options.instanceNumber ?? 1,
    // Type 2C without patient geometry; the frames come from views of different orientations.
    PatientOrientation: '',
    ContentDate: times.content.date,
    ContentTime: times.content.time,
    ContentLabel: 'LESIONS',
    ContentDescription: `Lesion masks from ${exam.model.id} ${exam.model.version}`,
    ContentCreatorName: '',
    SegmentationType: 'FRACTIONAL',
    SegmentationFractionalType: 'OCCUPANCY',
    MaximumFractionalValue: SEG_MAXIMUM_FRACTIONAL_VALUE,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentSequence: segments.map((segment, index) => segmentItem(segment, index + 1, exam)),
    // Multi-frame Functional Groups and Dimension
    NumberOfFrames: frameCount,
    SharedFunctionalGroupsSequence: [{}],
    PerFrameFunctionalGroupsSequence: perFrame,
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUid }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: REFERENCED_SEGMENT_NUMBER,
        FunctionalGroupPointer: SEGMENT_IDENTIFICATION_SEQUENCE,
        DimensionDescriptionLabel: 'Segment',
      },
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: IN_STACK_POSITION_NUMBER,
        FunctionalGroupPointer: FRAME_CONTENT_SEQUENCE,
        DimensionDescriptionLabel: 'Source image',
      },
    ],
    // Common Instance Reference
    ReferencedSeriesSequence: referencedSeries(linked.images.map((image) => image.source)),
    PixelData: pixelData,
    _vrMap: { PixelData: 'OB' },
  };
  return {
    bytes: writePart10(dataset, { transferSyntaxUid: RLE_LOSSLESS }),
    sopClassUid: SEGMENTATION_STORAGE,
    sopInstanceUid,
    seriesInstanceUid,
    studyInstanceUid: linked.studyInstanceUid,
  };
}

function segmentItem(segment: SegmentDefinition, number: number, exam: ExamFindings): NaturalizedDataset {
  return {
    SegmentNumber: number,
    SegmentLabel: segment.label,
    SegmentAlgorithmType: 'AUTOMATIC',
    SegmentAlgorithmName: `${exam.model.id} ${exam.model.version}`,
    SegmentedPropertyCategoryCodeSequence: codeSequence(VALUES.morphologicallyAbnormalStructure),
    SegmentedPropertyTypeCodeSequence: codeSequence(segment.propertyType),
    RecommendedDisplayCIELabValue: [...segment.cieLab],
  };
}

/**
 * Per-frame groups: which segment, which source image (Derivation Image), and the frame's
 * dimension index values (segment number, position of the image in the exam).
 */
function frameFunctionalGroups(
  source: SourceImage,
  segmentNumber: number,
  imagePosition: number,
): NaturalizedDataset {
  return {
    DerivationImageSequence: [
      {
        DerivationCodeSequence: codeSequence(VALUES.segmentation),
        SourceImageSequence: [
          {
            ReferencedSOPClassUID: source.sopClassUid,
            ReferencedSOPInstanceUID: source.sopInstanceUid,
            PurposeOfReferenceCodeSequence: codeSequence(VALUES.sourceImageForProcessing),
            SpatialLocationsPreserved: 'YES',
          },
        ],
      },
    ],
    FrameContentSequence: [
      {
        StackID: '1',
        InStackPositionNumber: imagePosition,
        DimensionIndexValues: [segmentNumber, imagePosition],
      },
    ],
    SegmentIdentificationSequence: [{ ReferencedSegmentNumber: segmentNumber }],
  };
}

function referencedSeries(sources: readonly SourceImage[]): NaturalizedDataset[] {
  const series = new Map<string, SourceImage[]>();
  for (const source of sources)
    series.set(source.seriesInstanceUid, [...(series.get(source.seriesInstanceUid) ?? []), source]);
  return [...series].map(([seriesInstanceUid, instances]) => ({
    SeriesInstanceUID: seriesInstanceUid,
    ReferencedInstanceSequence: instances.map((instance) => ({
      ReferencedSOPClassUID: instance.sopClassUid,
      ReferencedSOPInstanceUID: instance.sopInstanceUid,
    })),
  }));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
