import dcmjs, { type NaturalizedDataset } from 'dcmjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderLesionSeg } from './lesionSeg';
import { readPart10 } from './part10';
import { decodeRleFrame, RLE_LOSSLESS } from './rasterize';
import { isSentinelleObject } from './sentinelleMarker';
import { dciodvfy, linesWith } from './testing/dicomTools';
import {
  COLUMNS,
  createSyntheticStudy,
  ROWS,
  STUDY_UID,
  type SyntheticStudy,
} from './testing/syntheticStudy';
import type { RenderedDicom } from './types';

let work: string;
let study: SyntheticStudy;
let rendered: RenderedDicom;
let file: string;
let seg: NaturalizedDataset;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-seg-'));
  study = createSyntheticStudy(work);
  const result = renderLesionSeg(study.exam, study.sources, study.context);
  if (!result) throw new Error('no SEG rendered');
  rendered = result;
  file = join(work, 'lesions-seg.dcm');
  writeFileSync(file, rendered.bytes);
  seg = readPart10(rendered.bytes);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One frame's mask (1 inside, 0 outside) from its RLE fragment, checking it holds only 0 and 255. */
function frame(dataset: NaturalizedDataset, index: number, pixels = ROWS * COLUMNS): Uint8Array {
  const fragment = (dataset.PixelData as ArrayBuffer[])[index];
  const values = decodeRleFrame(new Uint8Array(fragment!), pixels);
  expect(values.every((value) => value === 0 || value === 255)).toBe(true);
  return values.map((value) => value / 255);
}
const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const at = (mask: Uint8Array, x: number, y: number): number => mask[y * COLUMNS + x]!;
const count = (mask: Uint8Array): number => mask.reduce((sum, value) => sum + value, 0);

interface FrameGroups {
  SegmentIdentificationSequence: { ReferencedSegmentNumber: number }[];
  DerivationImageSequence: { SourceImageSequence: { ReferencedSOPInstanceUID: string }[] }[];
  FrameContentSequence: { DimensionIndexValues: number[] }[];
}

test('renderLesionSeg produces a SEG that dciodvfy accepts without error', async () => {
  const { output } = await dciodvfy(file);
  expect(output).toContain('Segmentation');
  expect(linesWith(output, 'Error')).toEqual([]);
  expect(linesWith(output, 'Warning')).toEqual([]);
});

