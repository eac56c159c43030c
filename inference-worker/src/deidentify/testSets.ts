/**
 * Test inputs for the de-identification (used by its tests only): the shared DICOM fixtures, a
 * synthetic study with Sentinelle's own SR and SEG, a prior exam of the same patient, and a file
 * built to hide identity everywhere the profile must look (private groups, nested sequences,
 * person names in sequences, overlays, a name typed into a comment).
 */
import dcmjs, { type DenaturalizedDataset } from 'dcmjs';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  readPart10,
  renderAiResultsSr,
  renderLesionSeg,
  renderMammoCadSr,
  renderReaderRevisionSr,
  writePart10,
  type ReaderRevision,
} from '@sentinelle/reporting';
import { createSyntheticStudy } from '@sentinelle/reporting/testing/study';
import { FIXTURES } from '../testing/sharedData';

export interface TestFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export const SIEMENS_FIXTURE = join(FIXTURES, 'dicom', 'siemens-mammomat-lcc-stereo-jpeg-lossless.dcm');
export const SYNTHETIC_MG_FIXTURE = join(FIXTURES, 'dicom', 'mg-synthetic-explicit-little.dcm');

export function fixtureFile(path: string): TestFile {
  return { name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)) };
}

/** The identity the synthetic study carries (reporting's syntheticStudy). */
export const SYNTHETIC_IDENTITY = {
  patientName: 'Dupont^Élodie',
  patientId: 'SENT-0001',
  birthDate: '19700512',
  accession: 'ACC-2025-0042',
  referringPhysician: 'Martin^Claire',
  studyDate: '20250304',
} as const;

/**
 * The synthetic two-view study, its AI results SR, Mammography CAD SR, lesion SEG, and a reader's
 * revision SR (a PNAME observer and a typed note) pointing back at the AI SR.
 */
export function studyWithResults(dir: string): TestFile[] {
  mkdirSync(dir, { recursive: true });
  const study = createSyntheticStudy(dir);
  const now = new Date('2025-03-04T10:00:00Z');
  const aiSr = renderAiResultsSr(study.exam, study.sources, study.context, {
    now,
    institutionName: 'Clinique des Lilas',
  });
  const cadSr = renderMammoCadSr(study.exam, study.sources, study.context, { now });
  const seg = renderLesionSeg(study.exam, study.sources, study.context, {
    now,
    deviceSerialNumber: 'SN-77421',
  });
  if (!seg) throw new Error('the synthetic study gave no SEG');
  const revision: ReaderRevision = {
    reader: { personName: 'Martin^Claire', login: 'cmartin' },
    aiSr: {
      studyInstanceUid: aiSr.studyInstanceUid,
      seriesInstanceUid: aiSr.seriesInstanceUid,
      sopInstanceUid: aiSr.sopInstanceUid,
      sopClassUid: aiSr.sopClassUid,
    },
    revisionNumber: 2,
    findings: [
      {
        id: 'R1',
        aiLesionKey: null,
        sopInstanceUid: study.sources[0]!.sopInstanceUid,
        type: 'mass',
        region: { kind: 'point', point: { x: 60, y: 80 } },
        diameterMm: 3,
        shape: 'oval',
        note: 'Vue avec Mme Dupont, contrôle dans 6 mois.',
      },
    ],
    createdAt: '2025-03-05T08:15:00.000Z',
  };
  const readerSr = renderReaderRevisionSr(revision, study.sources, study.context, { now });
  return [
    { name: 'study/source-lcc.dcm', bytes: new Uint8Array(readFileSync(study.files.cc)) },
    { name: 'study/source-lmlo.dcm', bytes: new Uint8Array(readFileSync(study.files.mlo)) },
    { name: 'study/ai-results-sr.dcm', bytes: aiSr.bytes },
    { name: 'study/mammo-cad-sr.dcm', bytes: cadSr.bytes },
    { name: 'study/lesions-seg.dcm', bytes: seg.bytes },
    { name: 'study/reader-revision-sr.dcm', bytes: readerSr.bytes },
  ];
}

