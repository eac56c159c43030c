import { createUidGenerator, isDicomUid, nameBasedUid, uuidToUid } from './uid';
import { DicomRenderError } from './types';

test('createUidGenerator makes distinct 2.25 UIDs by default and UIDs under a given root', () => {
  const defaults = createUidGenerator();
  const a = defaults();
  expect(a).toMatch(/^2\.25\.[1-9][0-9]*$/);
  expect(isDicomUid(a)).toBe(true);
  expect(defaults()).not.toBe(a);
  const rooted = createUidGenerator('1.2.826.0.1.3680043.10.1404');
  const uids = Array.from({ length: 50 }, rooted);
  for (const uid of uids) {
    expect(uid.startsWith('1.2.826.0.1.3680043.10.1404.')).toBe(true);
    expect(isDicomUid(uid)).toBe(true);
  }
  expect(new Set(uids).size).toBe(50);
});

test('createUidGenerator refuses a root that is not a UID or leaves no room for the suffix', () => {
  expect(() => createUidGenerator('1.2.03')).toThrow(DicomRenderError);
  expect(() => createUidGenerator('1.2.x')).toThrow(DicomRenderError);
  expect(() => createUidGenerator(`1.${'2'.repeat(60)}`)).toThrow(/at most 52 characters/);
});

test('uuidToUid and nameBasedUid give valid UIDs, the latter the same for the same name', () => {
  expect(uuidToUid('00000000-0000-0000-0000-00000000002a')).toBe('2.25.42');
  expect(nameBasedUid('device:m:1')).toBe(nameBasedUid('device:m:1'));
  expect(nameBasedUid('device:m:1')).not.toBe(nameBasedUid('device:m:2'));
  expect(isDicomUid(nameBasedUid('device:m:1'))).toBe(true);
});
