import type { CodedConcept } from './types';

/**
 * Every coded concept Sentinelle writes, in one place. Meanings follow the DICOM context groups
 * (PS3.16) that constrain the items they appear in, as PixelMed's validator checks them.
 */
function code(value: string, scheme: string, meaning: string): CodedConcept {
  return Object.freeze({ value, scheme, meaning });
}

const dcm = (value: string, meaning: string): CodedConcept => code(value, 'DCM', meaning);
const sct = (value: string, meaning: string): CodedConcept => code(value, 'SCT', meaning);
const ucum = (value: string, meaning: string): CodedConcept => code(value, 'UCUM', meaning);
/**
 * Sentinelle's own concepts, for what no DICOM or SNOMED code says (a screening category at the
 * model's operating points, the exam score 1–10): a private coding scheme ("99" prefix, PS3.3
 * 8.2), declared in the Coding Scheme Identification Sequence of each object that uses it.
 */
export const SENTINELLE_SCHEME = {
  designator: '99SENTINELLE',
  name: 'Sentinelle AI screening concepts',
  responsibleOrganization: 'Sentinelle',
} as const;
const sentinelle = (value: string, meaning: string): CodedConcept =>
  code(value, SENTINELLE_SCHEME.designator, meaning);

/** BI-RADS codes name the edition they come from, as PS3.16 lists them. */
const birads = (value: string, meaning: string): CodedConcept =>
  Object.freeze({ ...code(value, 'BI', meaning), version: '4.0' });

export const UNITS = {
  millimetre: ucum('mm', 'millimeter'),
  percent: ucum('%', 'percent'),
  /** A probability in [0, 1]: UCUM's unity with an annotation that says what the number is. */
  probability: ucum('{probability}', 'probability'),
  count: ucum('1', 'no units'),
  /** The exam score, 1–10: a rank among no-cancer exams, without unit. */
  score: ucum('{score}', 'score'),
  pixels: ucum('{pixels}', 'pixels'),
} as const;

