/** A coded concept: (value, coding scheme designator, meaning), as DICOM writes it. */
export interface CodedConcept {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
  /** Coding Scheme Version, for a scheme whose designator alone does not identify the code (BI). */
  readonly version?: string;
}

/**
 * The identity and geometry of one analysed mammogram, read from its DICOM header. Findings
 * link to it through `imageRef.sopInstanceUid`.
 */
export interface SourceImage {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly rows: number;
  readonly columns: number;
  /** Image Laterality (0020,0062), or Laterality (0020,0060) when the former is absent. */
  readonly laterality: 'L' | 'R' | null;
  /** First item of View Code Sequence (0054,0220), e.g. (399162004, SCT, "cranio-caudal"). */
  readonly viewCode?: CodedConcept;
  readonly frameOfReferenceUid?: string;
  /** Spacing of the pixel centres: between rows (vertical) and between columns, in mm. */
  readonly pixelSpacing?: { readonly rowMm: number; readonly columnMm: number };
}

/**
 * The Patient and General Study attributes of the analysed study. Every object Sentinelle
 * produces copies them unchanged, so that a PACS files it in the same study as its sources.
 * Values are DICOM strings as read from the source header (dates YYYYMMDD, times HHMMSS[.F]);
 * an empty string stands for an empty (type 2) attribute.
 */
export interface StudyContext {
  readonly patientName: string;
  readonly patientId: string;
  readonly patientBirthDate: string;
  /** M, F, O or empty. */
  readonly patientSex: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly accessionNumber: string;
  readonly referringPhysicianName: string;
  readonly studyId: string;
  readonly studyDescription?: string;
  readonly issuerOfPatientId?: string;
  /** Timezone Offset From UTC (0008,0201) of the source study, e.g. "+0100". */
  readonly timezoneOffsetFromUtc?: string;
  /** Specific Character Set of the source, for information; produced objects are UTF-8. */
  readonly specificCharacterSet?: string;
}

/** Options every renderer accepts. */
export interface RenderOptions {
  /**
   * Root for the UIDs Sentinelle generates (series, instances, tracking UIDs). Without it, UIDs
   * are "2.25." followed by a random UUID as a decimal integer.
   */
  readonly uidRoot?: string;
  /**
   * Series Instance UID to give the object instead of a new one: several objects in one series
   * (one SEG per pixel grid), or UIDs derived from the analysis, so that a retried analysis
   * produces the same objects and the PACS keeps one copy of each.
   */
  readonly seriesInstanceUid?: string;
  /** SOP Instance UID to give the object instead of a new one (see seriesInstanceUid). */
  readonly sopInstanceUid?: string;
  /** Instance Number (0020,0013) of the object; 1 by default. */
  readonly instanceNumber?: number;
  /** Series Number of the new series; each renderer has its own default. */
  readonly seriesNumber?: number;
  /** Instance creation time; defaults to now. Content dates come from the findings' createdAt. */
  readonly now?: Date;
  /** Institution Name (0008,0080) of the producing site. */
  readonly institutionName?: string;
  /** Device Serial Number of this Sentinelle installation (required in SEG). */
  readonly deviceSerialNumber?: string;
  /**
   * Device Observer UID of this Sentinelle installation (TID 1004). Defaults to a UID derived
   * from the model id and version, stable across runs.
   */
  readonly deviceObserverUid?: string;
}

/** A rendered Part 10 file and the UIDs it was given. */
export interface RenderedDicom {
  /** The Part 10 file (preamble, DICM, meta group, data set in Explicit VR Little Endian). */
  readonly bytes: Uint8Array;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly studyInstanceUid: string;
}

/** Input the renderers refuse: a message that says what to fix. */
export class DicomRenderError extends Error {
  override readonly name = 'DicomRenderError';
}
