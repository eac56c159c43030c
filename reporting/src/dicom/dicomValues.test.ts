import { dicomDateTime, formatDs, parseTimezoneOffset, round } from './dicomValues';

test('formatDs writes numbers in at most 16 characters and refuses what DS cannot hold', () => {
  expect(formatDs(0.82)).toBe('0.82');
  expect(formatDs(3.14)).toBe('3.14');
  expect(formatDs(240)).toBe('240');
  expect(formatDs(0.12345678901234568).length).toBeLessThanOrEqual(16);
  expect(Number(formatDs(1 / 3))).toBeCloseTo(1 / 3, 12);
  expect(formatDs(1.5e-20)).toBe('1.5e-20');
  expect(() => formatDs(Number.NaN)).toThrow(RangeError);
  expect(round(87.345, 2)).toBe(87.35);
});

test('dicomDateTime writes an instant in the study offset, and parseTimezoneOffset reads +HHMM', () => {
  const instant = new Date('2025-03-04T23:30:00.250Z');
  expect(dicomDateTime(instant, 60)).toEqual({
    date: '20250305',
    time: '003000.250',
    dateTime: '20250305003000.250+0100',
  });
  expect(dicomDateTime(instant, -270).dateTime).toBe('20250304190000.250-0430');
  expect(parseTimezoneOffset('+0100')).toBe(60);
  expect(parseTimezoneOffset('-0430')).toBe(-270);
  expect(parseTimezoneOffset('CET')).toBeNull();
});
