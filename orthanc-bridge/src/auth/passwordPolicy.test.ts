import { passwordProblems } from './passwordPolicy';

const claire = { login: 'dr.martin', names: ['Claire Martin'] };

describe('password policy', () => {
  test.each([
    ['short', 'Tr0ub4dor&3', ['too-short']],
    ['repeated character', 'aaaaaaaaaaaaaaa', ['repetitive']],
    ['sequence', 'abcdefghijklmn', ['sequence']],
    ['common word with digits', 'motdepasse2026', ['common']],
    ['the login inside', 'xx-dr.martin-2026-yy', ['contains-identity']],
    ['a name inside', 'claire-aime-le-the', ['contains-identity']],
  ])('refuses a %s', (_what, password, problems) => {
    expect(passwordProblems(password, claire)).toEqual(problems);
  });

  test('accepts a long passphrase and an accented one', () => {
    expect(passwordProblems('cheval agrafe batterie correcte', claire)).toEqual([]);
    expect(passwordProblems('Éléphant rose à bicyclette', claire)).toEqual([]);
  });

  test('refuses beyond 128 characters (hashing cost is bounded)', () => {
    expect(passwordProblems('x1'.repeat(65) + 'z', claire)).toContain('too-long');
  });
});
