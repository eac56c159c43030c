import type { NaturalizedDataset } from 'dcmjs';
import { DicomRenderError, type CodedConcept, type SourceImage, type StudyContext } from './types';

/**
 * The identity, grid, laterality, view and spacing of a source mammogram, from its header as
 * dcmjs naturalizes it. Throws DicomRenderError when a UID or the pixel grid is missing.
 */
export function sourceImageFromDataset(dataset: NaturalizedDataset): SourceImage {
  const required = (keyword: string): string => {
    const value = firstString(dataset[keyword]);
    if (!value) throw new DicomRenderError(`the source image has no ${keyword}`);
    return value;
  };
  const rows = firstNumber(dataset.Rows);
  const columns = firstNumber(dataset.Columns);
  if (rows === null || columns === null)
    throw new DicomRenderError('the source image has no Rows or Columns');
  const laterality = firstString(dataset.ImageLaterality) ?? firstString(dataset.Laterality);
  const viewCode = codeFrom(firstItem(dataset.ViewCodeSequence));
  const frameOfReferenceUid = firstString(dataset.FrameOfReferenceUID);
  const spacing = numbers(dataset.PixelSpacing) ?? numbers(dataset.ImagerPixelSpacing);
  return {
    sopClassUid: required('SOPClassUID'),
    sopInstanceUid: required('SOPInstanceUID'),
    seriesInstanceUid: required('SeriesInstanceUID'),
    studyInstanceUid: required('StudyInstanceUID'),
    rows,
    columns,
    laterality: laterality === 'L' || laterality === 'R' ? laterality : null,
    ...(viewCode ? { viewCode } : {}),
    ...(frameOfReferenceUid ? { frameOfReferenceUid } : {}),
    ...(spacing && spacing.length >= 2 && spacing[0]! > 0 && spacing[1]! > 0
      ? { pixelSpacing: { rowMm: spacing[0]!, columnMm: spacing[1]! } }
      : {}),
  };
}

/** The Patient and General Study attributes of a source image's header. */
export function studyContextFromDataset(dataset: NaturalizedDataset): StudyContext {
  const value = (keyword: string): string => firstString(dataset[keyword]) ?? '';
  const optional = (keyword: string): { [key: string]: string } => {
    const found = firstString(dataset[keyword]);
    return found ? { [keyword]: found } : {};
  };
  const description = optional('StudyDescription').StudyDescription;
  const issuer = optional('IssuerOfPatientID').IssuerOfPatientID;
  const offset = optional('TimezoneOffsetFromUTC').TimezoneOffsetFromUTC;
  const charset = firstString(dataset.SpecificCharacterSet);
  return {
    patientName: personName(dataset.PatientName),
    patientId: value('PatientID'),
    patientBirthDate: value('PatientBirthDate'),
    patientSex: value('PatientSex'),
    studyDate: value('StudyDate'),
    studyTime: value('StudyTime'),
    accessionNumber: value('AccessionNumber'),
    referringPhysicianName: personName(dataset.ReferringPhysicianName),
    studyId: value('StudyID'),
    ...(description ? { studyDescription: description } : {}),
    ...(issuer ? { issuerOfPatientId: issuer } : {}),
    ...(offset ? { timezoneOffsetFromUtc: offset } : {}),
    ...(charset ? { specificCharacterSet: charset } : {}),
  };
}

function firstItem(value: unknown): NaturalizedDataset | null {
  const item = Array.isArray(value) ? value[0] : value;
  return typeof item === 'object' && item !== null && !(item instanceof ArrayBuffer)
    ? (item as NaturalizedDataset)
    : null;
}

function codeFrom(item: NaturalizedDataset | null): CodedConcept | null {
  if (!item) return null;
  const value = firstString(item.CodeValue);
  const scheme = firstString(item.CodingSchemeDesignator);
  const meaning = firstString(item.CodeMeaning);
  return value && scheme && meaning ? { value, scheme, meaning } : null;
}

function firstString(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'number') return String(first);
  if (typeof first !== 'string') return null;
  const trimmed = first.trim();
  return trimmed === '' ? null : trimmed;
}

function firstNumber(value: unknown): number | null {
  const first = Array.isArray(value) ? value[0] : value;
  const number = typeof first === 'string' ? Number(first) : first;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

function numbers(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  const parsed = value.map((entry) => (typeof entry === 'string' ? Number(entry) : entry));
  return parsed.every((entry): entry is number => typeof entry === 'number' && Number.isFinite(entry))
    ? parsed
    : null;
}

/** dcmjs naturalizes PN as `[{ Alphabetic }]`; older files may give a plain string. */
function personName(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.trim();
  if (typeof first === 'object' && first !== null && 'Alphabetic' in first) {
    const alphabetic = (first as { Alphabetic: unknown }).Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic.trim() : '';
  }
  return '';
}
