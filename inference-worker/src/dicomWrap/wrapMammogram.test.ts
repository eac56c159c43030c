import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '@sentinelle/config';
import { readPart10 } from '@sentinelle/reporting';
import { decodeDicom, decodePng } from '../decode/index';
import { wrapMammogram, wrapPngMammogram, type WrapStudy } from './wrapMammogram';

const run = promisify(execFile);
const FFDM = join(REPO_ROOT, '..', 'shared', 'fixtures', 'ffdm-png');
const study: WrapStudy = {
  studyInstanceUid: '2.25.1001',
  seriesInstanceUid: '2.25.1002',
  patientId: 'SENT-42',
  patientName: 'Dupont^Élodie',
  studyDate: '20250317',
  studyTime: '093000',
  studyDescription: 'Mammographie de dépistage',
};

let work: string;
beforeAll(() => (work = mkdtempSync(join(tmpdir(), 'sentinelle-wrap-'))));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('wrapPngMammogram makes a valid MG For Presentation image of a 16-bit PNG: 12 bits stored, spacing, laterality, view code, same pixels', async () => {
  const png = readFileSync(join(FFDM, '0_L-CC.png'));
  const bytes = wrapPngMammogram(png, '0_L-CC.png', {
    study,
    laterality: 'L',
    view: 'CC',
    pixelSpacingMm: 0.1,
    sopInstanceUid: '2.25.1003',
  });
  const file = join(work, 'lcc.dcm');
  writeFileSync(file, bytes);
  const { stdout, stderr } = await run('dciodvfy', [file]).catch(
    (e: { stdout: string; stderr: string }) => e,
  );
  expect(`${stdout}${stderr}`.split('\n').filter((line) => line.startsWith('Error'))).toEqual([]);

  const decoded = decodeDicom(bytes, 'lcc.dcm');
  const original = decodePng(png, '0_L-CC.png');
  expect(decoded).toMatchObject({
    width: original.width,
    height: original.height,
    bitsStored: 12,
    photometric: 'MONOCHROME2',
    laterality: 'L',
    view: 'CC',
    pixelSpacing: { rowMm: 0.1, columnMm: 0.1, source: 'ImagerPixelSpacing' },
  });
  expect(Buffer.from(decoded.pixels.buffer).equals(Buffer.from(original.pixels.buffer))).toBe(true);
  const dataset = readPart10(bytes);
  expect(dataset).toMatchObject({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.2',
    SOPInstanceUID: '2.25.1003',
    Modality: 'MG',
    PresentationIntentType: 'FOR PRESENTATION',
    ViewPosition: 'CC',
    ImageLaterality: 'L',
    // The chest wall is on the left edge of this left breast: right is anterior, down is the other breast.
    PatientOrientation: ['A', 'R'],
  });
  expect((dataset.ViewCodeSequence as Record<string, unknown>[])[0]).toMatchObject({
    CodeValue: '399162004',
    CodingSchemeDesignator: 'SCT',
  });
});

test('wrapMammogram scales an 8-bit frame to 12 bits and refuses what would be mistaken for Sentinelle output', () => {
  // Bright right column: the chest wall of this right breast is on the right edge.
  const frame = { width: 2, height: 2, pixels: new Uint8Array([0, 255, 0, 255]), bitsStored: 8 };
  const options = { study, laterality: 'R' as const, view: 'MLO' as const, pixelSpacingMm: 0.2 };
  const decoded = decodeDicom(wrapMammogram(frame, options), 'frame');
  expect(decoded.bitsStored).toBe(12);
  expect(Array.from(decoded.pixels)).toEqual([0, 4095, 0, 4095]);
  expect(readPart10(wrapMammogram(frame, options)).PatientOrientation).toEqual(['P', 'FL']);
  expect(() => wrapMammogram(frame, { ...options, study: { ...study, manufacturer: 'Sentinelle' } })).toThrow(
    /Sentinelle's own results/,
  );
  expect(() => wrapMammogram(frame, { ...options, sopInstanceUid: '1.2.03' })).toThrow(/not a DICOM UID/);
});
