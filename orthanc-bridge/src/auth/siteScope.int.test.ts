/**
 * Sites through the real bridge: the site-b radiologist (dr.roux) against every declared route
 * with a study or patient of site main (refused, nothing stored changes), lists that show her own
 * site only, studies without a patient closed to clinical work, and a study sent by "Site B
 * Clinic" (the demo's second site) landing in site-b.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { assessedDraft } from '@sentinelle/reporting/testing/report';
import {
  DEMO_SITES,
  institutionSites,
  loadDemoStudies,
  prepareSiteBDemo,
  SITE_B_DEMO_PATIENT,
} from '@sentinelle/config';
import { openPatientId } from '../patients/patientStore';
import { storeStudy, TEST_PASSWORD, TEST_SITES, waitUntil } from '../testing/harness';
import { keptMassRevision } from '../testing/mammography';
import { useReadingApp, type ApiAnswer } from '../testing/readingApp';

jest.setTimeout(240_000);

// The tests' sites ("Hopital B" → site-b) and the demo's ("Site B Clinic" → site-b).
const t = useReadingApp({
  configure: (config) => ({
    ...config,
    auth: {
      ...config.auth,
      sites: {
        defaultSite: 'main',
        byInstitution: { ...TEST_SITES.byInstitution, ...institutionSites(DEMO_SITES) },
      },
    },
  }),
});

/**
 * What dr.roux (site-b) gets from each declared route. `refused`: it takes a study, patient or
 * record of site main: 403 or 404, and nothing stored changes. `own-site`: a list, which holds
 * nothing of site main. `no-patient-data`: neither takes nor shows a patient (the reason says why).
 * A route declared without its line here fails the first test.
 */
type SiteBRule = 'refused' | 'own-site' | { readonly noPatientData: string };
const SIGN_IN = { noPatientData: 'signing in and the session' };
const ACCOUNTS = { noPatientData: 'accounts and the audit trail: user:manage / audit:read, which she lacks' };
const MODELS = { noPatientData: 'the AI models: model:manage, which she lacks' };
const SITE_B: Readonly<Record<string, SiteBRule>> = {
  'POST /api/auth/login': SIGN_IN,
  'POST /api/auth/second-factor': SIGN_IN,
  'POST /api/auth/totp/enrolment': SIGN_IN,
  'POST /api/auth/totp/enrolment/confirm': SIGN_IN,
  'GET /api/auth/session': SIGN_IN,
  'POST /api/auth/sign-out': SIGN_IN,
  'POST /api/auth/sign-out-everywhere': SIGN_IN,
  'POST /api/auth/password': SIGN_IN,
  'GET /api/auth/oidc/login': SIGN_IN,
  'GET /api/auth/oidc/callback': SIGN_IN,
  'GET /api/health': { noPatientData: 'the services’ health' },
  'GET /api/queue': { noPatientData: 'queue depths by priority' },
  'GET /api/analyses': 'own-site',
  'GET /api/studies/:studyUid/analysis': 'refused',
  'POST /api/studies/:studyUid/analyse': 'refused',
  'PUT /api/patients/:patientId/urgent': 'refused',
  'PUT /api/patients/:patientId/care-team': 'refused',
  'GET /api/patients/identity-conflicts': 'own-site',
  'POST /api/patients/identity-conflicts/:id/decision': 'refused',
  'GET /api/readers': 'own-site',
  'GET /api/worklist': 'own-site',
  // A stream that does not end: its scope (site main's events never reach her) is tested in
  // studies/worklist.int.test.ts.
  'GET /api/events': { noPatientData: 'study UIDs of her own scope only, never a patient' },
  'GET /api/studies/:studyUid/findings': 'refused',
  'GET /api/studies/:studyUid/model-views': 'refused',
  'GET /api/studies/:studyUid/reading': 'refused',
  'POST /api/studies/:studyUid/validation': 'refused',
  'POST /api/studies/:studyUid/revisions': 'refused',
  'POST /api/studies/:studyUid/consultations': 'refused',
  'GET /api/consultations': 'own-site',
  'POST /api/consultations/:id/answer': 'refused',
  'GET /api/studies/:studyUid/report': 'refused',
  'PUT /api/studies/:studyUid/report/draft': 'refused',
  'POST /api/studies/:studyUid/report/sign': 'refused',
  'POST /api/studies/:studyUid/report/addendum': 'refused',
  'GET /api/studies/:studyUid/report/versions/:version/pdf': 'refused',
  'GET /api/studies/:studyUid/report/versions/:version/fhir': 'refused',
  'GET /api/studies/:studyUid/report/versions/:version/fhir.xml': 'refused',
  'GET /api/studies/:studyUid/report/versions/:version/sr': 'refused',
  'GET /api/templates/:locale': { noPatientData: 'her own site’s report template' },
  'PUT /api/templates/:locale': { noPatientData: 'report:template, which she lacks' },
  'GET /api/users': ACCOUNTS,
  'POST /api/users': ACCOUNTS,
  'PATCH /api/users/:login': ACCOUNTS,
  'PUT /api/users/:login/permissions/:permission': ACCOUNTS,
  'POST /api/users/:login/unlock': ACCOUNTS,
  'GET /api/sites': ACCOUNTS,
  'GET /api/audit': ACCOUNTS,
  // Exports take site main's cases: model:manage, which she lacks (a site-b physician-admin is
  // refused site main's cases in inference-worker/src/trainingExport/trainingExport.int.test.ts).
  'POST /api/training-exports': 'refused',
  'GET /api/training-exports': 'refused',
  'GET /api/training-exports/:id': 'refused',
  // The model is network-wide (modelGovernance/index.ts): per-case rows of a comparison show the
  // admin's own scope only (tested in modelGovernance/comparisonScope.int.test.ts).
  'GET /api/models': MODELS,
  'POST /api/models/shadow': MODELS,
  'DELETE /api/models/shadow': MODELS,
  'POST /api/models/comparisons': MODELS,
  'GET /api/models/comparisons/:id': MODELS,
  'POST /api/models/promotions': MODELS,
  'POST /api/models/rollback': MODELS,
};

