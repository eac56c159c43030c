import {
  effectivePermissions,
  mayGrant,
  mayManageRole,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
} from './permissions';

describe('permissions', () => {
  test('a sysadmin runs the system without any permission on patient data', () => {
    const sysadmin = effectivePermissions('sysadmin', []);
    expect([...sysadmin].sort()).toEqual(['audit:read', 'orthanc:admin', 'user:manage']);
    for (const p of ['study:read', 'patient:read', 'finding:validate', 'report:sign'] as const)
      expect(sysadmin.has(p)).toBe(false);
  });

  test('every role default is a known permission, and every permission is held by some role', () => {
    const held = new Set(ROLES.flatMap((role) => ROLE_PERMISSIONS[role]));
    expect([...held].sort()).toEqual([...PERMISSIONS].sort());
  });

  test('a grant adds to the role, a revocation removes, and a revocation wins over a grant', () => {
    const pathologist = effectivePermissions('pathologist', [
      { permission: 'report:sign', granted: true },
      { permission: 'patient:read', granted: false },
    ]);
    expect(pathologist.has('report:sign')).toBe(true);
    expect(pathologist.has('patient:read')).toBe(false);
    const both = effectivePermissions('radiologist', [
      { permission: 'audit:read', granted: false },
      { permission: 'audit:read', granted: true },
    ]);
    expect(both.has('audit:read')).toBe(false);
  });

  test('only a physician-admin gives clinical permissions; a sysadmin gives the others', () => {
    expect(mayGrant('physician-admin', 'patient:read')).toBe(true);
    expect(mayGrant('sysadmin', 'patient:read')).toBe(false);
    // Training exports and model comparisons are made of patients' images.
    expect(mayGrant('sysadmin', 'model:manage')).toBe(false);
    expect(mayGrant('physician-admin', 'model:manage')).toBe(true);
    expect(mayGrant('sysadmin', 'audit:read')).toBe(true);
    expect(mayGrant('radiologist', 'audit:read')).toBe(false);
  });

  test('mayManageRole lets a sysadmin manage sysadmin accounts only, and a physician-admin every account', () => {
    expect(ROLES.filter((role) => mayManageRole('sysadmin', role))).toEqual(['sysadmin']);
    expect(ROLES.filter((role) => mayManageRole('physician-admin', role))).toEqual([...ROLES]);
    expect(ROLES.filter((role) => mayManageRole('radiologist', role))).toEqual([]);
  });
});
