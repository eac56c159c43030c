import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMiasLabels } from './miasLabels';

function labels(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'labels-')), 'labels.csv');
  writeFileSync(path, text);
  return path;
}

test('the image-level layout (image, patient, label) gives images without lesions, paths kept relative', async () => {
  const { images, problems } = await readMiasLabels(
    labels('image,patient,label\nimages/1_a.jpg,1,malignant\nimages/2_b.jpg,2,normal\n'),
  );
  expect(problems).toEqual([]);
  expect(images).toEqual([
    { file: 'images/1_a.jpg', patient: '1', label: 'malignant', tissue: '', lesions: [] },
    { file: 'images/2_b.jpg', patient: '2', label: 'normal', tissue: '', lesions: [] },
  ]);
});

test('the mini-MIAS layout still gives one image per file with its lesions', async () => {
  const { images } = await readMiasLabels(
    labels(
      'image,patient,label,tissue,abnormality,severity,x,y,radius\n' +
        'mdb001.png,mias-001,benign,G,CIRC,benign,535,598,197\nmdb003.png,mias-002,normal,D,NORM,,,,\n',
    ),
  );
  expect(images[0]!.lesions).toEqual([
    { abnormality: 'CIRC', severity: 'benign', x: 535, y: 598, radius: 197 },
  ]);
  expect(images[1]).toMatchObject({ file: 'mdb003.png', label: 'normal', lesions: [] });
});

test('a row with an unknown label is reported with its line and the rest is kept', async () => {
  const { images, problems } = await readMiasLabels(
    labels('image,patient,label\na.jpg,1,suspicious\nb.jpg,2,normal\n'),
  );
  expect(images.map((i) => i.file)).toEqual(['b.jpg']);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^label: /) });
});
