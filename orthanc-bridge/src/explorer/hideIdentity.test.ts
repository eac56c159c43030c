import { HIDDEN, hideIdentity } from './hideIdentity';

describe('hideIdentity', () => {
  test('hideIdentity blanks identity in every form Orthanc writes it, at any depth, and keeps the rest', () => {
    const answer = [
      {
        ID: 'abc',
        MainDicomTags: { PatientName: 'DOE^JANE', PatientID: 'P1', PatientBirthDate: '19600101' },
        PatientMainDicomTags: { PatientName: 'DOE^JANE', OtherPatientIDs: 'X\\Y' },
        Studies: ['s1'],
      },
      {
        '0010,0010': { Name: 'PatientName', Type: 'String', Value: 'DOE^JANE' },
        '0010,1002': { Name: 'OtherPatientIDsSequence', Type: 'Sequence', Value: [{ '0010,0020': {} }] },
        '0020,000d': { Name: 'StudyInstanceUID', Type: 'String', Value: '1.2.3' },
        '0008,0050': { Name: 'AccessionNumber', Type: 'String', Value: 'ACC' },
      },
      {
        '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
        '0020000D': { vr: 'UI', Value: ['1.2.3'] },
      },
      { '0010,0020': 'P1', StudyInstanceUID: '1.2.3', AccessionNumber: 'ACC' },
    ];
    const hidden = hideIdentity(answer);
    expect(JSON.stringify(hidden)).not.toMatch(/DOE|P1|19600101|ACC|X\\\\Y/);
    expect(hidden).toEqual([
      {
        ID: 'abc',
        MainDicomTags: { PatientName: HIDDEN, PatientID: HIDDEN, PatientBirthDate: HIDDEN },
        PatientMainDicomTags: { PatientName: HIDDEN, OtherPatientIDs: HIDDEN },
        Studies: ['s1'],
      },
      {
        '0010,0010': { Name: 'PatientName', Type: 'String', Value: HIDDEN },
        '0010,1002': { Name: 'OtherPatientIDsSequence', Type: 'Sequence', Value: [] },
        '0020,000d': { Name: 'StudyInstanceUID', Type: 'String', Value: '1.2.3' },
        '0008,0050': { Name: 'AccessionNumber', Type: 'String', Value: HIDDEN },
      },
      { '00100010': { vr: 'PN' }, '0020000D': { vr: 'UI', Value: ['1.2.3'] } },
      { '0010,0020': HIDDEN, StudyInstanceUID: '1.2.3', AccessionNumber: HIDDEN },
    ]);
  });
});
