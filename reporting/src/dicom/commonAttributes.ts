import type { NaturalizedDataset } from 'dcmjs';
import { dicomDateTime, parseTimezoneOffset, type DicomDateTime } from './dicomValues';
import { SENTINELLE_MANUFACTURER, type Equipment } from './sentinelleMarker';
import type { RenderOptions, StudyContext } from './types';

/** The clock of one produced object: content time (the findings') and creation time (now). */
export interface ObjectTimes {
  readonly content: DicomDateTime;
  readonly creation: DicomDateTime;
  /** Timezone Offset From UTC to write, when the source study has one. */
  readonly timezoneOffsetFromUtc: string | null;
}

/**
 * Dates and times in the source study's offset from UTC when it declares one, otherwise in this
 * server's local time (what an unqualified DICOM time means).
 */
export function objectTimes(context: StudyContext, createdAt: string, now: Date): ObjectTimes {
  const declaredText = context.timezoneOffsetFromUtc?.trim() ?? null;
  const declared = declaredText === null ? null : parseTimezoneOffset(declaredText);
  const content = new Date(createdAt);
  const offset = (instant: Date): number => declared ?? -instant.getTimezoneOffset();
  return {
    content: dicomDateTime(content, offset(content)),
    creation: dicomDateTime(now, offset(now)),
    timezoneOffsetFromUtc: declared === null ? null : declaredText,
  };
}

/** Patient and General Study modules, copied from the source study. */
export function patientAndStudy(context: StudyContext, studyInstanceUid: string): NaturalizedDataset {
  const dataset: NaturalizedDataset = {
    PatientName: personName(context.patientName),
    PatientID: context.patientId,
    PatientBirthDate: context.patientBirthDate,
    PatientSex: context.patientSex,
    StudyInstanceUID: studyInstanceUid,
    StudyDate: context.studyDate,
    StudyTime: context.studyTime,
    ReferringPhysicianName: personName(context.referringPhysicianName),
    StudyID: context.studyId,
    AccessionNumber: context.accessionNumber,
  };
  if (context.issuerOfPatientId) dataset.IssuerOfPatientID = context.issuerOfPatientId;
  if (context.studyDescription) dataset.StudyDescription = context.studyDescription;
  return dataset;
}

export interface SeriesIdentity {
  readonly modality: 'SR' | 'SEG';
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number;
  /** Series Description, e.g. aiSeriesDescription('SEG'). */
  readonly description: string;
}

/** General Series (or SR Document Series / Segmentation Series) and General Equipment. */
export function seriesAndEquipment(
  series: SeriesIdentity,
  equipment: Equipment,
  times: ObjectTimes,
  options: RenderOptions,
): NaturalizedDataset {
  const dataset: NaturalizedDataset = {
    Modality: series.modality,
    SeriesInstanceUID: series.seriesInstanceUid,
    SeriesNumber: series.seriesNumber,
    SeriesDate: times.content.date,
    SeriesTime: times.content.time,
    SeriesDescription: series.description,
    Manufacturer: SENTINELLE_MANUFACTURER,
    ManufacturerModelName: equipment.modelName,
    SoftwareVersions: equipment.softwareVersions,
  };
  // Type 2 in the SR Document Series module; in a SEG it is 1C and Sentinelle has no MPPS to cite.
  if (series.modality === 'SR') dataset.ReferencedPerformedProcedureStepSequence = [];
  if (options.institutionName) dataset.InstitutionName = options.institutionName;
  if (options.deviceSerialNumber) dataset.DeviceSerialNumber = options.deviceSerialNumber;
  return dataset;
}

/** SOP Common module. Produced objects are UTF-8 (French names keep their accents). */
export function sopCommon(
  sopClassUid: string,
  sopInstanceUid: string,
  times: ObjectTimes,
): NaturalizedDataset {
  const dataset: NaturalizedDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: sopClassUid,
    SOPInstanceUID: sopInstanceUid,
    InstanceCreationDate: times.creation.date,
    InstanceCreationTime: times.creation.time,
  };
  if (times.timezoneOffsetFromUtc !== null) dataset.TimezoneOffsetFromUTC = times.timezoneOffsetFromUtc;
  return dataset;
}

/** dcmjs writes a PN from `{ Alphabetic }`; an empty name stays an empty (type 2) value. */
function personName(name: string): unknown {
  return name === '' ? '' : [{ Alphabetic: name }];
}
