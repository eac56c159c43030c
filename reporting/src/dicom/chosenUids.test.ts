import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAiResultsSr } from './aiResultsSr';
import { renderLesionSeg } from './lesionSeg';
import { renderMammoCadSr } from './mammoCadSr';
import { readPart10 } from './part10';
import { createSyntheticStudy, type SyntheticStudy } from './testing/syntheticStudy';
import { DicomRenderError, type RenderOptions } from './types';
import { nameBasedUid } from './uid';

let work: string;
let study: SyntheticStudy;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-uids-'));
  study = createSyntheticStudy(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const renderers = {
  renderAiResultsSr,
  renderMammoCadSr,
  renderLesionSeg: (...args: Parameters<typeof renderLesionSeg>) => renderLesionSeg(...args)!,
};

describe.each(Object.entries(renderers))('%s', (_name, render) => {
  test('gives the object the series and instance UIDs and the instance number it is told to, every time', () => {
    const options: RenderOptions = {
      seriesInstanceUid: nameBasedUid('test:series'),
      sopInstanceUid: nameBasedUid('test:instance'),
      instanceNumber: 3,
    };
    const first = render(study.exam, study.sources, study.context, options);
    const again = render(study.exam, study.sources, study.context, options);
    const dataset = readPart10(first.bytes);

    expect([first.seriesInstanceUid, first.sopInstanceUid]).toEqual([
      options.seriesInstanceUid,
      options.sopInstanceUid,
    ]);
    expect([again.seriesInstanceUid, again.sopInstanceUid]).toEqual([
      first.seriesInstanceUid,
      first.sopInstanceUid,
    ]);
    expect(dataset.SeriesInstanceUID).toBe(options.seriesInstanceUid);
    expect(dataset.SOPInstanceUID).toBe(options.sopInstanceUid);
    expect(dataset.InstanceNumber).toBe(3);
  });

  test('refuses a chosen UID that is not a DICOM UID', () => {
    expect(() => render(study.exam, study.sources, study.context, { sopInstanceUid: '1.2.03' })).toThrow(
      DicomRenderError,
    );
  });
});
