import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPart10 } from '@sentinelle/reporting';
import { dciodvfy, dsrdump, linesWith } from '@sentinelle/reporting/testing';
import { bullmqJobId, analysisKey } from '../intake/queueContract';
import { storeStudy, TEST_MODEL } from '../testing/harness';
import {
  finishAnalysis,
  storeMammographyStudy,
  findingsImageOf,
  olderFormatFindings,
  replaceStoredFindings,
  testExamFindings,
} from '../testing/mammography';
import { useReadingApp } from '../testing/readingApp';
import { revisionUids } from './readerRevision';

const t = useReadingApp();

const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sentinelle-reading-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A two-view MG study in Orthanc whose analysis is done: findings recorded, the AI SR stored. */
async function analysedStudy() {
  const { study, uid, findings, analysis } = await t.analysedStudy();
  const aiSr = (analysis.result as { sr: { seriesInstanceUid: string; sopInstanceUid: string } }).sr;
  return { study, uid, findings, analysis, aiSr, cc: study.sources[0]!, mlo: study.sources[1]! };
}

/** A reader's own finding: calcifications she pointed at on the image, with no AI lesion. */
const ownCalcifications = (id: string, sopInstanceUid: string) => ({
  id,
  aiLesionKey: null,
  sopInstanceUid,
  type: 'calcifications',
  region: { kind: 'point', point: { x: 100, y: 120 } },
  diameterMm: null,
  shape: null,
  note: null,
});

