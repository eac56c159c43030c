import { writePart10 } from '@sentinelle/reporting';
import { HttpError } from '../http/errors';
import { readPart10Identity } from './part10Identity';
import { stowBoundary, stowParts } from './stowBody';

const MG = '1.2.840.10008.5.1.4.1.1.1.2';

function file(patientId: string, studyUid: string, extra: Record<string, unknown> = {}): Buffer {
  return Buffer.from(
    writePart10({
      SOPClassUID: MG,
      SOPInstanceUID: '1.2.3.4.5',
      StudyInstanceUID: studyUid,
      SeriesInstanceUID: '1.2.3.4',
      PatientID: patientId,
      Modality: 'MG',
      ...extra,
    }),
  );
}

function body(parts: readonly Buffer[], boundary = 'b0undary'): Buffer {
  return Buffer.concat([
    ...parts.flatMap((p) => [
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      p,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}

const status = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (error) {
    return error instanceof HttpError ? error.status : String(error);
  }
};

describe('part10Identity', () => {
  test('part10Identity reads the study, patient and institution past sequences', () => {
    const identity = readPart10Identity(
      file('PAT-1', '1.2.3', {
        InstitutionName: 'Hopital B',
        IssuerOfPatientID: 'ISSUER',
        OtherPatientIDsSequence: [{ PatientID: 'DECOY', IssuerOfPatientID: 'X' }],
        ProcedureCodeSequence: [{ CodeValue: '1', CodingSchemeDesignator: 'L', CodeMeaning: 'x' }],
      }),
    );
    expect(identity).toEqual({
      studyInstanceUid: '1.2.3',
      patientId: 'PAT-1',
      issuerOfPatientId: 'ISSUER',
      institutionName: 'Hopital B',
    });
  });

  test('part10Identity refuses an attribute repeated or out of order, which Orthanc could read otherwise', () => {
    const value = Buffer.from('Hopital B ');
    const header = Buffer.from([0x08, 0x00, 0x80, 0x00, 0x4c, 0x4f, value.length, 0x00]);
    const misplaced = Buffer.concat([file('PAT-1', '1.2.3'), header, value]);
    expect(() => readPart10Identity(misplaced)).toThrow(/repeats or misorders/);
  });

  test('part10Identity refuses what is not a whole Part 10 file', () => {
    const whole = file('PAT-1', '1.2.3');
    expect(() => readPart10Identity(Buffer.from('not DICOM'))).toThrow(/not a DICOM Part 10 file/);
    expect(() => readPart10Identity(whole.subarray(0, 200))).toThrow(/truncated|transfer syntax/);
  });
});

describe('stowBody', () => {
  test('stowBody splits a multipart/related body into its DICOM files', () => {
    const files = [file('A', '1.1'), file('B', '1.2')];
    const boundary = stowBoundary('multipart/related; type="application/dicom"; boundary=b0undary');
    expect(stowParts(body(files), boundary).map((p) => readPart10Identity(p).patientId)).toEqual(['A', 'B']);
  });

  test('stowBody refuses a body Orthanc could split otherwise: a boundary inside a part, other part types', () => {
    const boundary = 'b0undary';
    // A second part hidden in the first one's bytes, not at a line start.
    const hidden = Buffer.concat([
      file('A', '1.1'),
      Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
      file('B', '1.2'),
    ]);
    expect(status(() => stowParts(body([hidden]), boundary))).toBe(400);
    const json = Buffer.from(
      `--${boundary}\r\nContent-Type: application/dicom+json\r\n\r\n[]\r\n--${boundary}--\r\n`,
    );
    expect(status(() => stowParts(json, boundary))).toBe(415);
    const unclosed = Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\nx\r\n`);
    expect(status(() => stowParts(unclosed, boundary))).toBe(400);
    expect(status(() => stowBoundary('application/dicom'))).toBe(415);
    expect(status(() => stowBoundary('multipart/related; boundary=a; boundary=b'))).toBe(400);
    expect(status(() => stowBoundary('multipart/related; type="application/dicom+json"; boundary=a'))).toBe(
      415,
    );
  });
});
