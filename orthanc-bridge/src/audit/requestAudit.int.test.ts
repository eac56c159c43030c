/**
 * The API's requests as the audit trail records them, on the whole bridge: refused ones, malformed
 * ones and those on a study of another site carry who, what and which patient. The entries are
 * written before the answers, so they are read right after them.
 */
import { upsertPatient } from '../patients/patientStore';
import { sessionOf } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';
import { listAuditEvents, type AuditEntry } from './auditLog';

const t = useReadingApp();

const NUL_REASON = 'string fields must not contain NUL';

/** A study of a site-b patient, as intake records it. */
async function siteBStudy(uid: string): Promise<void> {
  const { pool, cipher } = t.app.ctx;
  const patient = await upsertPatient(pool, cipher, {
    patientId: `PAT-B${uid.slice(-2)}`,
    issuer: '',
    name: null,
    birthDate: null,
    sex: null,
  });
  await pool.query(`UPDATE patient SET site = 'site-b' WHERE id = $1`, [patient.id]);
  await pool.query(`INSERT INTO study (study_instance_uid, orthanc_id, patient_ref) VALUES ($1, $2, $3)`, [
    uid,
    `o-${uid.slice(-2)}`,
    patient.id,
  ]);
}

/** The entries recorded so far, oldest first. */
async function entries(): Promise<AuditEntry[]> {
  return [...(await listAuditEvents(t.app.ctx, { limit: 1000 })).entries].reverse();
}

