import { identityDisagreement } from './patientIdentity';

const recorded = { name: 'DUPONT^Marie', birthDate: '19640312', sex: 'F' };

describe('identityDisagreement', () => {
  test('identityDisagreement names each field the new images contradict', () => {
    expect(identityDisagreement(recorded, { name: 'LEROY^Anne', birthDate: '19710203', sex: 'F' })).toEqual([
      'name',
      'birthDate',
    ]);
    expect(identityDisagreement(recorded, { ...recorded, sex: 'M' })).toEqual(['sex']);
  });

  test('identityDisagreement ignores case, padding, empty trailing name components and missing values', () => {
    expect(
      identityDisagreement(recorded, { name: 'dupont^marie^^ ', birthDate: ' 19640312', sex: 'f' }),
    ).toEqual([]);
    expect(identityDisagreement(recorded, { name: null, birthDate: '', sex: null })).toEqual([]);
    expect(identityDisagreement({ name: null, birthDate: null, sex: null }, recorded)).toEqual([]);
  });
});
