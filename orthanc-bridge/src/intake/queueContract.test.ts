import { analysisKey, bullmqJobId, priorityFromBullmq } from './queueContract';

describe('contract', () => {
  it('bullmqJobId escapes the colon of <StudyInstanceUID>:<modelVersion> deterministically and reversibly', () => {
    const key = analysisKey('1.2.840.113619.2.55', '1.0.0');
    expect(key).toBe('1.2.840.113619.2.55:1.0.0');
    expect(bullmqJobId(key)).toBe('1.2.840.113619.2.55%3A1.0.0');
    expect(decodeURIComponent(bullmqJobId(key))).toBe(key);
    expect(bullmqJobId(analysisKey('1.2', 'v2'))).not.toBe(bullmqJobId(analysisKey('1.2', 'v%3A2')));
  });

  it('priorityFromBullmq maps 1, 2, 3 to stat, diagnostic, screening', () => {
    expect([1, 2, 3].map(priorityFromBullmq)).toEqual(['stat', 'diagnostic', 'screening']);
  });
});
