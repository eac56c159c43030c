import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeImageFile } from './decodeFile';
import { UnreadableImageError } from './errors';

const fixture = (path: string): string =>
  fileURLToPath(new URL(`../../../../shared/fixtures/${path}`, import.meta.url));

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-decode-file-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('decodeImageFile picks the decoder by content, not by extension', async () => {
  const pngNamedDcm = join(work, 'R-CC-mask.dcm');
  copyFileSync(fixture('ffdm-png/0_R-CC_benign.png'), pngNamedDcm);
  const png = await decodeImageFile(pngNamedDcm, { pixelSpacingMm: 0.1 });
  expect([png.source.kind, png.width, png.height, png.bitsStored]).toEqual(['png', 1920, 2944, 8]);
  expect(png.pixelSpacing).toEqual({ rowMm: 0.1, columnMm: 0.1, source: 'user' });

  const dicomNamedPng = join(work, 'image.png');
  copyFileSync(fixture('dicom/mg-synthetic-explicit-little.dcm'), dicomNamedPng);
  const dicom = await decodeImageFile(dicomNamedPng, { pixelSpacingMm: 0.1 });
  expect([dicom.source.kind, dicom.width, dicom.height]).toEqual(['dicom', 512, 512]);
  expect(dicom.pixelSpacing?.source).toBe('PixelSpacing'); // the file's own, not the PNG option
});

test('decodeImageFile refuses a file that is neither DICOM nor PNG, naming it', async () => {
  const notes = join(work, 'notes.txt');
  writeFileSync(notes, 'follow-up in six months\n');
  await expect(decodeImageFile(notes)).rejects.toThrow(UnreadableImageError);
  await expect(decodeImageFile(notes)).rejects.toThrow(`${notes}: neither a DICOM file`);
  const fakeDicom = join(work, 'scan.dcm');
  writeFileSync(fakeDicom, 'follow-up in six months\n');
  await expect(decodeImageFile(fakeDicom)).rejects.toThrow(`${fakeDicom}: not a DICOM file`);
});