/** Every row of the tables of patient care, and the main study's instances in Orthanc. */
async function careRecords(orthancStudyId: string): Promise<string> {
  const tables = [
    'patient',
    'study',
    'analysis',
    'reading_validation',
    'reading_revision',
    'consultation',
    'patient_share',
    'report',
    'report_subject',
    'patient_identity_conflict',
    'training_export',
    'training_export_case',
  ];
  const rows: unknown[] = [];
  for (const table of tables)
    rows.push(
      (
        await t.app.ctx.pool.query(
          `SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY to_jsonb(x)::text), '[]') AS rows FROM ${table} x`,
        )
      ).rows[0].rows,
    );
  const instances = await t.client.request<unknown[]>(`/studies/${orthancStudyId}/instances`);
  return JSON.stringify({ rows, instances: instances?.length });
}

/** A main-site patient with everything a route can take: an analysed, reported, discussed study and an identity conflict. */
async function mainSiteCase() {
  const { study, uid } = await t.analysedStudy({ views: ['LCC', 'LMLO'], patientId: 'PAT-MAIN' });
  const report = `/api/studies/${uid}/report`;
  const content = assessedDraft((await t.api(report)).body.draft.content);
  expect((await t.api(`${report}/draft`, { method: 'PUT', body: content })).status).toBe(200);
  expect((await t.api(`${report}/sign`, { method: 'POST', body: { password: TEST_PASSWORD } })).status).toBe(
    200,
  );
  const asked = await t.api(`/api/studies/${uid}/consultations`, {
    method: 'POST',
    body: { colleague: 'dr.bernard', note: 'ACR 4 ?' },
  });
  expect(asked.status).toBe(201);
  const other = await storeStudy(t.client, {
    patientId: 'PAT-MAIN',
    patientName: 'Autre^Nom',
    views: ['RCC'],
  });
  await t.analysisOf(other, 'queued');
  const [conflict] = (await t.api('/api/patients/identity-conflicts', { as: 'dr.lefevre' })).body.conflicts;
  expect(conflict).toBeDefined();
  return {
    uid,
    orthancStudyId: study.orthancStudyId,
    values: {
      studyUid: uid,
      patientId: 'PAT-MAIN',
      id: '',
      version: '1',
      locale: 'fr',
      login: 'dr.roux',
      permission: 'report:sign',
    } as Record<string, string>,
    consultationId: String(asked.body.consultation.id),
    conflictId: String(conflict.id),
    // Bodies that would change something if the route let her through.
    bodies: {
      'POST /api/studies/:studyUid/analyse': { priority: 'stat' },
      'PUT /api/patients/:patientId/urgent': { urgent: true },
      'PUT /api/patients/:patientId/care-team': { careTeam: null },
      'POST /api/patients/identity-conflicts/:id/decision': { decision: 'accept' },
      'POST /api/studies/:studyUid/validation': { overall: 'agree', birads: '4A', lesions: [] },
      'POST /api/studies/:studyUid/revisions': keptMassRevision(study.sources[0]!),
      'POST /api/studies/:studyUid/consultations': { colleague: 'dr.roux', note: 'Un avis ?' },
      'POST /api/consultations/:id/answer': { answer: 'Biopsie.' },
      'PUT /api/studies/:studyUid/report/draft': content,
      'POST /api/studies/:studyUid/report/sign': { password: TEST_PASSWORD },
      'POST /api/studies/:studyUid/report/addendum': {},
    } as Record<string, unknown>,
  };
}

const shows = (answer: ApiAnswer, uid: string) => {
  const text = JSON.stringify(answer.body);
  return (
    text.includes(uid) || text.includes('PAT-MAIN') || text.includes('Lecture') || text.includes('Autre')
  );
};

