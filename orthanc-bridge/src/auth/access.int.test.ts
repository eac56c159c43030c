/**
 * Sign-in and access control through the real bridge: the authorisation matrix of every declared
 * route, patient scope in the API and DICOMweb, lockout, TOTP, sign-out everywhere, the audit
 * entry of each patient-data read, and hostile parameters.
 */
import { jest } from '@jest/globals';
import { storeStudy, waitUntil } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';
import {
  forgetSession,
  sessionCookieOf,
  sessionHeaders,
  signIn,
  TEST_PASSWORD,
  TEST_USERS,
} from '../testing/testUsers';
import type { RouteAccess } from './guardedRouter';
import { ROLE_PERMISSIONS } from './permissions';
import { totpCodeAt } from './totp';

jest.setTimeout(120_000);

const t = useReadingApp();

/**
 * Who may call what. A route added without its line here fails the first test: every new route is
 * born with its access decided.
 */
const MATRIX: Readonly<Record<string, RouteAccess>> = {
  'POST /api/auth/login': 'public',
  'POST /api/auth/second-factor': 'sign-in-step',
  'POST /api/auth/totp/enrolment': 'sign-in-step',
  'POST /api/auth/totp/enrolment/confirm': 'sign-in-step',
  'GET /api/auth/session': 'public',
  'POST /api/auth/sign-out': 'public',
  'POST /api/auth/sign-out-everywhere': 'signed-in',
  'POST /api/auth/password': 'signed-in',
  'GET /api/auth/oidc/login': 'public',
  'GET /api/auth/oidc/callback': 'public',
  'GET /api/health': 'public',
  'GET /api/queue': 'signed-in',
  'GET /api/analyses': 'study:read',
  'GET /api/studies/:studyUid/analysis': 'study:read',
  'POST /api/studies/:studyUid/analyse': 'study:analyse',
  'PUT /api/patients/:patientId/urgent': 'patient:write',
  'PUT /api/patients/:patientId/care-team': 'patient:write',
  'GET /api/patients/identity-conflicts': 'patient:write',
  'POST /api/patients/identity-conflicts/:id/decision': 'patient:write',
  'GET /api/readers': 'signed-in',
  'GET /api/worklist': 'study:read',
  'GET /api/events': 'study:read',
  'GET /api/studies/:studyUid/findings': 'study:read',
  'GET /api/studies/:studyUid/model-views': 'study:read',
  'GET /api/studies/:studyUid/reading': 'study:read',
  'POST /api/studies/:studyUid/validation': 'finding:validate',
  'POST /api/studies/:studyUid/revisions': 'finding:validate',
  'POST /api/studies/:studyUid/consultations': 'finding:validate',
  'GET /api/consultations': 'study:read',
  'POST /api/consultations/:id/answer': 'finding:validate',
  'GET /api/studies/:studyUid/report': 'study:read',
  'PUT /api/studies/:studyUid/report/draft': 'finding:validate',
  'POST /api/studies/:studyUid/report/sign': 'report:sign',
  'POST /api/studies/:studyUid/report/addendum': 'finding:validate',
  'GET /api/studies/:studyUid/report/versions/:version/pdf': 'study:read',
  'GET /api/studies/:studyUid/report/versions/:version/fhir': 'study:read',
  'GET /api/studies/:studyUid/report/versions/:version/fhir.xml': 'study:read',
  'GET /api/studies/:studyUid/report/versions/:version/sr': 'study:read',
  'GET /api/templates/:locale': 'study:read',
  'PUT /api/templates/:locale': 'report:template',
  'GET /api/users': 'user:manage',
  'POST /api/users': 'user:manage',
  'PATCH /api/users/:login': 'user:manage',
  'PUT /api/users/:login/permissions/:permission': 'user:manage',
  'POST /api/users/:login/unlock': 'user:manage',
  'GET /api/sites': 'user:manage',
  'GET /api/audit': 'audit:read',
  'POST /api/training-exports': 'model:manage',
  'GET /api/training-exports': 'model:manage',
  'GET /api/training-exports/:id': 'model:manage',
  'GET /api/models': 'model:manage',
  'POST /api/models/shadow': 'model:manage',
  'DELETE /api/models/shadow': 'model:manage',
  'POST /api/models/comparisons': 'model:manage',
  'GET /api/models/comparisons/:id': 'model:manage',
  'POST /api/models/promotions': 'model:manage',
  'POST /api/models/rollback': 'model:manage',
};

