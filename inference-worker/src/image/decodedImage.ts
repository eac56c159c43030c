/**
 * A mammogram as it leaves a decoder: stored pixel values plus what the pre-processing needs to
 * turn them into what the model sees. Decoders (DICOM, PNG) produce it; nothing downstream knows
 * which format an image came from.
 */
export type Laterality = 'L' | 'R';
export type MammoView = 'CC' | 'MLO' | 'ML' | 'LM' | 'XCCL' | 'SPOT' | 'OTHER';

export interface PixelSpacing {
  /** Distance between rows, mm. */
  readonly rowMm: number;
  /** Distance between columns, mm. */
  readonly columnMm: number;
  /**
   * Where the spacing came from: PixelSpacing (calibrated at the patient), ImagerPixelSpacing
   * (at the detector, not corrected for magnification) or given by the user (PNG input).
   */
  readonly source: 'PixelSpacing' | 'ImagerPixelSpacing' | 'user';
}

export interface VoiWindow {
  readonly center: number;
  readonly width: number;
  /** DICOM VOI LUT Function; LINEAR when absent. */
  readonly fn: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';
}

export interface VoiLut {
  /** First stored value mapped by the table; values below/above map to the first/last entry. */
  readonly firstMapped: number;
  readonly data: Uint16Array;
}

export interface ImageSource {
  readonly kind: 'dicom' | 'png' | 'jpeg';
  /** File path or Orthanc instance id, for messages. */
  readonly name: string;
  readonly sopInstanceUid?: string;
  readonly seriesInstanceUid?: string;
  readonly studyInstanceUid?: string;
}

export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** One sample per pixel, row-major, already masked to BitsStored and sign-extended. */
  readonly pixels: Uint8Array | Uint16Array | Int16Array | Float32Array;
  readonly bitsStored: number;
  readonly photometric: 'MONOCHROME1' | 'MONOCHROME2';
  /** Modality LUT (Rescale Slope/Intercept); identity when absent. */
  readonly rescale?: { readonly slope: number; readonly intercept: number };
  readonly window?: VoiWindow;
  readonly voiLut?: VoiLut;
  readonly pixelSpacing: PixelSpacing | null;
  readonly laterality: Laterality | null;
  readonly view: MammoView | null;
  /**
   * DICOM Presentation Intent Type (0008,0068). A FOR PROCESSING image is the detector's raw
   * signal, before the manufacturer's processing that every screening image is read (and our model
   * trained) on; absent for PNG and JPEG exports, which are always for presentation.
   */
  readonly presentationIntent?: 'FOR PRESENTATION' | 'FOR PROCESSING';
  readonly source: ImageSource;
}
