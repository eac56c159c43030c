/**
 * Which roles must enrol a second factor. For the others it stays optional: each user may enrol.
 */
import { ConfigError } from '@sentinelle/config';
import { z } from 'zod';
import { ROLES, type Role } from './permissions';

export interface SecondFactorPolicy {
  readonly mandatoryFor: readonly Role[];
}

/**
 * The roles that hold user:manage or orthanc:admin: a stolen password of theirs opens every
 * account or the image archive. Radiologists and pathologists may enrol.
 */
export const DEFAULT_SECOND_FACTOR_POLICY: SecondFactorPolicy = Object.freeze({
  mandatoryFor: Object.freeze(['physician-admin', 'sysadmin'] as const),
});

export const SECOND_FACTOR_ROLES_ENV = 'SENTINELLE_2FA_ROLES';

const rolesSchema = z.array(
  z.enum(ROLES, {
    error: (issue) =>
      `${SECOND_FACTOR_ROLES_ENV} names an unknown role ${JSON.stringify(issue.input)} (roles: ${ROLES.join(', ')})`,
  }),
);

/**
 * The policy from SENTINELLE_2FA_ROLES, a comma-separated list of roles (case and spaces do not
 * count). Unset or blank gives the default, as for every setting; `none` makes the second factor
 * optional for everyone. Throws a ConfigError naming every unknown role.
 */
export function parseSecondFactorPolicy(raw: string | undefined): SecondFactorPolicy {
  const text = raw?.trim().toLowerCase() ?? '';
  if (text === '') return DEFAULT_SECOND_FACTOR_POLICY;
  if (text === 'none') return Object.freeze({ mandatoryFor: Object.freeze([]) });
  const parsed = rolesSchema.safeParse(text.split(',').map((role) => role.trim()));
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  return Object.freeze({ mandatoryFor: Object.freeze([...new Set(parsed.data)]) });
}

export function mustEnrol(role: Role, policy: SecondFactorPolicy): boolean {
  return policy.mandatoryFor.includes(role);
}
