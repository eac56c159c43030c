import type { DenaturalizedDataset } from 'dcmjs';
import { decodeDicom } from '../decode';
import { deidentifyInstances, verifyDeidentifiedSet, type DeidentificationProject } from './index';
import { readPart10File, writePart10File } from './part10';
import { burnLabel, loadFfdmView } from './testing/textOnMammogram';
import { mammogramFile } from './testSets';

// Runs Debian's tesseract (tesseract-ocr with fra and eng data), installed by .ci/run.

const PROJECT: DeidentificationProject = { name: 'burned-in', key: new Uint8Array(32).fill(9) };
const LABEL = {
  lines: ['DUPONT^MARIE', '12/03/1961', 'Centre Hospitalier'],
  size: 32,
  style: 'white-on-black',
  font: 'sans',
} as const;

const labelled = burnLabel(loadFfdmView('0_L-CC'), LABEL);

/** Glyph pixels of the label still at a value other than the cleaned image's background. */
function inkLeft(bytes: Uint8Array): number {
  const decoded = decodeDicom(bytes, 'output');
  const pixels = decoded.pixels as Uint16Array;
  let background = pixels[0]!;
  for (const v of pixels)
    background = decoded.photometric === 'MONOCHROME1' ? Math.max(background, v) : Math.min(background, v);
  let left = 0;
  labelled.ink.forEach((ink, i) => {
    if (ink === 1 && pixels[i] !== background) left++;
  });
  return left;
}

describe('Clean Pixel Data', () => {
  test.each(['MONOCHROME2', 'MONOCHROME1'] as const)(
    'deidentifyInstances blanks a name and date burned into a %s mammogram, and the OCR re-check reads nothing',
    async (photometric) => {
      const source = mammogramFile(labelled.image, photometric, `labelled-${photometric}.dcm`);
      expect(inkLeft(source.bytes)).toBeGreaterThan(500);
      const { instances, report } = await deidentifyInstances([source], PROJECT);
      expect(instances[0]!.blankedRegions).toBeGreaterThan(0);
      expect(inkLeft(instances[0]!.bytes)).toBe(0);
      expect(report.files[0]).toMatchObject({ passed: true, textRegionsFound: 0 });
      const output = readPart10File(instances[0]!.bytes).dataset;
      expect(output['00280004']?.Value).toEqual([photometric]);
      expect(output['00280301']?.Value).toEqual(['NO']);
    },
  );

  test('verifyDeidentifiedSet fails a file whose attributes are clean but whose pixels still carry the label', async () => {
    const source = mammogramFile(labelled.image, 'MONOCHROME2', 'labelled.dcm');
    const { instances } = await deidentifyInstances([source], PROJECT);
    // The de-identified attributes with the labelled pixels put back.
    const cleaned: DenaturalizedDataset = readPart10File(instances[0]!.bytes).dataset;
    cleaned['7FE00010'] = readPart10File(source.bytes).dataset['7FE00010']!;
    const report = await verifyDeidentifiedSet(
      [
        {
          sourceName: source.name,
          source: source.bytes,
          outputName: 'leaky.dcm',
          output: writePart10File(cleaned),
        },
      ],
      PROJECT,
    );
    expect(report.passed).toBe(false);
    expect(report.files[0]!.textRegionsFound).toBeGreaterThan(0);
    expect(report.files[0]!.findings.map((f) => f.check)).toEqual(['burned-in-text']);
  });
});
