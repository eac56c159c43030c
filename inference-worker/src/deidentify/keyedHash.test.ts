import { dateShiftDays, pseudonymisePatientId, pseudonymiseUid } from './keyedHash';
import { ageAt, daysBetween, shiftDa, shiftDt } from './dates';

const A = { key: new Uint8Array(32).fill(1) };
const B = { key: new Uint8Array(32).fill(2) };

test('pseudonymiseUid gives the same 2.25 UID for the same input and key, another for another key or UID', () => {
  const uid = pseudonymiseUid(A, '1.2.826.0.1.3680043.10.1404.1');
  expect(uid).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
  expect(uid.length).toBeLessThanOrEqual(64);
  expect(pseudonymiseUid(A, '1.2.826.0.1.3680043.10.1404.1')).toBe(uid);
  expect(pseudonymiseUid(A, '1.2.826.0.1.3680043.10.1404.1 ')).toBe(uid); // DICOM padding
  expect(pseudonymiseUid(B, '1.2.826.0.1.3680043.10.1404.1')).not.toBe(uid);
  expect(pseudonymiseUid(A, '1.2.826.0.1.3680043.10.1404.2')).not.toBe(uid);
  expect(BigInt(uid.slice(5)) < 2n ** 128n).toBe(true);
});

test('pseudonymisePatientId gives a stable ANON- pseudonym per key, unrelated to the UID of the same text', () => {
  const id = pseudonymisePatientId(A, 'SENT-0001');
  expect(id).toMatch(/^ANON-[A-Z2-7]{16}$/);
  expect(pseudonymisePatientId(A, 'SENT-0001')).toBe(id);
  expect(pseudonymisePatientId(B, 'SENT-0001')).not.toBe(id);
  expect(pseudonymisePatientId(A, 'SENT-0002')).not.toBe(id);
  expect(pseudonymiseUid(A, 'SENT-0001')).not.toContain(id.slice(5));
});

test('dateShiftDays moves a patient back between one and eleven years, the same each time', () => {
  const shifts = Array.from({ length: 200 }, (_, i) => dateShiftDays(A, `patient-${i}`));
  for (const shift of shifts) {
    expect(shift).toBeLessThanOrEqual(-365);
    expect(shift).toBeGreaterThan(-365 - 3650);
  }
  expect(new Set(shifts).size).toBeGreaterThan(150);
  expect(dateShiftDays(A, 'patient-7')).toBe(shifts[7]);
});

test('shiftDa and shiftDt move dates by whole days across months and leap years, keeping time and precision', () => {
  expect(shiftDa('20250304', -4)).toBe('20250228');
  expect(shiftDa('20240301', -1)).toBe('20240229');
  expect(shiftDa('2025-03-04', -1)).toBeNull();
  expect(shiftDa('20251340', -1)).toBeNull();
  expect(shiftDt('20250304091500.123+0100', -10)).toBe('20250222091500.123+0100');
  expect(shiftDt('202503', -400)).toBe('202402');
  expect(shiftDt('2025', -400)).toBe('2024');
  expect(daysBetween('20250304', '20250228')).toBe(-4);
  expect(ageAt('19700512', '20250304')).toBe('054Y');
  expect(ageAt('19700512', '20250512')).toBe('055Y');
});
