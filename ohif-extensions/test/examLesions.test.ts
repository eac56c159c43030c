import { pairedLesionExam, PAIRED_CC_SOP, PAIRED_MLO_SOP } from '@sentinelle/orthanc-bridge/testing';
import {
  lesionIdsByMark,
  lesionName,
  lesionRows,
  rejectedMarkKeys,
  viewName,
} from '../extension-mammo-ai/src/examLesions';

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

  it('lesionName names the lesion with the views it is marked on, the better first', () => {
    // In French outside a browser (no language chosen): the views as French readers label them.
    expect(lesionRows(pairedLesionExam).map(lesionName)).toEqual([
      'CC droite + OML droite · L1',
      'CC droite · L2',
    ]);
    expect(viewName({ laterality: null, view: 'CC' })).toBe('?CC');
  });

  const L1 = [`${PAIRED_CC_SOP}:L1`, `${PAIRED_MLO_SOP}:L1`];
  const L2 = [`${PAIRED_CC_SOP}:L2`];
  const revision = (revisionNumber: number, createdAt: string, kept: string[]) => ({
    revisionNumber,
    createdAt,
    findings: kept.map((aiLesionKey) => ({ aiLesionKey })),
  });

  it('rejectedMarkKeys rejects nothing before the reader decided', () => {
    expect(rejectedMarkKeys(pairedLesionExam, { validations: [], revisions: [] })).toEqual(new Set());
  });

  it('rejectedMarkKeys takes the newest revision: a lesion kept on one view is kept on both', () => {
    const reading = {
      validations: [],
      revisions: [
        revision(2, '2026-01-02T10:00:00.000Z', [`${PAIRED_MLO_SOP}:L1`]),
        revision(1, '2026-01-01T10:00:00.000Z', [L2[0]!]),
      ],
    };
    expect(rejectedMarkKeys(pairedLesionExam, reading)).toEqual(new Set(L2));
    // The reader's own findings (no AI lesion) reject every AI lesion.
    const own = { validations: [], revisions: [revision(1, '2026-01-01T10:00:00.000Z', [])] };
    expect(
      rejectedMarkKeys(pairedLesionExam, {
        ...own,
        revisions: [{ ...own.revisions[0]!, findings: [{ aiLesionKey: null }] }],
      }),
    ).toEqual(new Set([...L1, ...L2]));
  });

  it('rejectedMarkKeys takes a validation newer than the latest revision, lesion by lesion', () => {
    const reading = {
      validations: [
        {
          createdAt: '2026-01-03T10:00:00.000Z',
          lesions: [
            { lesionKey: L1[0]!, agree: false },
            { lesionKey: L2[0]!, agree: true },
          ],
        },
      ],
      revisions: [revision(1, '2026-01-01T10:00:00.000Z', [])],
    };
    expect(rejectedMarkKeys(pairedLesionExam, reading)).toEqual(new Set(L1));
    const older = { ...reading, revisions: [revision(1, '2026-01-04T10:00:00.000Z', [L1[1]!])] };
    expect(rejectedMarkKeys(pairedLesionExam, older)).toEqual(new Set(L2));
  });
});
