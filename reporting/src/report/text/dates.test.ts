import { calendarDate, utcDateAndTime } from './dates';

describe('report dates', () => {
  it('calendarDate writes dd/mm/yyyy in French and "12 March 1970" in English', () => {
    expect(calendarDate('fr', '1970-03-12')).toBe('12/03/1970');
    expect(calendarDate('en', '1970-03-12')).toBe('12 March 1970');
    expect(calendarDate('en', '2026-11-04')).toBe('4 November 2026');
  });

  it('utcDateAndTime reads the instant in UTC, whatever the offset it was written with', () => {
    expect(utcDateAndTime('fr', '2026-11-24T14:05:31.000Z')).toEqual({ date: '24/11/2026', time: '14:05' });
    expect(utcDateAndTime('en', '2026-11-25T00:30:00+01:00')).toEqual({
      date: '24 November 2026',
      time: '23:30',
    });
  });
});