describe('request audit', () => {
  test('guardedRouter records the requests that went unrecorded: an anonymous template PUT, a study UID over 256 characters, a NUL byte in the login', async () => {
    const put = await t.api('/api/templates/fr', { method: 'PUT', body: { title: 'x' }, as: null });
    expect(put.status).toBe(401);
    const longUid = `1.${'2'.repeat(298)}`;
    expect((await t.api(`/api/studies/${longUid}/findings`)).status).toBe(400);
    const nul = await t.api('/api/auth/login', {
      method: 'POST',
      body: { login: 'dr.mar\u0000tin', password: 'whatever' },
      as: null,
    });
    expect(nul).toEqual({
      status: 400,
      body: { error: { status: 400, message: `${NUL_REASON} (a body field holds one)` } },
    });

    const recorded = await entries();
    expect(recorded.find((e) => e.resourceType === 'report-template')).toMatchObject({
      actor: 'anonymous',
      action: 'update',
      resourceId: '(unknown site)/fr',
      outcome: 'denied',
      httpStatus: 401,
      detail: { method: 'PUT', path: '/api/templates/fr', refused: 'sign in first' },
    });
    expect(recorded.find((e) => e.resourceId?.startsWith('1.222'))).toMatchObject({
      actor: 'dr.martin',
      resourceType: 'study',
      resourceId: longUid.slice(0, 256),
      outcome: 'failure',
      httpStatus: 400,
      detail: { truncated: { resourceId: 300 }, path: `/api/studies/${longUid}/findings` },
    });
    expect(recorded.filter((e) => e.action === 'login' && e.httpStatus === 400)).toMatchObject([
      {
        actor: 'anonymous',
        outcome: 'failure',
        detail: {
          method: 'POST',
          path: '/api/auth/login',
          refused: `${NUL_REASON} (a body field holds one)`,
        },
      },
    ]);
  });

  test('guardedRouter refuses NUL in any string field (body, query, path) with a 400 that says so, records it and stores nothing', async () => {
    const initial = await t.api('/api/templates/fr', { as: 'dr.lefevre' });
    expect(initial.status).toBe(200);
    // What a PUT takes: the template without what the server sets.
    const editable = Object.fromEntries(
      Object.entries(initial.body.template as Record<string, unknown>).filter(
        ([key]) => !['institution', 'version', 'locale'].includes(key),
      ),
    );
    const text = Object.keys(editable).find((key) => typeof editable[key] === 'string')!;
    const template = await t.api('/api/templates/fr', {
      method: 'PUT',
      body: { ...editable, [text]: `${editable[text]}\u0000` },
      as: 'dr.lefevre',
    });
    expect(template).toEqual({
      status: 400,
      body: { error: { status: 400, message: `${NUL_REASON} (a body field holds one)` } },
    });
    expect((await t.api('/api/templates/fr', { as: 'dr.lefevre' })).body).toEqual(initial.body);

    const draft = await t.api('/api/studies/1.2.3.4/report/draft', {
      method: 'PUT',
      body: { content: { notes: 'a\u0000b' } },
    });
    expect(draft.body.error.message).toBe(`${NUL_REASON} (a body field holds one)`);
    expect((await t.app.ctx.pool.query('SELECT count(*)::int AS n FROM report')).rows[0].n).toBe(0);
    expect((await t.api('/api/worklist?limit=1%00')).body.error.message).toBe(
      `${NUL_REASON} (a query parameter holds one)`,
    );
    expect((await t.api('/api/studies/1.2%003/findings')).body.error.message).toBe(
      `${NUL_REASON} (a path parameter holds one)`,
    );

    const refusals = (await entries()).filter((e) => e.httpStatus === 400);
    expect(refusals.map((e) => [e.resourceType, e.detail.path, e.detail.refused])).toEqual([
      ['report-template', '/api/templates/fr', `${NUL_REASON} (a body field holds one)`],
      ['study', '/api/studies/1.2.3.4/report/draft', `${NUL_REASON} (a body field holds one)`],
      ['study', '/api/worklist', `${NUL_REASON} (a query parameter holds one)`],
      ['study', '/api/studies/1.2%003/findings', `${NUL_REASON} (a path parameter holds one)`],
    ]);
    expect(refusals[2]!.detail.query).toBe('limit=1%00');
    expect(refusals[3]!.resourceId).toBe('1.2\u24003');
  });

  test('guardedRouter records a refused request on a study with the patient it concerns', async () => {
    const uid = '1.2.826.0.1.3680043.8.498.77';
    await siteBStudy(uid);
    // Anonymous, without the permission (a sysadmin), and outside the reader's site.
    expect((await t.api(`/api/studies/${uid}/reading`, { as: null })).status).toBe(401);
    expect((await t.api(`/api/studies/${uid}/reading`, { as: 'admin.dupont' })).status).toBe(403);
    expect((await t.api(`/api/studies/${uid}/reading`)).status).toBe(403);
    const refused = (await entries()).filter((e) => e.resourceId === uid);
    expect(refused.map((e) => [e.actor, e.outcome, e.httpStatus, e.patientId])).toEqual([
      ['anonymous', 'denied', 401, 'PAT-B77'],
      ['admin.dupont', 'denied', 403, 'PAT-B77'],
      ['dr.martin', 'denied', 403, 'PAT-B77'],
    ]);
  });

  test('the bridge records a request on a study refused before any route: a write without its CSRF token, a body that is not JSON', async () => {
    const uid = '1.2.826.0.1.3680043.8.498.78';
    await siteBStudy(uid);
    const { cookie } = await sessionOf(t.app.url, 'dr.roux');
    const withoutToken = await fetch(`${t.app.url}/api/studies/${uid}/report/draft`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"content": {}}',
    });
    expect(withoutToken.status).toBe(403);
    const notJson = await t.api(`/api/studies/${uid}/report/draft`, {
      method: 'PUT',
      raw: '{"content": ',
      as: 'dr.roux',
    });
    expect(notJson.status).toBe(400);
    // Nothing of the bridge's own pages is recorded this way.
    expect((await fetch(`${t.app.url}/login`)).status).toBe(200);

    const recorded = await entries();
    expect(
      recorded
        .filter((e) => e.resourceId === uid)
        .map((e) => [e.actor, e.action, e.outcome, e.httpStatus, e.patientId, e.detail.refused]),
    ).toEqual([
      ['anonymous', 'update', 'denied', 403, 'PAT-B78', "a write needs the session's X-CSRF-Token header"],
      // Refused before authentication: who sent it is not established.
      ['anonymous', 'update', 'failure', 400, 'PAT-B78', 'the request body is not valid JSON'],
    ]);
    expect(recorded.filter((e) => e.detail.path === '/login')).toEqual([]);
  });
});
