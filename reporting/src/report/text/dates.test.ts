import { calendarDate, isTimeZone, localDateAndTime, timeZoneOffset } from './dates';

describe('report dates', () => {
  it('calendarDate writes dd/mm/yyyy in French and "12 March 1970" in English', () => {
    expect(calendarDate('fr', '1970-03-12')).toBe('12/03/1970');
    expect(calendarDate('en', '1970-03-12')).toBe('12 March 1970');
    expect(calendarDate('en', '2026-11-04')).toBe('4 November 2026');
  });

  it('localDateAndTime reads the instant on the clocks of Paris by default, summer time included', () => {
    expect(localDateAndTime('fr', '2026-11-24T14:05:31.000Z')).toEqual({ date: '24/11/2026', time: '15h05' });
    expect(localDateAndTime('en', '2026-07-01T22:30:00Z')).toEqual({ date: '2 July 2026', time: '00:30' });
  });

  it('localDateAndTime reads the instant in the time zone it is given', () => {
    expect(localDateAndTime('fr', '2026-11-25T00:30:00+01:00', 'America/Martinique')).toEqual({
      date: '24/11/2026',
      time: '19h30',
    });
    expect(localDateAndTime('en', '2026-11-24T14:05:31.000Z', 'UTC')).toEqual({
      date: '24 November 2026',
      time: '14:05',
    });
  });

  it('timeZoneOffset writes the DICOM offset of a zone at an instant', () => {
    expect(timeZoneOffset('Europe/Paris', new Date('2026-11-24T14:05:31Z'))).toBe('+0100');
    expect(timeZoneOffset('Europe/Paris', new Date('2026-07-01T12:00:00Z'))).toBe('+0200');
    expect(timeZoneOffset('America/Martinique', new Date('2026-07-01T12:00:00Z'))).toBe('-0400');
    expect(timeZoneOffset('UTC', new Date('2026-07-01T12:00:00Z'))).toBe('+0000');
  });

  it('isTimeZone tells IANA zones from other text', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Paris')).toBe(false);
  });
});
