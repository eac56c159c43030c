/**
 * The codes the FHIR rendering of a report writes. Concepts the DICOM renderings share (breast
 * sides, mass shapes, finding types) come from ../dicom/codes, so that SR and FHIR say the same.
 *
 * Sources checked:
 * - LOINC 24606-6 "MG Breast Screening", 24605-8 "MG Breast Diagnostic": the ANS value set
 *   "JDV Code Document Imagerie CISIS" (OID 1.2.250.1.213.1.1.5.687), which also gives their French
 *   names, and the VSAC "Mammography" value set (OID 2.16.840.1.113883.3.464.1003.108.11.1047) as
 *   quality-measure tooling reproduces it.
 * - BI-RADS assessment categories: SNOMED CT "Mammography assessment (Category n)" findings 0–5
 *   (International Edition); 4A, 4B, 4C and 6 are extension concepts (namespace 1000179) used by the
 *   HL7 Portugal value set "CPE - BI-RADS Scale Result" (OID 2.16.620.1.101.10.4.6.183) and the HL7
 *   Lithuania breast IG. 4A–4C also carry the International category 4 code for receivers that
 *   only know the International Edition.
 * - Breast composition values, mass margins, "Breast composition" (SCT 129715009), "Assessment
 *   Category" (DCM 111005), "Margins" (DCM 111037): DICOM PS3.16 (CID 6000, 6006, 6052 and the DCM
 *   vocabulary), as pydicom's generated concept dictionaries list them.
 */
import type { Coding } from '@medplum/fhirtypes';
import type { BiradsCategory } from '../findings/readerReview';
import type { BreastLaterality } from '../findings/imageFindings';
import type { LesionType, MassShape } from '../findings/lesion';
import { CONCEPTS, VALUES } from '../dicom/codes';
import type { CodedConcept } from '../dicom/types';
import type { BreastComposition, ExamType, MassMargin } from '../report/model';

export const SYSTEMS = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  ucum: 'http://unitsofmeasure.org',
  /** HL7 v2 table 0074, Diagnostic Service Section ID. */
  diagnosticServiceSection: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  /** HL7 v2 table 0203, Identifier Type. */
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  /** DICOM UIDs as identifiers: value "urn:oid:<uid>". */
  dicomUid: 'urn:dicom:uid',
  /** Any URI as identifier, here "urn:uuid:…". */
  uri: 'urn:ietf:rfc:3986',
} as const;

export const EXTENSIONS = {
  /** Core R4 extension on DiagnosticReport: the report this one supplements. */
  addendumOf: 'http://hl7.org/fhir/StructureDefinition/diagnosticReport-addendumOf',
} as const;

const SCHEME_SYSTEMS: Readonly<Record<string, string>> = {
  SCT: SYSTEMS.snomed,
  DCM: SYSTEMS.dicom,
  UCUM: SYSTEMS.ucum,
  LN: SYSTEMS.loinc,
};

/** A DICOM coded concept as a FHIR Coding. */
export function codingOf(concept: CodedConcept): Coding {
  const system = SCHEME_SYSTEMS[concept.scheme];
  if (system === undefined) throw new Error(`no FHIR system for coding scheme ${concept.scheme}`);
  return { system, code: concept.value, display: concept.meaning };
}

const coding = (system: string, code: string, display: string): Coding => ({ system, code, display });
const loinc = (code: string, display: string): Coding => coding(SYSTEMS.loinc, code, display);
const sct = (code: string, display: string): Coding => coding(SYSTEMS.snomed, code, display);
const dcm = (code: string, display: string): Coding => coding(SYSTEMS.dicom, code, display);

export const RADIOLOGY_SECTION = coding(SYSTEMS.diagnosticServiceSection, 'RAD', 'Radiology');
export const IMAGING_CATEGORY = coding(SYSTEMS.observationCategory, 'imaging', 'Imaging');
export const MEDICAL_RECORD_NUMBER = coding(SYSTEMS.identifierType, 'MR', 'Medical record number');
export const ACCESSION_ID = coding(SYSTEMS.identifierType, 'ACSN', 'Accession ID');

