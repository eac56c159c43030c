/**
 * Training exports end to end, on the real bridge, Orthanc, PostgreSQL and Redis: a read and
 * signed demo study, exported by a physician-admin, written by the worker's consumer, read back
 * through prepare:training's code; and the refusals (permission, site, bad requests).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { TRAINING_EXPORT_QUEUE_NAME } from '@sentinelle/orthanc-bridge';
import { TEST_PASSWORD, waitUntil } from '@sentinelle/orthanc-bridge/testing';
import { keptMassRevision } from '@sentinelle/orthanc-bridge/testing/mammography';
import { useReadingApp } from '@sentinelle/orthanc-bridge/testing/reading';
import { readPart10 } from '@sentinelle/reporting';
import { Queue } from 'bullmq';
import { assessedDraft } from '@sentinelle/reporting/testing/report';
import { pino } from 'pino';
import { readMiasLabels } from '../evaluation/miasLabels';
import { REPO_ROOT, SYSTEM_PYTHON } from '../testing/sharedData';
import { prepareTrainingData } from '../trainingData/prepareTrainingData';
import { WorkerOrthancClient } from '../worker/orthancClient';
import { startTrainingExportConsumer, type TrainingExportWorker } from './consumer';

jest.setTimeout(300_000);

const run = promisify(execFile);

const t = useReadingApp();

let work: string;
let consumer: TrainingExportWorker | undefined;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sentinelle-training-export-'));
});
afterEach(async () => {
  await consumer?.close();
  consumer = undefined;
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A left CC + MLO study of PAT-EXPORT, its AI mass kept (outlined) by dr.martin, reported BI-RADS 2 and signed. */
async function signedCase() {
  const { study, uid } = await t.analysedStudy({ patientId: 'PAT-EXPORT' });
  const cc = study.sources[0]!;
  const revision = keptMassRevision(cc);
  const outlined = {
    findings: revision.findings.map((f) => ({
      ...f,
      region: {
        kind: 'polygon',
        points: [
          { x: 50, y: 70 },
          { x: 70, y: 70 },
          { x: 70, y: 90 },
          { x: 50, y: 90 },
        ],
      },
    })),
  };
  expect((await t.api(`/api/studies/${uid}/revisions`, { method: 'POST', body: outlined })).status).toBe(201);
  const report = `/api/studies/${uid}/report`;
  const content = assessedDraft((await t.api(report)).body.draft.content);
  expect(content.breastAssessments).toEqual([{ laterality: 'L', assessment: '2' }]);
  expect((await t.api(`${report}/draft`, { method: 'PUT', body: content })).status).toBe(200);
  const signed = await t.api(`${report}/sign`, { method: 'POST', body: { password: TEST_PASSWORD } });
  expect(signed.status).toBe(200);
  return { uid, cc };
}