/** The same patient's exam `daysEarlier` days before: new study UIDs, every date moved. */
export function priorExam(image: TestFile, daysEarlier: number): TestFile {
  const ds = readPart10(image.bytes);
  const move = (date: unknown) => {
    const d = new Date(
      `${String(date).slice(0, 4)}-${String(date).slice(4, 6)}-${String(date).slice(6, 8)}T00:00:00Z`,
    );
    d.setUTCDate(d.getUTCDate() - daysEarlier);
    return d.toISOString().slice(0, 10).replace(/-/g, '');
  };
  const prior = {
    ...ds,
    StudyDate: move(ds.StudyDate),
    ContentDate: move(ds.ContentDate),
    StudyInstanceUID: `${String(ds.StudyInstanceUID)}.9`,
    SeriesInstanceUID: `${String(ds.SeriesInstanceUID)}.9`,
    SOPInstanceUID: `${String(ds.SOPInstanceUID)}.9`,
    AccessionNumber: 'ACC-2024-0007',
  };
  return { name: `prior-${image.name.split('/').pop()}`, bytes: writePart10(prior) };
}

/** Identity this file hides; every value must be gone from its de-identified copy. */
export const HIDDEN_IDENTITY = {
  patientName: 'Lefèvre^Jeanne^Marie',
  patientId: 'IPP-4471-2209',
  otherId: 'NIR-2700575123456',
  birthDate: '19611103',
  accession: 'RIS-99812',
  institution: 'Centre Hospitalier de Vannes',
  operator: 'Kerbrat^Yann',
  performer: 'Le Goff^Anne',
  privateNote: 'Jeanne Lefevre chambre 12',
} as const;

/**
 * A small MG image whose identity hides in private groups, nested sequences (a person name two
 * levels down), an overlay plane and a curve, and an Image Comments the modality typed.
 */
export function fileWithHiddenIdentity(): TestFile {
  const rows = 64;
  const columns = 48;
  const pixels = new Uint16Array(rows * columns).map((_, i) => 500 + (i % columns) * 10);
  const el = (vr: string, ...Value: unknown[]) => ({ vr, Value });
  const dict: DenaturalizedDataset = {
    '00080005': el('CS', 'ISO_IR 192'),
    '00080008': el('CS', 'ORIGINAL', 'PRIMARY'),
    '00080016': el('UI', '1.2.840.10008.5.1.4.1.1.1.2'),
    '00080018': el('UI', '1.2.826.0.1.3680043.10.1404.77.1.1'),
    '00080020': el('DA', '20240611'),
    '00080030': el('TM', '101500'),
    '00080050': el('SH', HIDDEN_IDENTITY.accession),
    '00080060': el('CS', 'MG'),
    '00080070': el('LO', 'Synthetic Modality'),
    '00080080': el('LO', HIDDEN_IDENTITY.institution),
    '00080090': el('PN', { Alphabetic: 'Morvan^Paul' }),
    '00081010': el('SH', 'MAMMO-VANNES-2'),
    '00081030': el('LO', 'Mammographie bilatérale'),
    '00081070': el('PN', { Alphabetic: HIDDEN_IDENTITY.operator }),
    '00081110': el('SQ', {
      '00081150': el('UI', '1.2.840.10008.3.1.2.3.1'),
      '00081155': el('UI', '1.2.826.0.1.3680043.10.1404.77.99'),
    }),
    // Not in Table E.1-1: kept, and cleaned inside (a person name two levels down).
    '00400260': el('SQ', {
      '00080100': el('SH', 'P5-40010'),
      '00080102': el('SH', 'SRT'),
      '00080104': el('LO', 'Mammography'),
      '00400440': el('SQ', {
        '00080100': el('SH', '1'),
        '00080102': el('SH', '99LOCAL'),
        '00080104': el('LO', 'Performed by'),
        '0040A123': el('PN', { Alphabetic: HIDDEN_IDENTITY.performer }),
        '0040A121': el('DA', '20240611'),
      }),
    }),
    '00100010': el('PN', { Alphabetic: HIDDEN_IDENTITY.patientName }),
    '00100020': el('LO', HIDDEN_IDENTITY.patientId),
    '00100030': el('DA', HIDDEN_IDENTITY.birthDate),
    '00100040': el('CS', 'F'),
    '00101000': el('LO', HIDDEN_IDENTITY.otherId),
    '00101002': el('SQ', { '00100020': el('LO', HIDDEN_IDENTITY.otherId), '00100022': el('CS', 'TEXT') }),
    '00181000': el('LO', 'SN-DEVICE-8841'),
    '00185101': el('CS', 'CC'),
    '0020000D': el('UI', '1.2.826.0.1.3680043.10.1404.77'),
    '0020000E': el('UI', '1.2.826.0.1.3680043.10.1404.77.1'),
    '00200010': el('SH', 'ST-5531'),
    '00200013': el('IS', 1),
    '00200062': el('CS', 'R'),
    '00204000': el(
      'LT',
      `Patiente ${HIDDEN_IDENTITY.patientName.replace(/\^/g, ' ')}, ${HIDDEN_IDENTITY.patientId}`,
    ),
    '00280002': el('US', 1),
    '00280004': el('CS', 'MONOCHROME2'),
    '00280010': el('US', rows),
    '00280011': el('US', columns),
    '00280100': el('US', 16),
    '00280101': el('US', 12),
    '00280102': el('US', 11),
    '00280103': el('US', 0),
    '00290010': el('LO', 'ACME PRIVATE'),
    '00291010': el('LT', HIDDEN_IDENTITY.privateNote),
    '00291011': el('SQ', { '00100010': el('PN', { Alphabetic: HIDDEN_IDENTITY.patientName }) }),
    '50000010': el('US', 2),
    '60000010': el('US', rows),
    '60000011': el('US', columns),
    '60000022': el('LO', 'Patient name mark'),
    '60000040': el('CS', 'G'),
    '60000050': el('SS', 1, 1),
    '60000100': el('US', 1),
    '60000102': el('US', 0),
    '60003000': el('OW', new Uint8Array((rows * columns) / 8).fill(0xff).buffer),
    '7FE00010': el('OW', pixels.buffer),
  };
  const meta: DenaturalizedDataset = {
    '00020001': el('OB', new Uint8Array([0, 1]).buffer),
    '00020002': el('UI', '1.2.840.10008.5.1.4.1.1.1.2'),
    '00020003': el('UI', '1.2.826.0.1.3680043.10.1404.77.1.1'),
    '00020010': el('UI', '1.2.840.10008.1.2.1'),
  };
  const file = new dcmjs.data.DicomDict(meta);
  file.dict = dict;
  return { name: 'hidden-identity.dcm', bytes: new Uint8Array(file.write()) };
}

