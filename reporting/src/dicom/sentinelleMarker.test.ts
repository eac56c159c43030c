import { isSentinelleObject } from './sentinelleMarker';

test('isSentinelleObject recognises Orthanc simplified tags, Orthanc full tags and DICOM JSON', () => {
  expect(isSentinelleObject({ Manufacturer: 'Sentinelle', SoftwareVersions: 'sentinelle-mias 0.1.0' })).toBe(
    true,
  );
  expect(
    isSentinelleObject({
      '0008,0070': { Name: 'Manufacturer', Type: 'String', Value: 'Sentinelle' },
      '0018,1020': { Name: 'SoftwareVersions', Type: 'String', Value: 'sentinelle-mias 0.1.0' },
    }),
  ).toBe(true);
  expect(
    isSentinelleObject({
      '00080070': { vr: 'LO', Value: ['Sentinelle'] },
      '00181020': { vr: 'LO', Value: ['sentinelle-mias 0.1.0'] },
    }),
  ).toBe(true);
});

test('isSentinelleObject rejects modality images and objects without software versions', () => {
  expect(isSentinelleObject({ Manufacturer: 'SIEMENS', SoftwareVersions: 'VB60' })).toBe(false);
  expect(isSentinelleObject({ Manufacturer: 'Sentinelle' })).toBe(false);
  expect(isSentinelleObject({ Manufacturer: 'Sentinelle', SoftwareVersions: '' })).toBe(false);
  expect(isSentinelleObject({})).toBe(false);
});