const exportRows = async () =>
  (await t.app.ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM training_export')).rows[0]!.n;

const EXPORT_2025 = { from: '2025-01-01', to: '2025-12-31' };

/** GET /api/training-exports/:id once the worker finished the export (released or not). */
const finished = (id: string) =>
  waitUntil(
    `training export ${id} finished`,
    async () => {
      const answer = await t.api(`/api/training-exports/${id}`, { as: 'dr.lefevre' });
      return ['queued', 'running'].includes(answer.body.export.state) ? undefined : answer.body;
    },
    240_000,
  );

describe('training exports', () => {
  test('a physician-admin exports a signed case: the worker writes de-identified DICOM, labels.csv that prepare:training reads, a passed verification report and provenance by pseudonym; others are refused', async () => {
    const { uid, cc } = await signedCase();
    const exportAs = (body: unknown, as = 'dr.lefevre') =>
      t.api('/api/training-exports', { method: 'POST', body, as });

    // Bad requests: a clear 400 with its code, and nothing stored.
    const refusals: [unknown, string][] = [
      [{ ...EXPORT_2025, outcome: 'malignant' }, 'invalid-training-export'],
      [{ from: '2025-13-01', to: '2025-12-31' }, 'invalid-training-export'],
      [{ from: '2025-12-31', to: '2025-01-01' }, 'invalid-training-export'],
      [{ ...EXPORT_2025, assessments: ['7'] }, 'invalid-training-export'],
      [{ from: '2020-01-01', to: '2020-12-31' }, 'empty-training-selection'],
      // BI-RADS 4 needs a pathology outcome, which Sentinelle does not record yet.
      [{ ...EXPORT_2025, assessments: ['4'] }, 'empty-training-selection'],
    ];
    for (const [body, code] of refusals) {
      const answer = await exportAs(body);
      expect({ body, status: answer.status, code: answer.body.error.code }).toEqual({
        body,
        status: 400,
        code,
      });
    }
    expect((await exportAs({ from: '2025-12-31', to: '2025-01-01' })).body.error.message).toMatch(
      /"from" must not be after "to"/,
    );
    expect((await t.api('/api/training-exports/not-a-uuid', { as: 'dr.lefevre' })).body.error.code).toBe(
      'invalid-training-export',
    );
    // A radiologist lacks model:manage.
    expect((await exportAs(EXPORT_2025, 'dr.martin')).status).toBe(403);
    expect((await t.api('/api/training-exports', { as: 'dr.martin' })).status).toBe(403);
    // A physician-admin of site-b does not see site main's case: nothing to export.
    const created = await t.api('/api/users', {
      method: 'POST',
      as: 'dr.lefevre',
      body: {
        login: 'dr.girard',
        personName: 'Girard^Lea',
        displayName: 'Dr Léa Girard',
        role: 'physician-admin',
        site: 'site-b',
        password: TEST_PASSWORD,
      },
    });
    expect(created.status).toBe(201);
    const fromSiteB = await exportAs(EXPORT_2025, 'dr.girard');
    expect([fromSiteB.status, fromSiteB.body.error.code]).toEqual([400, 'empty-training-selection']);
    expect(JSON.stringify(fromSiteB.body)).not.toContain(uid);
    expect(await exportRows()).toBe(0);

    // The export, queued.
    const asked = await exportAs(EXPORT_2025);
    expect(asked.status).toBe(201);
    expect(asked.body.export).toMatchObject({ state: 'queued', cases: 1, project: 'sentinelle-training' });
    const id: string = asked.body.export.id;

    // The worker's consumer writes it.
    const dataDir = join(work, 'data');
    const consumerDeps = {
      pool: t.app.ctx.pool,
      orthanc: new WorkerOrthancClient({
        url: t.orthanc.url,
        username: t.orthanc.username,
        password: t.orthanc.password,
      }),
      keyring: t.app.ctx.cipher.keyring,
      dataDir,
      exportsDir: join(dataDir, 'training-exports'),
      logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    };
    consumer = await startTrainingExportConsumer({ redisUrl: t.redisUrl }, consumerDeps);
    const done = await finished(id);
    expect(done.export.reasons).toEqual([]);
    expect(done.export).toMatchObject({ state: 'released', images: 2, location: `released/${id}` });
    expect(done.verification.passed).toBe(true);

    // The job reported its progress through BullMQ, up to the writing.
    const queue = new Queue(TRAINING_EXPORT_QUEUE_NAME, { connection: { url: t.redisUrl } });
    try {
      expect((await queue.getJob(id))?.progress).toEqual({ casesDone: 1, cases: 1, stage: 'writing' });
    } finally {
      await queue.close();
    }

    const folder = join(dataDir, 'training-exports', 'released', id);
    await expect(stat(join(dataDir, 'training-exports', 'staging', id))).rejects.toThrow();

    // labels.csv through prepare:training's own reader and preparation.
    const { images, problems } = await readMiasLabels(join(folder, 'labels.csv'));
    expect(problems).toEqual([]);
    expect(images).toHaveLength(2);
    const patient = images[0]!.patient;
    expect(patient).toMatch(/^ANON-[A-Z2-7]{16}$/);
    expect(images.every((i) => i.patient === patient && i.label === 'benign')).toBe(true);
    const lesions = images.flatMap((i) => i.lesions);
    expect(lesions).toEqual([{ abnormality: 'MISC', severity: 'benign', x: 60, y: 80, radius: 14.1 }]);
    const csv = await readFile(join(folder, 'labels.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'image,patient,label,tissue,abnormality,severity,x,y,radius,birads,outline,origin,density',
    );
    expect(csv).toContain(',2,50 70;70 70;70 90;50 90,model:test-model@0.0.1-test,b');
    // The report's composition (b): mini-MIAS's tissue letter G, and the ACR letter as density.
    expect(images.map((i) => i.tissue)).toEqual(['G', 'G']);
    expect(
      csv
        .split('\n')
        .filter((line) => line.startsWith('images/'))
        .every((line) => line.endsWith(',b')),
    ).toBe(true);
    const prepared = await prepareTrainingData({
      sources: [{ images: folder }],
      out: join(work, 'cache'),
      dataset: 'sentinelle-main',
      height: 64,
      width: 64,
      pixelSpacingMm: 0.2,
    });
    expect(prepared.images).toHaveLength(2);
    expect(prepared.images.flatMap((i) => i.lesions)).toHaveLength(1);
    const index = JSON.parse(await readFile(join(work, 'cache', 'index.json'), 'utf8'));
    expect(index).toMatchObject({ dataset: 'sentinelle-main', height: 64, width: 64 });
    expect((await stat(join(work, 'cache', 'images.f32'))).size).toBe(2 * 64 * 64 * 4);
    // train.py reads it as it reads the public datasets' caches (its own loader, given as --data).
    const loaded = await run(
      SYSTEM_PYTHON,
      [
        '-c',
        'import json, sys, data; d = data.load(sys.argv[1]); ' +
          'print(json.dumps([d.datasets, [[r.patient, r.label, len(r.lesions)] for r in d.records], d.warnings]))',
        join(work, 'cache'),
      ],
      { cwd: join(REPO_ROOT, 'models', 'training') },
    );
    expect(JSON.parse(loaded.stdout)).toEqual([
      ['sentinelle-main'],
      [
        [patient, 'benign', 1],
        [patient, 'benign', 0],
      ],
      [],
    ]);

    // The images: de-identified, no name, ID or original UID left in the files.
    for (const image of images) {
      const bytes = await readFile(join(folder, image.file));
      const text = Buffer.from(bytes).toString('latin1');
      for (const identifying of ['Lecture', 'Camille', 'PAT-EXPORT', 'ACC-READ-1', uid, cc.sopInstanceUid])
        expect({ file: image.file, found: text.includes(identifying) }).toEqual({
          file: image.file,
          found: false,
        });
      const dataset = readPart10(bytes) as { PatientID?: string; PatientIdentityRemoved?: string };
      expect(dataset.PatientID).toBe(patient);
      expect(dataset.PatientIdentityRemoved).toBe('YES');
    }

    // The verification report (JSON and Markdown) and provenance by pseudonym.
    const report = JSON.parse(await readFile(join(folder, 'verification-report.json'), 'utf8'));
    expect(report).toMatchObject({ passed: true, counts: { instances: 2, patients: 1 } });
    expect(await readFile(join(folder, 'verification-report.md'), 'utf8')).not.toBe('');
    const provenance = JSON.parse(await readFile(join(folder, 'provenance.json'), 'utf8'));
    expect(provenance).toEqual(done.provenance);
    expect(provenance).toMatchObject({
      exportId: id,
      project: 'sentinelle-training',
      requestedBy: { login: 'dr.lefevre' },
      criteria: { ...EXPORT_2025, assessments: [] },
      deidentification: { keySource: 'file' },
    });
    expect(provenance.labels.outcome).toMatch(/issue 18/);
    expect(provenance.labels.marksLeftOut).toBe(0);
    expect(provenance.labels.tags).toMatch(/no case tags/);
    expect(provenance.cases).toEqual([
      expect.objectContaining({
        patientPseudonym: patient,
        site: 'main',
        images: 2,
        breasts: [{ laterality: 'L', assessment: '2', label: 'benign' }],
        reading: expect.objectContaining({ reportVersion: 1, signedBy: 'dr.martin', marksFrom: 'revision' }),
        marks: { 'model:test-model@0.0.1-test kept by dr.martin': 1 },
      }),
    ]);
    for (const text of [JSON.stringify(provenance), JSON.stringify(report)])
      for (const identifying of ['Lecture', 'PAT-EXPORT', uid, cc.sopInstanceUid])
        expect(text).not.toContain(identifying);

    // The signed report as de-identified FHIR: listed in provenance and verified with the images.
    const fhirPath: string = provenance.cases[0].fhir;
    expect(fhirPath).toBe(`fhir/${patient}/${provenance.cases[0].studyPseudonym}.json`);
    expect(report.files).toHaveLength(3);
    expect(report.files[2]).toMatchObject({ outputName: fhirPath, passed: true, findings: [] });
    const fhirText = await readFile(join(folder, fhirPath), 'utf8');
    for (const identifying of ['Lecture', 'Camille', 'PAT-EXPORT', 'ACC-READ-1', 'dr.martin', uid, '"div"'])
      expect({ identifying, found: fhirText.includes(identifying) }).toEqual({ identifying, found: false });
    const fhir = JSON.parse(fhirText) as { entry: { resource: Record<string, unknown> }[] };
    const resource = (type: string) =>
      fhir.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
    expect(resource('Patient')).toEqual([
      expect.objectContaining({ identifier: [expect.objectContaining({ value: patient })] }),
    ]);
    expect(resource('Practitioner')).toEqual([]);
    const diagnostic = resource('DiagnosticReport')[0]!;
    // Dated as the images are (the same shift) and naming their study by its pseudonym.
    const exported = readPart10(await readFile(join(folder, images[0]!.file))) as { StudyDate: string };
    expect(String(diagnostic.effectiveDateTime).replace(/-/g, '')).toBe(exported.StudyDate);
    expect(JSON.stringify(diagnostic.imagingStudy)).toContain(
      `urn:oid:${provenance.cases[0].studyPseudonym}`,
    );
    // The composition (SNOMED 129717001, b) and the left breast's BI-RADS 2 (SNOMED 80248007) are kept.
    const observations = JSON.stringify(resource('Observation'));
    expect(observations).toContain('"129717001"');
    expect(observations).toContain('"80248007"');

    // Kept verbatim by the project's choice, the accession number fails the verification: the
    // export is not released, its images are deleted, its report says why.
    const leaking = await exportAs({ ...EXPORT_2025, keepAttributes: ['0008,0050'] });
    expect(leaking.status).toBe(201);
    const leakId: string = leaking.body.export.id;
    const failed = await finished(leakId);
    expect(failed.export).toMatchObject({ state: 'failed-verification', location: null });
    expect(failed.verification.passed).toBe(false);
    expect(failed.export.reasons.join('\n')).toMatch(/Accession Number \(0008,0050\)/);
    expect(JSON.stringify(failed)).not.toMatch(/ACC-READ-1|Lecture|Camille/);
    const failedFolder = join(dataDir, 'training-exports', 'failed-verification', leakId);
    expect((await readdir(failedFolder)).sort()).toEqual([
      'labels.csv',
      'provenance.json',
      'verification-report.json',
      'verification-report.md',
    ]);
    await expect(stat(join(dataDir, 'training-exports', 'released', leakId))).rejects.toThrow();
    // Finished exports keep no sealed report: it named the patient and served only the writing.
    const { rows: bundles } = await t.app.ctx.pool.query(
      `SELECT count(*)::int AS n FROM training_export_case WHERE export_id = ANY($1) AND spec ? 'reportBundle'`,
      [[id, leakId]],
    );
    expect(bundles).toEqual([{ n: 0 }]);

    // The list shows both; site-b's physician-admin sees neither, nor their reports.
    const listed = await t.api('/api/training-exports', { as: 'dr.lefevre' });
    expect(listed.body.exports).toEqual([
      expect.objectContaining({ id: leakId, state: 'failed-verification', progress: null }),
      expect.objectContaining({ id, state: 'released', progress: null }),
    ]);
    expect((await t.api('/api/training-exports', { as: 'dr.girard' })).body.exports).toEqual([]);
    expect((await t.api(`/api/training-exports/${id}`, { as: 'dr.girard' })).status).toBe(403);

    // A case whose sealed report does not open (sealed for another case) fails the export, with why.
    await consumer.close();
    const unopenable = await exportAs(EXPORT_2025);
    expect(unopenable.status).toBe(201);
    await t.app.ctx.pool.query(
      `UPDATE training_export_case SET spec = jsonb_set(spec, '{reportBundle}', to_jsonb($2::text)) WHERE export_id = $1`,
      [unopenable.body.export.id, t.app.ctx.cipher.seal('{}', 'training_export_case.report_bundle:1.2.3:v1')],
    );
    consumer = await startTrainingExportConsumer({ redisUrl: t.redisUrl }, consumerDeps);
    const sealedElsewhere = await finished(unopenable.body.export.id);
    expect(sealedElsewhere.export).toMatchObject({ state: 'failed', location: null });
    expect(sealedElsewhere.export.reasons).toEqual([
      "case 1: its signed report does not open with the worker's keyring (another keyring, or a key since removed); ask for a new export",
    ]);

    // An image deleted from Orthanc between the request and the writing fails the export, with why.
    await consumer.close();
    const orphan = await exportAs(EXPORT_2025);
    expect(orphan.status).toBe(201);
    expect(await t.client.deleteInstance((await t.client.findInstance(cc.sopInstanceUid))!)).toBe(true);
    consumer = await startTrainingExportConsumer({ redisUrl: t.redisUrl }, consumerDeps);
    const gone = await finished(orphan.body.export.id);
    expect(gone.export).toMatchObject({ state: 'failed', location: null, images: null });
    expect(gone.export.reasons).toEqual([
      'case 1: an image was deleted from Orthanc after the export was asked for; ask for a new export',
    ]);
    await expect(stat(join(dataDir, 'training-exports', 'staging', orphan.body.export.id))).rejects.toThrow();

    // Every request is in the audit trail.
    const audited = await waitUntil('the export audit entries', async () => {
      const { rows } = await t.app.ctx.pool.query<{ actor: string; action: string; outcome: string }>(
        `SELECT actor, action, outcome FROM audit_event WHERE resource_type = 'training-export' AND resource_id = $1`,
        [id],
      );
      return rows.length >= 3 ? rows : undefined;
    });
    expect(audited).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'dr.lefevre', action: 'create', outcome: 'success' }),
        expect.objectContaining({ actor: 'dr.girard', action: 'read' }),
      ]),
    );
  });
});
