import { isoDate } from './readStudy';

describe('readStudy', () => {
  it('isoDate turns a DICOM date into an ISO date and refuses dates that do not exist', () => {
    expect(isoDate('20250102')).toBe('2025-01-02');
    expect(isoDate('20250230')).toBeNull();
    expect(isoDate('00000000')).toBeNull();
    expect(isoDate('2025-01-02')).toBeNull();
    expect(isoDate(undefined)).toBeNull();
  });
});