/** Concept names shared by both SR templates (TID 1500 and TID 4000). */
export const CONCEPTS = {
  language: dcm('121049', 'Language of Content Item and Descendants'),
  imageLibrary: dcm('111028', 'Image Library'),
  imageLibraryGroup: dcm('126200', 'Image Library Group'),
  modality: dcm('121139', 'Modality'),
  imageLaterality: dcm('111027', 'Image Laterality'),
  imageView: dcm('111031', 'Image View'),
  studyDate: dcm('111060', 'Study Date'),
  frameOfReferenceUid: dcm('112227', 'Frame of Reference UID'),
  pixelDataRows: dcm('110910', 'Pixel Data Rows'),
  pixelDataColumns: dcm('110911', 'Pixel Data Columns'),
  horizontalPixelSpacing: dcm('111026', 'Horizontal Pixel Spacing'),
  verticalPixelSpacing: dcm('111066', 'Vertical Pixel Spacing'),
  observerType: dcm('121005', 'Observer Type'),
  /** TID 1003 Person Observer Identifying Attributes. */
  personObserverName: dcm('121008', 'Person Observer Name'),
  personObserverLoginName: dcm('128774', "Person Observer's Login Name"),
  deviceObserverUid: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  deviceObserverManufacturer: dcm('121014', 'Device Observer Manufacturer'),
  deviceObserverModelName: dcm('121015', 'Device Observer Model Name'),
  deviceObserverSerialNumber: dcm('121016', 'Device Observer Serial Number'),
  procedureReported: dcm('121058', 'Procedure reported'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  qualitativeEvaluations: code('C0034375', 'UMLS', 'Qualitative Evaluations'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUid: dcm('112040', 'Tracking Unique Identifier'),
  finding: dcm('121071', 'Finding'),
  findingSite: sct('363698007', 'Finding Site'),
  laterality: sct('272741003', 'Laterality'),
  imageRegion: dcm('111030', 'Image Region'),
  center: dcm('111010', 'Center'),
  outline: dcm('111041', 'Outline'),
  algorithmName: dcm('111001', 'Algorithm Name'),
  algorithmVersion: dcm('111003', 'Algorithm Version'),
  algorithmParameters: dcm('111002', 'Algorithm Parameters'),
  probabilityOfCancer: dcm('111047', 'Probability of cancer'),
  certaintyOfFinding: dcm('111012', 'Certainty of Finding'),
  longAxis: sct('103339001', 'Long Axis'),
  shape: sct('107644003', 'Shape'),
  comment: dcm('121106', 'Comment'),
  // Mammography CAD (TID 4000 family)
  cadProcessingAndFindingsSummary: dcm('111017', 'CAD Processing and Findings Summary'),
  individualImpression: dcm('111034', 'Individual Impression/Recommendation'),
  renderingIntent: dcm('111056', 'Rendering Intent'),
  singleImageFinding: dcm('111059', 'Single Image Finding'),
  summaryOfDetections: dcm('111064', 'Summary of Detections'),
  summaryOfAnalyses: dcm('111065', 'Summary of Analyses'),
  successfulDetections: dcm('111063', 'Successful Detections'),
  detectionPerformed: dcm('111022', 'Detection Performed'),
  numberOfCalcifications: dcm('111038', 'Number of calcifications'),
  calcificationDistribution: dcm('111008', 'Calcification Distribution'),
  /** TID 4004/4005: one lesion seen on two views. */
  compositeFeature: dcm('111015', 'Composite Feature'),
  compositeType: dcm('111016', 'Composite Type'),
  scopeOfFeature: dcm('111057', 'Scope of Feature'),
  certaintyOfFeature: dcm('111011', 'Certainty of Feature'),
  /** The screening reading at the model's operating points (private: no standard concept). */
  screeningCategory: sentinelle('SCRCAT', 'Screening category'),
  examScore: sentinelle('EXAMSCORE', 'Exam score'),
  path: dcm('121055', 'Path'),
  // Breast Imaging Report (TID 4200 family)
  personObserverOrganizationName: dcm('121009', "Person Observer's Organization Name"),
  narrativeSummary: dcm('111412', 'Narrative Summary'),
  supplementaryData: dcm('111414', 'Supplementary Data'),
  overallAssessment: dcm('111413', 'Overall Assessment'),
  assessmentCategory: dcm('111005', 'Assessment Category'),
  recommendedFollowUp: dcm('111053', 'Recommended Follow-up'),
  reasonForProcedure: dcm('111401', 'Reason for procedure'),
  breastComposition: sct('129715009', 'Breast composition'),
  margins: dcm('111037', 'Margins'),
  /** CID 6052 section titles and CID 6053 report elements (TID 4202). */
  comparisonToPreviousExams: dcm('111424', 'Comparison to previous exams'),
  findings: dcm('121070', 'Findings'),
  impressions: code('19005-8', 'LN', 'Impressions'),
  impression: dcm('121073', 'Impression'),
  /** CID 7003 purpose of reference: the image a finding was marked on (TID 350). */
  bestIllustrationOfFinding: dcm('121080', 'Best illustration of finding'),
} as const;

export const DOCUMENT_TITLES = {
  imagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  mammographyCadReport: dcm('111036', 'Mammography CAD Report'),
  breastImagingReport: dcm('111400', 'Breast Imaging Report'),
} as const;

export const VALUES = {
  englishUs: code('en-US', 'RFC5646', 'English (United States)'),
  /** CID 5000 Languages, for a report written in the language alone (no country). */
  english: code('en', 'RFC5646', 'English'),
  french: code('fr', 'RFC5646', 'French'),
  /** CID 270 Observer Type. */
  person: dcm('121006', 'Person'),
  device: dcm('121007', 'Device'),
  /** CID 100 has no mammography code; the modality (MG) is in the image library. */
  imagingProcedure: sct('363679005', 'Imaging procedure'),
  mammographyModality: dcm('MG', 'Mammography'),
  breast: sct('76752008', 'Breast'),
  abnormal: sct('263654008', 'Abnormal'),
  /** CID 244 Laterality: the modifier of a finding site (TID 1419) and the TID 1602 image laterality. */
  right: sct('24028007', 'Right'),
  left: sct('7771000', 'Left'),
  /** CID 6022 Side: image laterality and laterality in the Mammography CAD templates. */
  rightBreast: sct('73056007', 'Right breast'),
  leftBreast: sct('80248007', 'Left breast'),
  /** CID 6054 Breast Imaging Findings (TID 1500 finding). */
  mammographicBreastMass: sct('129788004', 'Mammographic breast mass'),
  /**
   * CID 6014 Mammography Single Image Finding: a mass candidate seen on one view is a BI-RADS
   * "density" until a second view confirms it.
   */
  mammographyBreastDensity: sct('129793001', 'Mammography breast density'),
  calcificationCluster: sct('129769006', 'Calcification Cluster'),
  /** CID 6012: a cluster is, in BI-RADS terms, a grouped distribution. */
  groupedDistribution: sct('129766004', 'Grouped calcification distribution'),
  /** CID 6004 Mammography Characteristics of Shape. */
  roundShape: sct('42700002', 'Round shape'),
  ovalShape: sct('84360004', 'Ovoid shape (Oval)'),
  irregularShape: sct('49608001', 'Irregular'),
  // CID 6034, 6042, 6047
  presentationRequired: dcm('111150', 'Presentation Required: Rendering device is expected to present'),
  presentationOptional: dcm('111151', 'Presentation Optional: Rendering device may present'),
  succeeded: dcm('111222', 'Succeeded'),
  notAttempted: dcm('111225', 'Not Attempted'),
  allSucceededWithFindings: dcm('111242', 'All algorithms succeeded; with findings'),
  allSucceededWithoutFindings: dcm('111241', 'All algorithms succeeded; without findings'),
  /** CID 6035 and CID 6036: the two views of one lesion. */
  relatedSpatially: dcm('111154', 'Target content items are related spatially'),
  detectedOnMultipleImages: dcm('111158', 'Feature detected on multiple images'),
  /** The screening categories (private scheme: see SENTINELLE_SCHEME). */
  elevated: sentinelle('ELEVATED', 'Elevated'),
  intermediate: sentinelle('INTERMEDIATE', 'Intermediate'),
  likelyNormal: sentinelle('LIKELYNORMAL', 'Likely normal'),
  bothBreasts: sct('63762007', 'Both breasts'),
  /** CID 6050 Breast Procedure Reported; screening or diagnostic is its reason (CID 6051). */
  digitalMammography: dcm('111409', 'Digital Mammography'),
  screening: sct('360156006', 'Screening'),
  diagnostic: sct('261004008', 'Diagnostic'),
  /** CID 6000 Overall Breast Composition: BI-RADS a, b, c, d. */
  almostEntirelyFat: sct('129716005', 'Almost entirely fat'),
  scatteredFibroglandularDensities: sct('129717001', 'Scattered fibroglandular densities'),
  heterogeneouslyDense: sct('129718006', 'Heterogeneously dense'),
  extremelyDense: sct('129719003', 'Extremely dense'),
  /** CID 6006 Mammography Characteristics of Margin. */
  circumscribedLesion: sct('129738007', 'Circumscribed lesion'),
  microlobulatedLesion: sct('129739004', 'Microlobulated lesion'),
  obscuredLesion: sct('129740002', 'Obscured lesion'),
  indistinctLesion: sct('129741003', 'Indistinct lesion'),
  spiculatedLesion: sct('129742005', 'Spiculated lesion'),
  /**
   * CID 6026 Mammography Assessment (which includes CID 6027, Assessment from BI-RADS). The
   * sub-categories of 4 and category 6 have only BI-RADS codes.
   */
  biradsIncomplete: sct('397138000', '0 - Incomplete - Need additional imaging evaluation +/- priors'),
  biradsNegative: sct('397140005', '1 - Negative'),
  biradsBenign: sct('397141009', '2 - Benign'),
  biradsProbablyBenign: sct('397143007', '3 - Probably Benign'),
  biradsSuspicious: sct('397144001', '4 - Suspicious'),
  biradsLowSuspicion: birads('MA.II.A.5.4A', '4A - Low suspicion'),
  biradsIntermediateSuspicion: birads('MA.II.A.5.4B', '4B - Intermediate suspicion'),
  biradsModerateSuspicion: birads('MA.II.A.5.4C', '4C - Moderate suspicion'),
  biradsHighlySuggestive: sct('397145000', '5 - Highly suggestive of malignancy'),
  biradsKnownMalignancy: birads('MA.II.A.5.6', '6 - Known biopsy proven malignancy'),
  /** CID 6028 Mammography Recommended Follow-up. */
  evaluationProcedure: sct('386053000', 'Evaluation procedure'),
  oldFilmsForComparison: dcm('111138', 'Old films for comparison'),
  normalIntervalFollowUp: dcm('111140', 'Normal interval follow-up'),
  shortIntervalFollowUp: dcm('111142', 'Follow-up at short interval (1-11 months)'),
  biopsyShouldBeConsidered: dcm('111143', 'Biopsy should be considered'),
  surgicalConsult: dcm('111410', 'Surgical consult'),
  biopsyOnClinicalAssessment: dcm('111141', 'Any decision to biopsy should be based on clinical assessment'),
  // SEG
  segmentation: dcm('113076', 'Segmentation'),
  sourceImageForProcessing: dcm('121322', 'Source image for image processing operation'),
  /** CID 7150 Segmentation Property Category. */
  morphologicallyAbnormalStructure: sct('49755003', 'Morphologically Abnormal Structure'),
  /** CID 7151 (via CID 7159 Lesion Segmentation Type). */
  mass: sct('4147007', 'Mass'),
  calcification: sct('18115005', 'Pathologic calcification'),
} as const;