test('renderLesionSeg writes one segment per lesion type and one frame per segment and source image', () => {
  expect(seg.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.66.4');
  expect([seg.SegmentationType, seg.SegmentationFractionalType, seg.MaximumFractionalValue]).toEqual([
    'FRACTIONAL',
    'OCCUPANCY',
    255,
  ]);
  expect([seg.Rows, seg.Columns, seg.BitsAllocated, seg.BitsStored, seg.HighBit]).toEqual([
    ROWS,
    COLUMNS,
    8,
    8,
    7,
  ]);
  // RLE Lossless, one fragment per frame.
  const { meta } = dcmjs.data.DicomMessage.readFile(toArrayBuffer(rendered.bytes));
  expect(dcmjs.data.DicomMetaDictionary.naturalizeDataset(meta).TransferSyntaxUID).toBe(RLE_LOSSLESS);
  expect(seg.PixelData as ArrayBuffer[]).toHaveLength(4);
  expect(seg.FrameOfReferenceUID).toBeUndefined(); // projection images: no patient geometry
  const segments = seg.SegmentSequence as NaturalizedDataset[];
  expect(
    segments.map((segment) => [segment.SegmentNumber, segment.SegmentLabel, segment.SegmentAlgorithmType]),
  ).toEqual([
    [1, 'Mass', 'AUTOMATIC'],
    [2, 'Calcifications', 'AUTOMATIC'],
  ]);
  const typeCodes = segments.map(
    (segment) => (segment.SegmentedPropertyTypeCodeSequence as NaturalizedDataset[])[0],
  );
  expect(typeCodes.map((code) => code?.CodeValue)).toEqual(['4147007', '18115005']);
  expect(Number(seg.NumberOfFrames)).toBe(4);
  const groups = seg.PerFrameFunctionalGroupsSequence as unknown as FrameGroups[];
  const [cc, mlo] = study.sources.map((source) => source.sopInstanceUid);
  expect(
    groups.map((group) => [
      group.SegmentIdentificationSequence[0]?.ReferencedSegmentNumber,
      group.DerivationImageSequence[0]?.SourceImageSequence[0]?.ReferencedSOPInstanceUID,
      group.FrameContentSequence[0]?.DimensionIndexValues,
    ]),
  ).toEqual([
    [1, cc, [1, 1]],
    [1, mlo, [1, 2]],
    [2, cc, [2, 1]],
    [2, mlo, [2, 2]],
  ]);
});

test('renderLesionSeg sets the pixels inside each flagged lesion on its own image and nothing elsewhere', () => {
  const [massOnCc, massOnMlo, calcificationsOnCc, calcificationsOnMlo] = [0, 1, 2, 3].map((index) =>
    frame(seg, index),
  );
  expect(at(massOnCc!, 60, 80)).toBe(1); // centre of the CC mass
  expect(at(massOnCc!, 140, 170)).toBe(0); // the calcifications belong to segment 2
  expect(at(massOnCc!, 10, 10)).toBe(0);
  expect(at(massOnCc!, 199, 239)).toBe(0);
  expect(at(massOnMlo!, 101, 120)).toBe(1); // the mass's MLO view, its mark of lesion L1
  expect(at(calcificationsOnCc!, 140, 170)).toBe(1);
  // The square outline 130..150 × 160..180 covers 21 × 21 pixel centres, edges included.
  expect(count(calcificationsOnCc!)).toBe(21 * 21);
  expect(at(calcificationsOnCc!, 129, 170)).toBe(0);
  expect(at(calcificationsOnCc!, 151, 170)).toBe(0);
  expect(count(calcificationsOnMlo!)).toBe(0); // the faint MLO mark is below the lesion operating point
});

test('renderLesionSeg files the SEG in the source study as a new Sentinelle series referencing its sources', () => {
  expect(seg.StudyInstanceUID).toBe(STUDY_UID);
  expect(rendered.studyInstanceUid).toBe(STUDY_UID);
  expect(seg.PatientID).toBe('SENT-0001');
  expect(seg.Modality).toBe('SEG');
  expect(seg.BodyPartExamined).toBe('BREAST');
  expect(seg.SeriesInstanceUID).toBe(rendered.seriesInstanceUid);
  expect(isSentinelleObject(seg)).toBe(true);
  const series = seg.ReferencedSeriesSequence as NaturalizedDataset[];
  expect(series.map((item) => item.SeriesInstanceUID)).toEqual(
    study.sources.map((source) => source.seriesInstanceUid),
  );
});

test('renderLesionSeg masks marks below the lesion operating point on request and renders nothing without marks', () => {
  const all = renderLesionSeg(study.exam, study.sources, study.context, { includeBelowThreshold: true });
  const calcificationsOnMlo = frame(readPart10(all!.bytes), 3);
  expect(at(calcificationsOnMlo, 40, 200)).toBe(1);
  const clean = { ...study.exam, images: study.exam.images.map((image) => ({ ...image, lesions: [] })) };
  expect(renderLesionSeg(clean, study.sources, study.context)).toBeNull();
});

test('renderLesionSeg refuses source images of different pixel grids', () => {
  const exam = {
    ...study.exam,
    images: study.exam.images.map((image, i) => (i === 1 ? { ...image, height: 300 } : image)),
  };
  const sources = study.sources.map((source, i) => (i === 1 ? { ...source, rows: 300 } : source));
  expect(() => renderLesionSeg(exam, sources, study.context)).toThrow(
    /different pixel grids \(200×240, 200×300\)/,
  );
});

test('renderLesionSeg writes whole-byte frames for an image width that is not a multiple of 8, valid for dciodvfy', async () => {
  // 203 columns × 240 rows: a 1-bit frame would end in the middle of a byte and Orthanc 1.10
  // would serve none of its frames.
  const odd = 203;
  const sources = study.sources.map((source) => ({ ...source, columns: odd }));
  const exam = { ...study.exam, images: study.exam.images.map((image) => ({ ...image, width: odd })) };
  const result = renderLesionSeg(exam, sources, study.context)!;
  const oddFile = join(work, 'lesions-seg-203.dcm');
  writeFileSync(oddFile, result.bytes);
  expect(linesWith((await dciodvfy(oddFile)).output, 'Error')).toEqual([]);
  const dataset = readPart10(result.bytes);
  expect([dataset.Columns, dataset.Rows, dataset.BitsAllocated]).toEqual([odd, ROWS, 8]);
  const massOnCc = frame(dataset, 0, odd * ROWS);
  expect(massOnCc[80 * odd + 60]).toBe(1);
  expect(massOnCc[10 * odd + 10]).toBe(0);
  const calcificationsOnCc = frame(dataset, 2, odd * ROWS);
  expect(calcificationsOnCc.reduce((sum, value) => sum + value, 0)).toBe(21 * 21);
  expect(calcificationsOnCc[170 * odd + 150]).toBe(1);
  expect(calcificationsOnCc[170 * odd + 151]).toBe(0);
});
