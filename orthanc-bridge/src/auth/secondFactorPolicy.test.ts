import { ConfigError } from '@sentinelle/config';
import { ROLES, ROLE_PERMISSIONS } from './permissions';
import { DEFAULT_SECOND_FACTOR_POLICY, mustEnrol, parseSecondFactorPolicy } from './secondFactorPolicy';

describe('second factor policy', () => {
  test('mustEnrol with the default policy names physician-admins and sysadmins only', () => {
    expect(ROLES.filter((role) => mustEnrol(role, DEFAULT_SECOND_FACTOR_POLICY))).toEqual([
      'physician-admin',
      'sysadmin',
    ]);
  });

  test('DEFAULT_SECOND_FACTOR_POLICY covers every role that holds user:manage or orthanc:admin', () => {
    const powerful = ROLES.filter((role) =>
      ROLE_PERMISSIONS[role].some(
        (permission) => permission === 'user:manage' || permission === 'orthanc:admin',
      ),
    );
    for (const role of powerful) expect(mustEnrol(role, DEFAULT_SECOND_FACTOR_POLICY)).toBe(true);
  });

  test('parseSecondFactorPolicy reads a comma-separated list, ignoring case, spaces and repeats', () => {
    const policy = parseSecondFactorPolicy(' physician-admin, SYSADMIN ,radiologist,sysadmin');
    expect(policy.mandatoryFor).toEqual(['physician-admin', 'sysadmin', 'radiologist']);
    expect(mustEnrol('radiologist', policy)).toBe(true);
    expect(mustEnrol('pathologist', policy)).toBe(false);
  });

  test.each([undefined, '', '   '])('parseSecondFactorPolicy gives the default for %j', (raw) => {
    expect(parseSecondFactorPolicy(raw)).toBe(DEFAULT_SECOND_FACTOR_POLICY);
  });

  test('parseSecondFactorPolicy makes the second factor optional for every role with none', () => {
    const policy = parseSecondFactorPolicy('None');
    expect(policy.mandatoryFor).toEqual([]);
    for (const role of ROLES) expect(mustEnrol(role, policy)).toBe(false);
  });

  test('parseSecondFactorPolicy names every unknown role and the known ones', () => {
    let error: unknown;
    try {
      parseSecondFactorPolicy('sysadmin,admin,,radiologists');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'SENTINELLE_2FA_ROLES names an unknown role "admin" (roles: physician-admin, radiologist, pathologist, sysadmin)',
      'SENTINELLE_2FA_ROLES names an unknown role "" (roles: physician-admin, radiologist, pathologist, sysadmin)',
      'SENTINELLE_2FA_ROLES names an unknown role "radiologists" (roles: physician-admin, radiologist, pathologist, sysadmin)',
    ]);
  });
});