/**
 * The permissions of one test account per role, and of dr.roux, the radiologist of site-b (their
 * role's defaults: no per-user change here).
 */
const HOLDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  ['dr.martin', 'dr.lefevre', 'dr.moreau', 'admin.dupont', 'dr.roux'].map((login) => [
    login,
    ROLE_PERMISSIONS[TEST_USERS.find((u) => u.login === login)!.role],
  ]),
);

function allowed(access: RouteAccess, login: string | null): boolean {
  if (access === 'public') return true;
  if (login === null) return false;
  return access === 'signed-in' || access === 'sign-in-step' || HOLDS[login]!.includes(access);
}

async function call(method: string, path: string, login: string | null, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (login) Object.assign(headers, sessionHeaders(await signIn(t.app.url, login)));
  // The live events' stream does not end: its status is enough.
  const stream = path.startsWith('/api/events') ? new AbortController() : undefined;
  const response = await fetch(`${t.app.url}${path}`, {
    method,
    headers,
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    signal: stream?.signal,
  });
  if (stream && response.status === 200) {
    stream.abort();
    return { status: response.status, text: '' };
  }
  return { status: response.status, text: await response.text() };
}

describe('access control', () => {
  test('every declared route answers each role and anonymous users as the authorisation matrix says', async () => {
    const declared = Object.fromEntries(t.app.routes.map((r) => [`${r.method} ${r.path}`, r.access]));
    expect(declared).toEqual(MATRIX);

    const uid = await storeStudy(t.client, { views: ['LCC'] });
    await t.analysisOf(uid, 'queued');
    const values: Record<string, string> = {
      studyUid: uid,
      patientId: 'BRIDGE-TEST',
      id: '1',
      // The sysadmin's own account: a sysadmin manages non-clinical accounts only.
      login: 'admin.dupont',
      permission: 'report:sign',
      version: '1',
      locale: 'fr',
    };
    const failures: string[] = [];
    for (const [route, access] of Object.entries(MATRIX)) {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => values[name]!);
      for (const login of [null, ...Object.keys(HOLDS)]) {
        // dr.roux on study and patient routes tests site-b's scope, not her role: tested apart.
        if (login === 'dr.roux' && /:(studyUid|patientId)\b/.test(pattern)) continue;
        const { status } = await call(method, path, login);
        const expected = allowed(access, login) ? 'neither 401 nor 403' : login === null ? '401' : '403';
        const ok = allowed(access, login)
          ? status !== 401 && status !== 403 && status < 500
          : status === (login === null ? 401 : 403);
        if (!ok) failures.push(`${route} as ${login ?? 'anonymous'}: ${status}, expected ${expected}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('DICOMweb shows each site its own patients: another site’s study is absent from QIDO and its WADO is 403', async () => {
    const ours = await storeStudy(t.client, { views: ['LCC'], patientId: 'PAT-MAIN' });
    const theirs = await storeStudy(t.client, {
      views: ['LCC'],
      patientId: 'PAT-B',
      institution: 'Hopital B',
    });
    await t.analysisOf(ours, 'queued');
    await t.analysisOf(theirs, 'queued').catch(() => undefined);
    const qido = async (login: string) => {
      const response = await fetch(`${t.app.url}/dicom-web/studies?ModalitiesInStudy=MG`, {
        headers: { ...sessionHeaders(await signIn(t.app.url, login)), accept: 'application/dicom+json' },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { '0020000D': { Value: string[] } }[]).map(
        (s) => s['0020000D'].Value[0],
      );
    };
    expect(await qido('dr.martin')).toEqual([ours]);
    expect(await qido('dr.roux')).toEqual([theirs]);

    const wado = async (login: string | null, uid: string) =>
      (await call('GET', `/dicom-web/studies/${uid}/series`, login)).status;
    expect(await wado('dr.martin', theirs)).toBe(403);
    expect(await wado('dr.roux', ours)).toBe(403);
    expect(await wado('dr.martin', ours)).toBe(200);
    expect(await wado(null, ours)).toBe(401);
    // The sysadmin runs the system without reading images.
    expect(await wado('admin.dupont', ours)).toBe(403);
    // The API scopes the same way.
    expect((await t.api(`/api/studies/${theirs}/analysis`, { as: 'dr.martin' })).status).toBe(403);
  });

  test('each read of patient data is in the audit trail with who, what, the patient, from where and the outcome', async () => {
    const uid = await storeStudy(t.client, { views: ['LCC'], patientId: 'PAT-AUDIT' });
    await t.analysisOf(uid, 'queued');
    await t.api(`/api/studies/${uid}/reading`, { as: 'dr.moreau' });
    expect((await call('GET', `/dicom-web/studies/${uid}/series`, 'dr.moreau')).status).toBe(200);
    expect((await call('GET', `/api/studies/${uid}/reading`, 'dr.roux')).status).toBe(403);
    // Entries are appended once each response is over: wait for them.
    const ofMoreau = await waitUntil('the audit entries of dr.moreau', async () => {
      const audit = await t.api('/api/audit?patientId=PAT-AUDIT&actor=dr.moreau', { as: 'dr.lefevre' });
      expect(audit.status).toBe(200);
      return audit.body.entries.length >= 2 ? audit.body.entries : undefined;
    });
    const read = { actor: 'dr.moreau', action: 'read', resourceType: 'study', resourceId: uid };
    const seen = { outcome: 'success', sourceIp: '127.0.0.1', patientId: 'PAT-AUDIT' };
    // The API's read and the DICOMweb one, whichever was appended first.
    expect(ofMoreau).toHaveLength(2);
    expect(ofMoreau).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ...read,
          ...seen,
          detail: expect.objectContaining({ studyInstanceUid: uid }),
        }),
        expect.objectContaining({
          ...read,
          ...seen,
          detail: expect.objectContaining({ path: `/api/studies/${uid}/reading` }),
        }),
      ]),
    );
    // A refused read is recorded with the patient it aimed at (for audit readers; dr.roux saw nothing).
    const denied = await waitUntil('the audit entry of dr.roux', async () => {
      const audit = await t.api(`/api/audit?actor=dr.roux`, { as: 'dr.lefevre' });
      return audit.body.entries.length ? audit : undefined;
    });
    expect(denied.body.entries[0]).toMatchObject({
      resourceId: uid,
      outcome: 'denied',
      httpStatus: 403,
      patientId: 'PAT-AUDIT',
    });
  });

  test('an account is locked after five wrong passwords, even for the right one, until an administrator unlocks it', async () => {
    const attempt = (password: string) =>
      fetch(`${t.app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'dr.bernard', password }),
      });
    for (let i = 0; i < 4; i++) expect((await attempt('wrong password!')).status).toBe(401);
    expect((await attempt('wrong password!')).status).toBe(423);
    expect((await attempt(TEST_PASSWORD)).status).toBe(423);
    // Others are not affected; an unknown login answers like a wrong password.
    await signIn(t.app.url, 'dr.martin');
    const unknown = await fetch(`${t.app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'dr.nobody', password: TEST_PASSWORD }),
    });
    expect(unknown.status).toBe(401);
    // A sysadmin may not unlock a clinician; the physician-admin does.
    const unlock = (as: string) => t.api('/api/users/dr.bernard/unlock', { method: 'POST', as, body: {} });
    expect((await unlock('admin.dupont')).status).toBe(403);
    expect((await attempt(TEST_PASSWORD)).status).toBe(423);
    expect((await unlock('dr.lefevre')).status).toBe(204);
    await signIn(t.app.url, 'dr.bernard');
  });

  test('a patient put in a care team is seen by that team only, within the site', async () => {
    const uid = await storeStudy(t.client, { views: ['LCC'], patientId: 'PAT-TEAM' });
    await t.analysisOf(uid, 'queued');
    const careTeam = (careTeam: string | null, as = 'dr.martin') =>
      t.api('/api/patients/PAT-TEAM/care-team', { method: 'PUT', as, body: { careTeam } });
    // Nobody puts a patient in a team they are not in: the patient would leave their own scope.
    expect((await careTeam('senologie')).status).toBe(422);
    const member = await t.api('/api/users/dr.martin', {
      method: 'PATCH',
      as: 'dr.lefevre',
      body: { careTeams: ['senologie'] },
    });
    expect(member.status).toBe(200);
    // The change ended dr.martin's sessions.
    forgetSession(t.app.url, 'dr.martin');
    expect(await careTeam('senologie')).toEqual({
      status: 200,
      body: { patientId: 'PAT-TEAM', careTeam: 'senologie' },
    });
    expect((await t.api(`/api/studies/${uid}/analysis`, { as: 'dr.martin' })).status).toBe(200);
    expect((await t.api(`/api/studies/${uid}/analysis`, { as: 'dr.bernard' })).status).toBe(403);
    expect((await careTeam(null, 'dr.bernard')).status).toBe(403);
    expect((await careTeam(null)).status).toBe(200);
    expect((await t.api(`/api/studies/${uid}/analysis`, { as: 'dr.bernard' })).status).toBe(200);
    expect(
      (await t.api('/api/patients/NOBODY/care-team', { method: 'PUT', body: { careTeam: null } })).status,
    ).toBe(404);
  });

  test('TOTP enrolment gives recovery codes; sign-in then asks for a code, refuses a wrong or replayed one, and takes a recovery code once', async () => {
    const me = await signIn(t.app.url, 'dr.martin');
    const post = (path: string, who: { cookie: string; csrfToken: string }, body: unknown = {}) =>
      fetch(`${t.app.url}/api/auth/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...sessionHeaders({ login: '', ...who }) },
        body: JSON.stringify(body),
      });
    const begun = await post('totp/enrolment', me);
    expect(begun.status).toBe(200);
    const { secret, qrSvg, otpauthUri } = (await begun.json()) as Record<string, string>;
    expect(qrSvg).toMatch(/^<svg/);
    expect(otpauthUri).toContain('Sentinelle');
    expect((await post('totp/enrolment/confirm', me, { code: '000000' })).status).toBe(401);
    const confirmed = await post('totp/enrolment/confirm', me, { code: totpCodeAt(secret!, new Date()) });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    // The secret is sealed in the table.
    const { rows } = await t.app.ctx.pool.query<{ totp_secret: string }>(
      "SELECT totp_secret FROM user_account WHERE login = 'dr.martin'",
    );
    expect(rows[0]!.totp_secret).toMatch(/^enc:v1:/);
    expect(rows[0]!.totp_secret).not.toContain(secret);

    const passwordStep = async () => {
      const response = await fetch(`${t.app.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'dr.martin', password: TEST_PASSWORD }),
      });
      const body = (await response.json()) as { stage: string; csrfToken: string };
      expect(body.stage).toBe('second-factor');
      return { cookie: sessionCookieOf(response)!, csrfToken: body.csrfToken };
    };
    const pending = await passwordStep();
    // Half signed in is not signed in.
    expect((await fetch(`${t.app.url}/api/worklist`, { headers: { cookie: pending.cookie } })).status).toBe(
      401,
    );
    expect((await post('second-factor', pending, { code: '123456' })).status).toBe(401);
    // The step used at enrolment is spent: the next step's code signs in, once.
    const later = new Date(Date.now() + 30_000);
    const done = await post('second-factor', pending, { code: totpCodeAt(secret!, later) });
    expect(done.status).toBe(200);
    const signedIn = sessionCookieOf(done)!;
    expect(signedIn).not.toBe(pending.cookie);
    expect((await fetch(`${t.app.url}/api/worklist`, { headers: { cookie: signedIn } })).status).toBe(200);
    const replay = await passwordStep();
    expect((await post('second-factor', replay, { code: totpCodeAt(secret!, later) })).status).toBe(401);
    expect((await post('second-factor', replay, { code: recoveryCodes[0] })).status).toBe(200);
    const again = await passwordStep();
    expect((await post('second-factor', again, { code: recoveryCodes[0] })).status).toBe(401);
  });

  test('sign-out everywhere ends every session of the account; a write without the CSRF token is refused', async () => {
    const [a, b] = [await signIn(t.app.url, 'dr.moreau'), await signIn(t.app.url, 'dr.moreau')];
    const worklist = (who: { cookie: string }) =>
      fetch(`${t.app.url}/api/worklist`, { headers: { cookie: who.cookie } }).then((r) => r.status);
    expect(await worklist(a)).toBe(200);
    const noToken = await fetch(`${t.app.url}/api/auth/sign-out-everywhere`, {
      method: 'POST',
      headers: { cookie: a.cookie },
    });
    expect(noToken.status).toBe(403);
    const out = await fetch(`${t.app.url}/api/auth/sign-out-everywhere`, {
      method: 'POST',
      headers: sessionHeaders(a),
    });
    expect(out.status).toBe(200);
    expect(await worklist(a)).toBe(401);
    expect(await worklist(b)).toBe(401);
  });

  test('hostile parameters (SQL, path traversal) are refused on every route, never a 500 nor data', async () => {
    const hostile = [
      "' OR '1'='1",
      '1; DROP TABLE patient; --',
      '../../../etc/passwd',
      '..%2F..%2Fetc%2Fpasswd',
    ];
    const failures: string[] = [];
    for (const [route] of Object.entries(MATRIX)) {
      const [method, pattern] = route.split(' ') as [string, string];
      if (!pattern.includes(':')) continue;
      for (const value of hostile) {
        const path = pattern.replace(/:(\w+)/g, (_, name: string) =>
          name === 'permission' ? 'report:sign' : encodeURIComponent(value),
        );
        const { status } = await call(method, path, 'dr.lefevre');
        if (![400, 404].includes(status)) failures.push(`${route} with ${value}: ${status}`);
      }
    }
    for (const value of hostile) {
      for (const path of [
        `/api/worklist?limit=${encodeURIComponent(value)}`,
        `/api/events?since=${encodeURIComponent(value)}`,
        `/api/audit?cursor=${encodeURIComponent(value)}`,
        `/api/analyses?status=${encodeURIComponent(value)}`,
      ]) {
        const { status } = await call('GET', path, 'dr.lefevre');
        if (status !== 400) failures.push(`${path}: ${status}`);
      }
      const dicomWeb = await call(
        'GET',
        `/dicom-web/studies/${encodeURIComponent(value)}/series`,
        'dr.martin',
      );
      // The relay refuses an encoded path (400) before looking anything up.
      if (![400, 403, 404].includes(dicomWeb.status)) failures.push(`DICOMweb ${value}: ${dicomWeb.status}`);
      const page = await call('GET', `/pages/${encodeURIComponent(value)}`, null);
      if (page.status !== 404 || page.text.includes('root:'))
        failures.push(`/pages/${value}: ${page.status}`);
    }
    const login = await call('POST', '/api/auth/login', null, { login: "dr.martin' --", password: 'x' });
    if (login.status !== 401) failures.push(`login with SQL: ${login.status}`);
    expect(failures).toEqual([]);
    // Everything is still there.
    expect((await t.app.ctx.pool.query('SELECT count(*)::int AS n FROM user_account')).rows[0].n).toBe(
      TEST_USERS.length,
    );
  });
});
