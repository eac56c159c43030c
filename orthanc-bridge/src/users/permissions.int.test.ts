/**
 * Per-account grants and revocations follow the rule of role changes: a sysadmin manages sysadmin
 * accounts only, so neither grants nor revokes anything on a clinical account; a physician-admin
 * manages every account.
 */
import { useReadingApp } from '../testing/readingApp';
import { forgetSession, TEST_PASSWORD } from '../testing/testUsers';

const t = useReadingApp();

const change = (as: string, login: string, permission: string, granted: boolean | null) =>
  t.api(`/api/users/${login}/permissions/${permission}`, { method: 'PUT', as, body: { granted } });

async function storedChanges() {
  const { rows } = await t.app.ctx.pool.query<{ login: string; permission: string; granted: boolean }>(
    `SELECT u.login, c.permission, c.granted FROM user_permission_change c
       JOIN user_account u ON u.id = c.user_id ORDER BY u.login, c.permission`,
  );
  return rows;
}

const permissionsOf = async (login: string) =>
  ((await t.api('/api/users', { as: 'dr.lefevre' })).body.users as { login: string; permissions: string[] }[])
    .find((u) => u.login === login)!
    .permissions.slice()
    .sort();

describe('account permissions', () => {
  test('PUT /api/users/:login/permissions/:permission refuses a sysadmin on clinical accounts and changes nothing', async () => {
    const before = { martin: await permissionsOf('dr.martin'), lefevre: await permissionsOf('dr.lefevre') };
    // The pen test's two requests: orthanc:admin granted to a radiologist, audit:read revoked from a physician-admin.
    const refused = [
      await change('admin.dupont', 'dr.martin', 'orthanc:admin', true),
      await change('admin.dupont', 'dr.lefevre', 'audit:read', false),
      await change('admin.dupont', 'dr.lefevre', 'user:manage', null),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(refused[0]!.body.error.message).toBe('only a physician-admin manages clinical accounts');
    expect(await storedChanges()).toEqual([]);
    expect({ martin: await permissionsOf('dr.martin'), lefevre: await permissionsOf('dr.lefevre') }).toEqual(
      before,
    );
    // Their sessions did not end: the kept one still answers.
    expect((await t.api('/api/worklist', { as: 'dr.martin' })).status).toBe(200);
  });

  test('PUT /api/users/:login/permissions/:permission still lets a sysadmin manage a sysadmin and a physician-admin anyone', async () => {
    const created = await t.api('/api/users', {
      method: 'POST',
      as: 'admin.dupont',
      body: {
        login: 'admin.petit',
        personName: 'Petit^Marc',
        displayName: 'Marc Petit',
        role: 'sysadmin',
        site: 'main',
        password: TEST_PASSWORD,
      },
    });
    expect(created.status).toBe(201);
    expect((await change('admin.dupont', 'admin.petit', 'audit:read', false)).status).toBe(200);
    // Clinical permissions stay a physician-admin's, even on a sysadmin account.
    expect((await change('admin.dupont', 'admin.petit', 'study:read', true)).status).toBe(403);
    expect((await change('dr.lefevre', 'dr.martin', 'orthanc:admin', true)).status).toBe(200);
    forgetSession(t.app.url, 'dr.martin');
    expect(await storedChanges()).toEqual([
      { login: 'admin.petit', permission: 'audit:read', granted: false },
      { login: 'dr.martin', permission: 'orthanc:admin', granted: true },
    ]);
    expect(await permissionsOf('admin.petit')).toEqual(['orthanc:admin', 'user:manage']);
  });
});
