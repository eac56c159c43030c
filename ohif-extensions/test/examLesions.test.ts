import { pairedLesionExam, PAIRED_CC_SOP, PAIRED_MLO_SOP } from '@sentinelle/orthanc-bridge/testing';
import { lesionIdsByMark, lesionRows } from '../extension-mammo-ai/src/examLesions';

describe('examLesions', () => {
  it('lesionRows lists one row per exam lesion with its marks, the better view first', () => {
    const rows = lesionRows(pairedLesionExam);
    expect(rows.map(({ lesion, marks }) => [lesion.id, marks.map((m) => m.key)])).toEqual([
      ['L1', [`${PAIRED_CC_SOP}:L1`, `${PAIRED_MLO_SOP}:L1`]],
      ['L2', [`${PAIRED_CC_SOP}:L2`]],
    ]);
    expect(rows[0]!.marks[0]!.image.view).toBe('CC');
    expect(rows[0]!.marks[0]!.mark.score).toBe(0.8);
  });

  it('lesionRows keeps a lesion whose marks are on no image the viewer can show', () => {
    const withoutUids = {
      ...pairedLesionExam,
      images: pairedLesionExam.images.map((image) => ({ ...image, imageRef: { name: image.imageRef.name } })),
    };
    expect(lesionRows(withoutUids).map(({ lesion, marks }) => [lesion.id, marks.length])).toEqual([
      ['L1', 0],
      ['L2', 0],
    ]);
  });

  it('lesionIdsByMark names each mark after the exam lesion it shows, on both views', () => {
    expect(lesionIdsByMark(pairedLesionExam)).toEqual(
      new Map([
        [`${PAIRED_CC_SOP}:L1`, 'L1'],
        [`${PAIRED_MLO_SOP}:L1`, 'L1'],
        [`${PAIRED_CC_SOP}:L2`, 'L2'],
      ]),
    );
  });
});
