import { isDicomUid } from '@sentinelle/reporting';
import { resultUids } from './renderResults';

test('resultUids derives the same UIDs from the same analysis key and revision, and others from another', () => {
  const a = resultUids('1.2.3:1.0.0', 1);
  const again = resultUids('1.2.3:1.0.0', 1);
  const next = resultUids('1.2.3:1.0.0', 2);
  const all = [
    a.aiResultsSr.seriesInstanceUid,
    a.aiResultsSr.sopInstanceUid,
    a.mammoCadSr.seriesInstanceUid,
    a.mammoCadSr.sopInstanceUid,
    a.segSeriesInstanceUid,
    a.segSopInstanceUid('801x2023'),
    a.segSopInstanceUid('981x2730'),
  ];
  expect(new Set(all).size).toBe(all.length);
  for (const uid of all) expect(isDicomUid(uid)).toBe(true);
  expect(again.aiResultsSr).toEqual(a.aiResultsSr);
  expect(again.segSopInstanceUid('801x2023')).toBe(a.segSopInstanceUid('801x2023'));
  expect(next.aiResultsSr.sopInstanceUid).not.toBe(a.aiResultsSr.sopInstanceUid);
  expect(resultUids('1.2.3:1.1.0', 1).aiResultsSr.sopInstanceUid).not.toBe(a.aiResultsSr.sopInstanceUid);
});