export const REPORT_CODES: Readonly<Record<ExamType, Coding>> = {
  screening: loinc('24606-6', 'MG Breast Screening'),
  diagnostic: loinc('24605-8', 'MG Breast Diagnostic'),
};

export const OBSERVATION_CODES = {
  assessmentCategory: dcm('111005', 'Assessment Category'),
  // The concept DICOM's Breast Imaging Report uses (CID 6052, 6053), as ../dicom's TID 4200 does.
  breastComposition: sct('129715009', 'Breast composition'),
  margins: dcm('111037', 'Margins'),
  /** The shape concept of the Mammography CAD and Breast Imaging Report SRs. */
  shape: codingOf(CONCEPTS.shape),
  probabilityOfCancer: codingOf(CONCEPTS.probabilityOfCancer),
} as const;

export function breastSite(laterality: BreastLaterality): Coding {
  return codingOf(laterality === 'R' ? VALUES.rightBreast : VALUES.leftBreast);
}

export function findingType(type: LesionType): Coding {
  return codingOf(type === 'mass' ? VALUES.mammographicBreastMass : VALUES.calcificationCluster);
}

export function shapeCoding(shape: MassShape): Coding {
  switch (shape) {
    case 'round':
      return codingOf(VALUES.roundShape);
    case 'oval':
      return codingOf(VALUES.ovalShape);
    case 'irregular':
      return codingOf(VALUES.irregularShape);
  }
}

export const MARGIN_CODES: Readonly<Record<MassMargin, Coding>> = {
  circumscribed: sct('129738007', 'Circumscribed lesion'),
  obscured: sct('129740002', 'Obscured lesion'),
  microlobulated: sct('129739004', 'Microlobulated lesion'),
  indistinct: sct('129741003', 'Indistinct lesion'),
  spiculated: sct('129742005', 'Spiculated lesion'),
};

export const COMPOSITION_CODES: Readonly<Record<BreastComposition, Coding>> = {
  a: sct('129716005', 'Almost entirely fat breast composition'),
  b: sct('129717001', 'Mammographic breast composition showing scattered fibroglandular densities'),
  c: sct('129718006', 'Heterogeneously dense breast composition'),
  d: sct('129719003', 'Extremely dense breast composition'),
};

const CATEGORY_4 = sct(
  '397144001',
  'Mammography assessment (Category 4) - Suspicious abnormality, biopsy should be considered',
);

/** Most specific first. */
export const BIRADS_CODES: Readonly<Record<BiradsCategory, readonly Coding[]>> = {
  '0': [sct('397138000', 'Mammography assessment (Category 0) - Need additional imaging evaluation')],
  '1': [sct('397140005', 'Mammography assessment (Category 1) - Negative')],
  '2': [sct('397141009', 'Mammography assessment (Category 2) - Benign finding')],
  '3': [
    sct(
      '397143007',
      'Mammography assessment (Category 3) - Probably benign finding, short interval follow-up',
    ),
  ],
  '4': [CATEGORY_4],
  '4A': [
    sct(
      '6121000179106',
      'Mammography assessment (Category 4A) - Suspicious abnormality, biopsy should be considered, low suspicion of malignancy',
    ),
    CATEGORY_4,
  ],
  '4B': [
    sct(
      '6131000179108',
      'Mammography assessment (Category 4B) - Suspicious abnormality, biopsy should be considered, moderate suspicion of malignancy',
    ),
    CATEGORY_4,
  ],
  '4C': [
    sct(
      '6141000179100',
      'Mammography assessment (Category 4C) - Suspicious abnormality, biopsy should be considered, high suspicion of malignancy',
    ),
    CATEGORY_4,
  ],
  '5': [sct('397145000', 'Mammography assessment (Category 5) - Highly suggestive of malignancy')],
  '6': [sct('6111000179101', 'Mammography assessment (Category 6) - known biopsy, proven malignancy')],
};
