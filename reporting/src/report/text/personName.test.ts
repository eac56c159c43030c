import { familyNameFirst, givenNameFirst } from './personName';

describe('report person names', () => {
  it('familyNameFirst writes the family name in capitals, then the given names', () => {
    expect(familyNameFirst('Dupont^Marie')).toBe('DUPONT Marie');
    expect(familyNameFirst('DUPONT^Marie^Anne')).toBe('DUPONT Marie Anne');
    expect(familyNameFirst('Lefèvre^Hélène=ルフェーヴル')).toBe('LEFÈVRE Hélène');
    expect(familyNameFirst('DUPONT')).toBe('DUPONT');
  });

  it('givenNameFirst writes the given names, then the family name in capitals', () => {
    expect(givenNameFirst('Martin^Claire')).toBe('Claire MARTIN');
  });
});
