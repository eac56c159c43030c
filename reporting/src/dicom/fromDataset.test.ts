import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceImageFromDataset, studyContextFromDataset } from './fromDataset';
import { readPart10 } from './part10';
import { DicomRenderError } from './types';
import { mammographyViewCode } from './viewCodes';

const SIEMENS = fileURLToPath(
  new URL('../../../../shared/fixtures/dicom/siemens-mammomat-lcc-stereo-jpeg-lossless.dcm', import.meta.url),
);

test('sourceImageFromDataset reads the Siemens mammogram: UIDs, grid, laterality, view, imager spacing', () => {
  const dataset = readPart10(readFileSync(SIEMENS));
  expect(sourceImageFromDataset(dataset)).toEqual({
    sopClassUid: '1.2.840.10008.5.1.4.1.1.1.2',
    sopInstanceUid: '1.3.12.2.1107.4',
    seriesInstanceUid: '1.3.12.2.1107.5.12',
    studyInstanceUid: '1.2.124.1',
    rows: 788,
    columns: 1318,
    laterality: 'L',
    viewCode: { value: 'R-10242', scheme: 'SNM3', meaning: 'cranio-caudal' },
    pixelSpacing: { rowMm: 0.085, columnMm: 0.085 },
  });
  expect(studyContextFromDataset(dataset)).toEqual({
    patientName: 'AAAAAA^BBBBBBB',
    patientId: '202009101100',
    patientBirthDate: '20000101',
    patientSex: 'F',
    studyDate: '20200910',
    studyTime: '110000',
    accessionNumber: '202009101100',
    referringPhysicianName: 'TEST TEST',
    studyId: '1',
    studyDescription: 'cilinderbiopsie',
    specificCharacterSet: 'ISO_IR 192',
  });
});

test('mammographyViewCode maps SNOMED-RT view codes to CID 4014 and drops codes outside it', () => {
  expect(mammographyViewCode({ value: 'R-10242', scheme: 'SNM3', meaning: 'cranio-caudal' })).toEqual({
    value: '399162004',
    scheme: 'SCT',
    meaning: 'cranio-caudal',
  });
  expect(
    mammographyViewCode({ value: '399368009', scheme: 'SCT', meaning: 'mediolateral oblique' })?.meaning,
  ).toBe('medio-lateral oblique');
  expect(mammographyViewCode({ value: '399348003', scheme: 'SCT', meaning: 'antero-posterior' })).toBeNull();
});

test('sourceImageFromDataset refuses a header without UIDs or grid', () => {
  expect(() => sourceImageFromDataset({ Rows: 10, Columns: 10 })).toThrow(DicomRenderError);
  expect(() =>
    sourceImageFromDataset({
      SOPClassUID: '1',
      SOPInstanceUID: '2',
      SeriesInstanceUID: '3',
      StudyInstanceUID: '4',
    }),
  ).toThrow(/no Rows or Columns/);
});
