/**
 * The password policy: long passphrases rather than composition rules (NIST SP 800-63B): at least
 * 12 characters, at most 128, not made of one repeated character or an obvious sequence, and not
 * containing the login or a name of the person.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Passwords breach lists open with; refused whatever their length once padded. */
const COMMON = ['password', 'motdepasse', 'azerty', 'qwerty', '123456', 'sentinelle', 'welcome', 'bienvenue'];

export type PasswordProblem =
  | 'too-short'
  | 'too-long'
  | 'repetitive'
  | 'sequence'
  | 'common'
  | 'contains-identity';

export function passwordProblems(
  password: string,
  identity: { readonly login: string; readonly names?: readonly string[] },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too-short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too-long');
  const lower = password.toLowerCase();
  if (new Set(lower).size <= 2) problems.push('repetitive');
  if (isSequence(lower)) problems.push('sequence');
  const stripped = lower.replace(/[^a-z0-9]/g, '');
  if (
    COMMON.some((word) => stripped.startsWith(word) && stripped.replace(word, '').replace(/\d/g, '') === '')
  )
    problems.push('common');
  const parts = [identity.login, ...(identity.names ?? [])]
    .flatMap((part) => part.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((part) => part.length >= 3);
  if (parts.some((part) => lower.includes(part))) problems.push('contains-identity');
  return problems;
}

/** abcdef..., 123456..., or the same descending. */
function isSequence(text: string): boolean {
  if (text.length < 4) return false;
  const steps = new Set<number>();
  for (let i = 1; i < text.length; i++) steps.add(text.charCodeAt(i) - text.charCodeAt(i - 1));
  return steps.size === 1 && [1, -1].includes([...steps][0]!);
}