describe('site scope', () => {
  test('every declared route refuses the site-b radiologist a study or patient of site main, changing nothing, and lists her own site only', async () => {
    const declared = t.app.routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(declared).toEqual(Object.keys(SITE_B).sort());

    const main = await mainSiteCase();
    const failures: string[] = [];
    for (const [route, rule] of Object.entries(SITE_B)) {
      if (typeof rule === 'object') continue;
      const [method, pattern] = route.split(' ') as [string, string];
      const id = route.includes('identity-conflicts') ? main.conflictId : main.consultationId;
      const path = pattern.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? id : main.values[name]!));
      const before = await careRecords(main.orthancStudyId);
      const answer = await t.api(path, {
        method,
        as: 'dr.roux',
        ...(method === 'GET' ? {} : { body: main.bodies[route] ?? {} }),
      });
      if (rule === 'refused') {
        if (![403, 404].includes(answer.status))
          failures.push(`${route}: ${answer.status}, expected 403 or 404`);
        if (shows(answer, main.uid)) failures.push(`${route}: the refusal shows site main's patient`);
        if ((await careRecords(main.orthancStudyId)) !== before)
          failures.push(`${route}: stored records changed`);
      } else {
        if (answer.status !== 200) failures.push(`${route}: ${answer.status}, expected 200`);
        if (shows(answer, main.uid)) failures.push(`${route}: lists site main's patient`);
      }
    }
    expect(failures).toEqual([]);

    // The same lists show site main its own.
    for (const path of ['/api/worklist', '/api/analyses', '/api/consultations'])
      expect(shows(await t.api(path), main.uid)).toBe(true);
    expect((await t.api('/api/readers', { as: 'dr.roux' })).body.readers).toEqual([
      { login: 'dr.roux', displayName: 'Dr Sophie Roux' },
    ]);
  });

  test('a study without a patient (CT) is closed to drafts, consultations and every clinical route, for every site; only its analysis status answers', async () => {
    const ct = await storeStudy(t.client, { modality: 'CT' });
    expect((await t.analysisOf(ct, 'skipped')).analysis.reason).toBe('no mammography image (modalities: CT)');
    const orthancId = (await t.client.findStudy(ct))!;
    const before = await careRecords(orthancId);
    const failures: string[] = [];
    for (const { method, path } of t.app.routes) {
      if (!path.includes(':studyUid')) continue;
      const url = path.replace(':studyUid', ct).replace(':version', '1');
      for (const as of ['dr.martin', 'dr.roux']) {
        const answer = await t.api(url, { method, as, ...(method === 'GET' ? {} : { body: {} }) });
        const statusOnly = path.endsWith('/analysis') || path.endsWith('/analyse');
        if (!statusOnly && answer.status !== 403)
          failures.push(`${method} ${path} as ${as}: ${answer.status}`);
      }
    }
    const consult = await t.api(`/api/studies/${ct}/consultations`, {
      method: 'POST',
      body: { colleague: 'dr.bernard', note: 'Un avis ?' },
    });
    expect(consult.status).toBe(403);
    expect(failures).toEqual([]);
    expect(await careRecords(orthancId)).toBe(before);
    expect((await t.api(`/api/studies/${ct}/analysis`, { as: 'dr.roux' })).body.analysis.status).toBe(
      'skipped',
    );
  });

  test('the demo study sent by Site B Clinic lands in site-b: dr.roux reads it, site main does not', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sentinelle-site-b-'));
    try {
      const dir = await prepareSiteBDemo({ dataDir });
      const { loaded } = await loadDemoStudies(t.orthanc, { dir });
      const uid = loaded[0]!.studyInstanceUid;
      await waitUntil('the site-b study taken in', async () => {
        const answer = await t.api(`/api/studies/${uid}/analysis`, { as: 'dr.roux' });
        return answer.status === 200 ? answer : undefined;
      });
      const { rows } = await t.app.ctx.pool.query<{ id: string; patient_id: string; site: string }>(
        'SELECT id::text AS id, patient_id, site FROM patient',
      );
      expect(
        rows.map(({ id, patient_id: patientId, site }) => ({
          patientId: openPatientId(t.app.ctx.cipher, { id, patientId }),
          site,
        })),
      ).toEqual([{ patientId: SITE_B_DEMO_PATIENT.patientId, site: 'site-b' }]);
      const worklist = await t.api('/api/worklist', { as: 'dr.roux' });
      expect(worklist.body.studies.map((s: { studyInstanceUid: string }) => s.studyInstanceUid)).toEqual([
        uid,
      ]);
      expect((await t.api(`/api/studies/${uid}/analysis`, { as: 'dr.roux' })).status).toBe(200);
      expect((await t.api(`/api/studies/${uid}/analysis`, { as: 'dr.martin' })).status).toBe(403);
      expect((await t.api('/api/worklist', { as: 'dr.martin' })).body.studies).toEqual([]);
      // Administrators see the sites and the institutions feeding them.
      expect(await t.api('/api/sites', { as: 'admin.dupont' })).toEqual({
        status: 200,
        body: {
          defaultSite: 'main',
          sites: [
            { id: 'main', institutions: ['Sentinelle demo'] },
            { id: 'site-b', institutions: ['Hopital B', 'Site B Clinic'] },
          ],
        },
      });
      expect((await t.api('/api/sites', { as: 'dr.roux' })).status).toBe(403);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
