import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainingMark } from '@sentinelle/orthanc-bridge';
import { readMiasLabels } from '../evaluation/miasLabels';
import { labelsCsv, type ExportedImage } from './labelsCsv';

const mark = (sopInstanceUid: string, over: Partial<TrainingMark> = {}): TrainingMark => ({
  sopInstanceUid,
  abnormality: 'SPIC',
  centre: { x: 100.04, y: 200 },
  radius: 12.26,
  outline: [
    { x: 90, y: 190 },
    { x: 110, y: 190 },
    { x: 100, y: 212.5 },
  ],
  origin: { kind: 'model', modelId: 'm', modelVersion: '1.0.0', keptBy: 'dr.martin' },
  ...over,
});

const image = (
  sop: string,
  assessment: string,
  label: ExportedImage['breast']['label'],
  composition: ExportedImage['composition'] = null,
): ExportedImage => ({
  path: `images/ANON-A/${sop}.dcm`,
  patientPseudonym: 'ANON-A',
  originalSopInstanceUid: `orig-${sop}`,
  breast: { laterality: 'L', assessment, label },
  composition,
});

describe('labelsCsv', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinelle-labels-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('labelsCsv writes one row per mark, NORM for images without one, and reads back through readMiasLabels', async () => {
    const { text, rows, marksLeftOut } = labelsCsv(
      [image('1', '6', 'malignant', 'c'), image('2', '6', 'malignant', 'a'), image('3', '1', 'normal')],
      [
        mark('orig-1'),
        mark('orig-1', {
          abnormality: 'CALC',
          radius: null,
          outline: [],
          origin: { kind: 'reader', reader: 'dr.bernard' },
        }),
        // A mark on a breast read as normal is left out: its image stays NORM.
        mark('orig-3'),
      ],
    );
    expect({ rows, marksLeftOut }).toEqual({ rows: 4, marksLeftOut: 1 });
    expect(text.split('\n')[1]).toBe(
      'images/ANON-A/1.dcm,ANON-A,malignant,D,SPIC,malignant,100,200,12.3,6,90 190;110 190;100 212.5,model:m@1.0.0,c',
    );
    // The composition: mini-MIAS's tissue letter (a F, b G, c and d D) and the ACR letter as density.
    expect(text.split('\n')[3]).toBe('images/ANON-A/2.dcm,ANON-A,malignant,F,NORM,,,,,6,,,a');
    expect(text.split('\n')[4]).toBe('images/ANON-A/3.dcm,ANON-A,normal,,NORM,,,,,1,,,');
    const file = join(dir, 'labels.csv');
    await writeFile(file, text);
    const { images, problems } = await readMiasLabels(file);
    expect(problems).toEqual([]);
    expect(images).toEqual([
      {
        file: 'images/ANON-A/1.dcm',
        patient: 'ANON-A',
        label: 'malignant',
        tissue: 'D',
        lesions: [
          { abnormality: 'SPIC', severity: 'malignant', x: 100, y: 200, radius: 12.3 },
          { abnormality: 'CALC', severity: 'malignant', x: 100, y: 200, radius: null },
        ],
      },
      { file: 'images/ANON-A/2.dcm', patient: 'ANON-A', label: 'malignant', tissue: 'F', lesions: [] },
      { file: 'images/ANON-A/3.dcm', patient: 'ANON-A', label: 'normal', tissue: '', lesions: [] },
    ]);
  });
});
