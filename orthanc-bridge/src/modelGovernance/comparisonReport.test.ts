import { comparisonReport } from './comparisonReport';
import { isRecall } from '@sentinelle/reporting';
import { finalReading } from './finalReading';

const models = {
  current: { id: 'mammo-mias-cnn', version: '1.0.0', threshold: 0.5 },
  candidate: { id: 'mammo-ffdm-mil-cnn', version: '2.0.0', threshold: 0.6 },
};
const reading = (recall: boolean) => finalReading(recall ? '4B' : '2', null)!;

describe('comparison report', () => {
  test('finalReading takes the signed report over the last validation, recall as the ACR audit counts it', () => {
    expect(finalReading('2', '4A')).toEqual({ category: '2', recall: false, source: 'signed-report' });
    expect(finalReading(null, '0')).toEqual({ category: '0', recall: true, source: 'validation' });
    expect(finalReading(null, null)).toBeUndefined();
    expect(['0', '1', '2', '3', '4', '4A', '4B', '4C', '5', '6'].filter((c) => isRecall(c as '0'))).toEqual([
      '0',
      '3',
      '4',
      '4A',
      '4B',
      '4C',
      '5',
      '6',
    ]);
  });

  test('comparisonReport is enough for a promotion only with the minimum of each class and statistics', () => {
    const cases = [
      { studyInstanceUid: '1.1', current: 0.7, candidate: 0.9, reading: reading(true) },
      { studyInstanceUid: '1.2', current: 0.4, candidate: 0.65, reading: reading(true) },
      { studyInstanceUid: '1.3', current: 0.55, candidate: 0.2, reading: reading(false) },
      { studyInstanceUid: '1.4', current: 0.1, candidate: 0.3, reading: reading(false) },
    ];
    const report = comparisonReport(cases, models, { positives: 2, negatives: 2 }, new Date(0));
    expect(report).toMatchObject({ cases: 4, positives: 2, negatives: 2, enough: true });
    expect(report.statistics?.auc.candidate.auc).toBe(1);
    expect(report.statistics?.auc.current.auc).toBe(0.75);
    // Each model at its own threshold: 1.2 flagged by the candidate only (0.65 ≥ 0.6, 0.4 < 0.5),
    // 1.3 by the model in use only.
    expect(report.disagreements).toEqual([
      { studyInstanceUid: '1.2', flaggedBy: 'candidate', recall: true, current: 0.4, candidate: 0.65 },
      { studyInstanceUid: '1.3', flaggedBy: 'current', recall: false, current: 0.55, candidate: 0.2 },
    ]);
    expect(comparisonReport(cases, models, { positives: 3, negatives: 2 }).enough).toBe(false);
    // A minimum below what the statistics need does not make one case enough.
    const one = comparisonReport(cases.slice(0, 1), models, { positives: 1, negatives: 0 });
    expect(one).toMatchObject({ statistics: null, enough: false });
  });
});