describe('reading API', () => {
  test('GET /api/studies/:uid/findings answers 404 until the analysis is done, then the findings, model, AI SR and SEG', async () => {
    const study = await storeMammographyStudy(t.client, { views: ['LCC', 'LMLO'] });
    const uid = study.studyInstanceUid;
    await t.analysisOf(uid, 'queued');
    const early = await t.api(`/api/studies/${uid}/findings`);
    expect(early.status).toBe(404);
    expect(early.body.error.message).toBe(`study ${uid} has no finished AI analysis`);

    const findings = testExamFindings(study.sources.map(findingsImageOf));
    const analysis = await finishAnalysis(t.app.ctx.pool, t.client, uid, findings, study);
    const { status, body } = await t.api(`/api/studies/${uid}/findings`);
    expect(status).toBe(200);
    expect(body.study).toMatchObject({ studyInstanceUid: uid, modalities: ['MG'], views: ['LCC', 'LMLO'] });
    expect(body.analysis).toMatchObject({
      id: analysis.id,
      status: 'done',
      malignancyScore: 0.82,
      revision: 1,
    });
    expect(body.model).toEqual({ id: TEST_MODEL.id, version: TEST_MODEL.version, researchOnly: true });
    expect(body.findings).toEqual(JSON.parse(JSON.stringify(findings)));
    expect(body.aiSr).toEqual({
      studyInstanceUid: uid,
      ...(analysis.result as { sr: object }).sr,
      sopClassUid: COMPREHENSIVE_3D_SR,
    });
    expect(body.seg).toBeNull();
  });

  test("GET /api/studies/:uid/findings reads findings an older worker stored, with the registry's operating points of their model", async () => {
    const study = await storeMammographyStudy(t.client, { views: ['LCC', 'LMLO'] });
    const uid = study.studyInstanceUid;
    await t.analysisOf(uid, 'queued');
    const current = testExamFindings(study.sources.map(findingsImageOf), { malignancyScore: 0.12 });
    const analysis = await finishAnalysis(t.app.ctx.pool, t.client, uid, current, study);
    await replaceStoredFindings(t.app.ctx.pool, analysis, olderFormatFindings(current));

    const { status, body } = await t.api(`/api/studies/${uid}/findings`);
    expect(status).toBe(200);
    // 0.12 is below the test model's likely-normal threshold (0.15): 3 on the exam score.
    expect(body.findings).toMatchObject({
      operatingPoints: { recall: 0.5, likelyNormal: 0.15, lesion: 0.5 },
      malignancyScore: 0.12,
      category: 'likelyNormal',
      examScore: 3,
      breasts: [{ laterality: 'L', category: 'likelyNormal', examScore: 3, lesionCount: 1 }],
    });
    expect(body.findings).not.toHaveProperty('aboveThreshold');
    // The mark above the lesion threshold became a single-view lesion; the one below did not.
    expect(body.findings.lesions).toEqual([
      expect.objectContaining({
        id: 'L1',
        laterality: 'L',
        type: 'mass',
        views: [{ image: 'image 1', view: 'CC', mark: 'L1' }],
        clockPosition: null,
      }),
    ]);
    expect(body.findings.images[0]).toMatchObject({ category: 'likelyNormal', invertedDetected: false });
  });

  test('POST /api/studies/:uid/validation records who agreed with what, and GET /reading returns it after a restart', async () => {
    const { uid, cc } = await analysedStudy();
    const readers = await t.api('/api/readers');
    expect(readers).toEqual({
      status: 200,
      body: {
        // The clinical accounts of dr.martin's site (not the sysadmin, nor site-b's dr.roux), by display name.
        readers: [
          { login: 'dr.lefevre', displayName: 'Dr Anne Lefèvre' },
          { login: 'dr.martin', displayName: 'Dr Claire Martin' },
          { login: 'dr.moreau', displayName: 'Dr Luc Moreau' },
          { login: 'dr.bernard', displayName: 'Dr Paul Bernard' },
        ],
      },
    });

    const path = `/api/studies/${uid}/validation`;
    const body = {
      overall: 'agree',
      birads: '4A',
      lesions: [
        { lesionKey: `${cc.sopInstanceUid}:L1`, agree: true },
        { lesionKey: `${cc.sopInstanceUid}:L2`, agree: false },
      ],
    };
    const anonymous = await t.api(path, { method: 'POST', body, as: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toBe('sign in first');
    // A sysadmin runs the system and reads no patient.
    const sysadmin = await t.api(path, { method: 'POST', body, as: 'admin.dupont' });
    expect(sysadmin.status).toBe(403);
    // Another site's radiologist does not see this patient.
    const otherSite = await t.api(path, { method: 'POST', body, as: 'dr.roux' });
    expect(otherSite.status).toBe(403);
    expect(otherSite.body.error.message).toBe('this study is outside your patient scope');

    const unknownLesion = await t.api(path, {
      method: 'POST',
      as: 'dr.martin',
      body: { overall: 'disagree', lesions: [{ lesionKey: `${cc.sopInstanceUid}:L9`, agree: false }] },
    });
    expect(unknownLesion.status).toBe(422);
    expect(unknownLesion.body.error.message).toBe(
      `the AI findings of study ${uid} hold no lesion ${cc.sopInstanceUid}:L9`,
    );

    const created = await t.api(path, { method: 'POST', body, as: 'dr.martin' });
    expect(created.status).toBe(201);
    expect(created.body.validation).toMatchObject({
      studyInstanceUid: uid,
      reader: { login: 'dr.martin', displayName: 'Dr Claire Martin' },
      ...body,
    });
    const second = await t.api(path, {
      method: 'POST',
      as: 'dr.bernard',
      body: { overall: 'disagree', lesions: [] },
    });
    expect(second.status).toBe(201);
    expect(second.body.validation.birads).toBeNull();

    await t.restart();
    const reading = await t.api(`/api/studies/${uid}/reading`);
    expect(reading.status).toBe(200);
    expect(reading.body.validations).toEqual([second.body.validation, created.body.validation]);
    expect(reading.body.validations[1]).toMatchObject({
      overall: 'agree',
      birads: '4A',
      lesions: body.lesions,
      reader: { login: 'dr.martin', displayName: 'Dr Claire Martin' },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(reading.body.revisions).toEqual([]);
    expect(reading.body.consultations).toEqual([]);
  });

  test('POST /api/studies/:uid/revisions stores a valid reader SR whose predecessor is the untouched AI SR, numbered per study, and the follower queues nothing for it', async () => {
    const { uid, aiSr, cc, mlo } = await analysedStudy();
    const aiSrId = (await t.client.findInstance(aiSr.sopInstanceUid))!;
    const aiSrBefore = await t.instanceFile(aiSrId);
    const jobsBefore = await t.queue.count();

    const findings = [
      {
        id: 'R1',
        aiLesionKey: `${cc.sopInstanceUid}:L1`,
        sopInstanceUid: cc.sopInstanceUid,
        type: 'mass',
        region: {
          kind: 'ellipse',
          axes: [
            { x: 48, y: 80 },
            { x: 72, y: 80 },
            { x: 60, y: 72 },
            { x: 60, y: 88 },
          ],
        },
        diameterMm: 2.4,
        shape: 'oval',
        note: 'Masse ovale, contours circonscrits.',
      },
      ownCalcifications('R2', mlo.sopInstanceUid),
    ];
    const path = `/api/studies/${uid}/revisions`;
    const first = await t.api(path, { method: 'POST', as: 'dr.martin', body: { findings } });
    expect(first.status).toBe(201);
    expect(first.body.revision).toMatchObject({
      revisionNumber: 1,
      reader: { login: 'dr.martin', displayName: 'Dr Claire Martin' },
      findings,
    });
    const { seriesInstanceUid, sopInstanceUid } = first.body.revision;

    // The SR in Orthanc: a Comprehensive 3D SR in the study, the AI SR its predecessor, valid.
    const srId = (await t.client.findInstance(sopInstanceUid))!;
    const bytes = await t.instanceFile(srId);
    const file = join(work, `${sopInstanceUid}.dcm`);
    await writeFile(file, bytes);
    const checked = await dciodvfy(file);
    expect(checked.output).toMatch(/^Comprehensive3DSR$/m);
    expect(linesWith(checked.output, 'Error')).toEqual([]);
    expect((await dsrdump(file)).exitCode).toBe(0);
    const sr = readPart10(bytes);
    expect(sr).toMatchObject({
      SOPClassUID: COMPREHENSIVE_3D_SR,
      SOPInstanceUID: sopInstanceUid,
      SeriesInstanceUID: seriesInstanceUid,
      StudyInstanceUID: uid,
      Modality: 'SR',
      InstanceNumber: 1,
    });
    const predecessors = sr.PredecessorDocumentsSequence as Record<string, unknown>[];
    expect(predecessors).toHaveLength(1);
    expect(predecessors[0]).toMatchObject({
      StudyInstanceUID: uid,
      ReferencedSeriesSequence: [
        {
          SeriesInstanceUID: aiSr.seriesInstanceUid,
          ReferencedSOPSequence: [
            { ReferencedSOPClassUID: COMPREHENSIVE_3D_SR, ReferencedSOPInstanceUID: aiSr.sopInstanceUid },
          ],
        },
      ],
    });
    expect(JSON.stringify(sr.ContentSequence)).toContain('Martin^Claire');

    // A second revision (another reader, no finding kept): number 2, same series.
    const second = await t.api(path, { method: 'POST', as: 'dr.bernard', body: { findings: [] } });
    expect(second.status).toBe(201);
    expect(second.body.revision).toMatchObject({ revisionNumber: 2, seriesInstanceUid, findings: [] });
    expect(second.body.revision.sopInstanceUid).not.toBe(sopInstanceUid);
    const secondId = await t.client.findInstance(second.body.revision.sopInstanceUid);
    const stored = (await t.client.changes(0, 1000)).Changes.find(
      (c) => c.ChangeType === 'NewInstance' && c.ID === secondId,
    )!.Seq;

    // Findings the study cannot hold.
    const onTheSr = await t.api(path, {
      method: 'POST',
      as: 'dr.martin',
      body: { findings: [{ ...findings[1], sopInstanceUid: aiSr.sopInstanceUid }] },
    });
    expect(onTheSr.status).toBe(422);
    expect(onTheSr.body.error.message).toBe(
      `finding "R2" is on image ${aiSr.sopInstanceUid}, which is not a mammography image of study ${uid}`,
    );
    const fromNowhere = await t.api(path, {
      method: 'POST',
      as: 'dr.martin',
      body: { findings: [{ ...findings[0], aiLesionKey: `${cc.sopInstanceUid}:L7` }] },
    });
    expect(fromNowhere.status).toBe(422);
    const shapedCalcifications = await t.api(path, {
      method: 'POST',
      as: 'dr.martin',
      body: { findings: [{ ...findings[1], shape: 'round' }] },
    });
    expect(shapedCalcifications.status).toBe(422);
    expect(shapedCalcifications.body.error.message).toMatch(/calcifications but has a mass shape/);
    expect((await t.api(path, { method: 'POST', body: { findings: [] }, as: null })).status).toBe(401);

    // The AI SR is as it was.
    expect(await t.client.findInstance(aiSr.sopInstanceUid)).toBe(aiSrId);
    expect(Buffer.from(await t.instanceFile(aiSrId)).equals(Buffer.from(aiSrBefore))).toBe(true);

    // Orthanc declares the study stable again; the follower sees Sentinelle's SRs and queues nothing.
    await t.followerPassedStableStudy(uid, stored);
    const after = await t.api(`/api/studies/${uid}/analysis`);
    expect(after.body.analysis).toMatchObject({ status: 'done', revision: 1 });
    expect(after.body.study.modalities).toEqual(['MG']);
    expect(await t.queue.count()).toBe(jobsBefore);
    expect((await t.queue.getJob(bullmqJobId(analysisKey(uid, TEST_MODEL.version))))?.data.revision).toBe(1);

    const reading = await t.api(`/api/studies/${uid}/reading`);
    expect(reading.body.revisions.map((r: { revisionNumber: number }) => r.revisionNumber)).toEqual([2, 1]);
    expect(reading.body.revisions[1]).toEqual(first.body.revision);
  });

  test('POST /api/studies/:uid/revisions with basedOn refuses a revision started from an older state, storing nothing', async () => {
    const { uid, mlo } = await analysedStudy();
    const path = `/api/studies/${uid}/revisions`;
    const own = ownCalcifications('R1', mlo.sopInstanceUid);
    const first = await t.api(path, {
      method: 'POST',
      as: 'dr.martin',
      body: { findings: [own], basedOn: 0 },
    });
    expect(first.status).toBe(201);
    expect(first.body.revision.revisionNumber).toBe(1);

    // Another reader's revision started from the AI results, once revision 1 exists.
    const stale = await t.api(path, { method: 'POST', as: 'dr.bernard', body: { findings: [], basedOn: 0 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(
      `revision 1 of study ${uid} was saved after the AI results this one started from; reload the study to start from revision 1`,
    );
    const ahead = await t.api(path, { method: 'POST', as: 'dr.bernard', body: { findings: [], basedOn: 3 } });
    expect(ahead.status).toBe(422);
    expect(ahead.body.error.message).toBe(`study ${uid} has no revision 3 to start from (its latest is 1)`);
    for (const basedOn of [-1, 1.5, '1', null]) {
      const bad = await t.api(path, { method: 'POST', as: 'dr.bernard', body: { findings: [], basedOn } });
      expect([basedOn, bad.status]).toEqual([basedOn, 400]);
      expect(bad.body.error.message).toMatch(/"basedOn"/);
    }
    // Nothing stored: still one revision, and no SR numbered 2 in Orthanc.
    expect(await t.client.findInstance(revisionUids(uid, 2).sopInstanceUid)).toBeFalsy();
    const reading = await t.api(`/api/studies/${uid}/reading`);
    expect(reading.body.revisions.map((r: { revisionNumber: number }) => r.revisionNumber)).toEqual([1]);

    // Started from revision 1, the next one is stored as revision 2.
    const second = await t.api(path, {
      method: 'POST',
      as: 'dr.bernard',
      body: { findings: [own], basedOn: 1 },
    });
    expect(second.status).toBe(201);
    expect(second.body.revision).toMatchObject({ revisionNumber: 2, findings: [own] });
  });

  test('the reading routes answer 404 for a study without a finished analysis', async () => {
    const uid = await storeStudy(t.client, { views: ['RCC'] });
    await t.analysisOf(uid, 'queued');
    const asMartin = { method: 'POST', as: 'dr.martin' } as const;
    const validation = await t.api(`/api/studies/${uid}/validation`, {
      ...asMartin,
      body: { overall: 'agree', lesions: [] },
    });
    expect(validation.status).toBe(404);
    expect(validation.body.error.message).toBe(`study ${uid} has no finished AI analysis to validate`);
    const revision = await t.api(`/api/studies/${uid}/revisions`, { ...asMartin, body: { findings: [] } });
    expect(revision.status).toBe(404);
    expect((await t.api(`/api/studies/${uid}/model-views`)).status).toBe(404);
    expect((await t.api('/api/studies/1.2.3.4/reading')).status).toBe(404);
    expect((await t.api(`/api/studies/${uid}/reading`)).body).toEqual({
      studyInstanceUid: uid,
      validations: [],
      revisions: [],
      consultations: [],
      reports: [],
    });
  });

  test('the reading API answers malformed input with a 400 that names the problem', async () => {
    const uid = '1.2.3.4';
    const asMartin = { method: 'POST', as: 'dr.martin' } as const;
    const cases: [string, Parameters<typeof t.api>[1], RegExp][] = [
      [`/api/studies/not-a-uid/findings`, {}, /path parameter "studyUid": must be a DICOM UID/],
      [
        `/api/studies/${uid}/validation`,
        { ...asMartin, body: { overall: 'maybe', lesions: [] } },
        /"overall"/,
      ],
      [`/api/studies/${uid}/validation`, { ...asMartin, body: { overall: 'agree' } }, /"lesions"/],
      [
        `/api/studies/${uid}/validation`,
        { ...asMartin, body: { overall: 'agree', lesions: [], comment: 'x' } },
        /unknown body field\(s\): comment/,
      ],
      [
        `/api/studies/${uid}/validation`,
        { ...asMartin, body: { overall: 'agree', birads: '7', lesions: [] } },
        /"birads"/,
      ],
      [
        `/api/studies/${uid}/validation`,
        { ...asMartin, body: { overall: 'agree', lesions: [{ lesionKey: 'L1', agree: true }] } },
        /"lesions.0.lesionKey": must be "<SOP Instance UID>:<lesion id>"/,
      ],
      [
        `/api/studies/${uid}/validation`,
        {
          ...asMartin,
          body: {
            overall: 'agree',
            lesions: [
              { lesionKey: '1.2.3:L1', agree: true },
              { lesionKey: '1.2.3:L1', agree: false },
            ],
          },
        },
        /names a lesion twice/,
      ],
      [`/api/studies/${uid}/validation`, { ...asMartin, raw: '{"overall":' }, /not valid JSON/],
      [`/api/studies/${uid}/revisions`, { ...asMartin, body: {} }, /"findings"/],
      [
        `/api/studies/${uid}/revisions`,
        { ...asMartin, body: { findings: [{ id: 'R1', region: { kind: 'circle' } }] } },
        /"findings.0/,
      ],
      [
        `/api/studies/${uid}/consultations`,
        { ...asMartin, body: { colleague: 'dr.bernard', note: '  ' } },
        /"note"/,
      ],
      [
        `/api/studies/${uid}/consultations`,
        { ...asMartin, body: { colleague: 'dr.bernard', note: 'x'.repeat(4001) } },
        /"note": must be at most 4000 characters/,
      ],
      [
        '/api/consultations/abc/answer',
        { ...asMartin, body: { answer: 'oui' } },
        /"id": must be a consultation id/,
      ],
      ['/api/consultations/1/answer', { ...asMartin, body: {} }, /"answer"/],
      ['/api/worklist?limit=0', {}, /query parameter "limit"/],
      ['/api/worklist?sort=score', {}, /unknown query parameter\(s\): sort/],
    ];
    for (const [path, init, message] of cases) {
      const { status, body } = await t.api(path, init);
      expect([path, status]).toEqual([path, 400]);
      expect(body.error.message).toMatch(message);
    }
  });
});