/**
 * A mammogram (the FFDM fixture's pixels, label burned in by the OCR module's test helper) as a
 * DICOM MG file, MONOCHROME2 or, with the stored values turned round, MONOCHROME1.
 */
export function mammogramFile(
  image: {
    readonly width: number;
    readonly height: number;
    readonly bitsStored: number;
    readonly data: Uint16Array | Uint8Array;
  },
  photometric: 'MONOCHROME1' | 'MONOCHROME2',
  name: string,
): TestFile {
  const max = 2 ** image.bitsStored - 1;
  const stored = Uint16Array.from(image.data, (v) => (photometric === 'MONOCHROME1' ? max - v : v));
  const dataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['ORIGINAL', 'PRIMARY'],
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2',
    SOPInstanceUID: `1.2.826.0.1.3680043.10.1404.88.${photometric === 'MONOCHROME1' ? 1 : 2}`,
    StudyInstanceUID: '1.2.826.0.1.3680043.10.1404.88',
    SeriesInstanceUID: '1.2.826.0.1.3680043.10.1404.88.0',
    StudyDate: '20240115',
    Modality: 'MG',
    Manufacturer: 'Synthetic Modality',
    PatientName: [{ Alphabetic: 'Dupont^Marie' }],
    PatientID: 'IPP-1961-0312',
    PatientBirthDate: '19610312',
    PatientSex: 'F',
    InstitutionName: 'Centre Hospitalier',
    ImageLaterality: 'L',
    ViewPosition: 'CC',
    SamplesPerPixel: 1,
    PhotometricInterpretation: photometric,
    Rows: image.height,
    Columns: image.width,
    BitsAllocated: 16,
    BitsStored: image.bitsStored,
    HighBit: image.bitsStored - 1,
    PixelRepresentation: 0,
    BurnedInAnnotation: 'YES',
    PixelData: [stored.buffer],
    _vrMap: { PixelData: 'OW' },
  };
  return { name, bytes: writePart10(dataset) };
}
