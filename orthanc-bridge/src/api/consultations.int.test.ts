import { storeStudy } from '../testing/harness';
import { finishAnalysis, testExamFindings } from '../testing/mammography';
import { useReadingApp } from '../testing/readingApp';

const t = useReadingApp();

/** Marks the study's queued analysis done with findings scoring `malignancyScore` (threshold 0.5). */
async function done(uid: string, malignancyScore: number) {
  const findings = testExamFindings(
    [
      {
        sopInstanceUid: `${uid}.1`,
        seriesInstanceUid: `${uid}.2`,
        studyInstanceUid: uid,
        laterality: 'R',
        rows: 8,
        columns: 8,
      },
    ],
    { malignancyScore },
  );
  await finishAnalysis(t.app.ctx.pool, t.client, uid, findings);
}

describe('consultations and worklist', () => {
  test('a consultation goes to the colleague, who alone answers it, once; /reading shows it', async () => {
    const uid = await storeStudy(t.client, { views: ['LCC'] });
    await t.analysisOf(uid, 'queued');
    const ask = (as: string | null, body: unknown) =>
      t.api(`/api/studies/${uid}/consultations`, { method: 'POST', as, body });
    const note = 'Masse du QSE gauche : ACR 4 ou 3 selon toi ?';

    expect((await ask(null, { colleague: 'dr.bernard', note })).status).toBe(401);
    const self = await ask('dr.martin', { colleague: 'dr.martin', note });
    expect(self.status).toBe(422);
    expect(self.body.error.message).toBe('a consultation asks a colleague, not oneself');
    const unknown = await ask('dr.martin', { colleague: 'dr.nobody', note });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toBe('no reader has the login "dr.nobody"');
    const noStudy = await t.api('/api/studies/1.2.3.4/consultations', {
      method: 'POST',
      as: 'dr.martin',
      body: { colleague: 'dr.bernard', note },
    });
    expect(noStudy.status).toBe(404);

    const created = await ask('dr.martin', { colleague: 'dr.bernard', note });
    expect(created.status).toBe(201);
    const consultation = created.body.consultation;
    expect(consultation).toMatchObject({
      studyInstanceUid: uid,
      requester: { login: 'dr.martin', displayName: 'Dr Claire Martin' },
      colleague: { login: 'dr.bernard', displayName: 'Dr Paul Bernard' },
      note,
      answer: null,
      answeredAt: null,
    });

    expect((await t.api('/api/consultations', { as: null })).status).toBe(401);
    expect((await t.api('/api/consultations', { as: 'dr.bernard' })).body).toEqual({
      incoming: [consultation],
      outgoing: [],
    });
    expect((await t.api('/api/consultations', { as: 'dr.martin' })).body).toEqual({
      incoming: [],
      outgoing: [consultation],
    });
    const openFor = async (as: string) =>
      (await t.api('/api/worklist', { as })).body.studies.find(
        (s: { studyInstanceUid: string }) => s.studyInstanceUid === uid,
      ).openConsultationsForMe;
    expect(await openFor('dr.bernard')).toBe(1);
    expect(await openFor('dr.martin')).toBe(0);
    expect((await t.api('/api/worklist', { as: null })).status).toBe(401);

    const answerPath = `/api/consultations/${consultation.id}/answer`;
    const answer = 'Plutôt ACR 4A : je ferais une biopsie.';
    const byRequester = await t.api(answerPath, { method: 'POST', as: 'dr.martin', body: { answer } });
    expect(byRequester.status).toBe(403);
    expect(byRequester.body.error.message).toBe('only the colleague asked may answer this consultation');
    expect(
      (
        await t.api('/api/consultations/999999/answer', {
          method: 'POST',
          as: 'dr.bernard',
          body: { answer },
        })
      ).status,
    ).toBe(404);
    const answered = await t.api(answerPath, { method: 'POST', as: 'dr.bernard', body: { answer } });
    expect(answered.status).toBe(200);
    expect(answered.body.consultation).toMatchObject({
      id: consultation.id,
      answer,
      answeredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const again = await t.api(answerPath, {
      method: 'POST',
      as: 'dr.bernard',
      body: { answer: 'Non, 3.' },
    });
    expect(again.status).toBe(409);
    expect(await openFor('dr.bernard')).toBe(0);

    await t.restart();
    const reading = await t.api(`/api/studies/${uid}/reading`);
    expect(reading.body.consultations).toEqual([answered.body.consultation]);
  });

  test('a consultation shares the case with a colleague of another site, and with nobody else', async () => {
    const uid = await storeStudy(t.client, { views: ['LCC'] });
    await t.analysisOf(uid, 'queued');
    const reading = `/api/studies/${uid}/reading`;
    const inWorklist = async (as: string) =>
      (await t.api('/api/worklist', { as })).body.studies.some(
        (s: { studyInstanceUid: string }) => s.studyInstanceUid === uid,
      );
    expect((await t.api(reading, { as: 'dr.roux' })).status).toBe(403);
    expect(await inWorklist('dr.roux')).toBe(false);

    const asked = await t.api(`/api/studies/${uid}/consultations`, {
      method: 'POST',
      body: { colleague: 'dr.roux', note: 'Avis sur cette image ?' },
    });
    expect(asked.status).toBe(201);
    expect((await t.api(reading, { as: 'dr.roux' })).status).toBe(200);
    expect(await inWorklist('dr.roux')).toBe(true);
    // dr.roux may answer; the share is theirs alone.
    const answered = await t.api(`/api/consultations/${asked.body.consultation.id}/answer`, {
      method: 'POST',
      as: 'dr.roux',
      body: { answer: 'ACR 3, contrôle à 6 mois.' },
    });
    expect(answered.status).toBe(200);
  });

  test('GET /api/worklist lists mammography studies, urgent patients first, then AI-flagged exams, then by exam score', async () => {
    const flagged = await storeStudy(t.client, { patientId: 'W-FLAG-HIGH', views: ['RCC'] });
    const urgentLow = await storeStudy(t.client, { patientId: 'W-URGENT', views: ['RCC'] });
    const flaggedLower = await storeStudy(t.client, { patientId: 'W-FLAG-LOW', views: ['RCC'] });
    const below = await storeStudy(t.client, { patientId: 'W-BELOW', views: ['RCC'] });
    const waiting = await storeStudy(t.client, { patientId: 'W-WAIT', views: ['RCC'] });
    const ct = await storeStudy(t.client, { modality: 'CT' });
    for (const uid of [flagged, urgentLow, flaggedLower, below, waiting]) await t.analysisOf(uid, 'queued');
    await t.analysisOf(ct, 'skipped');
    await done(flagged, 0.91);
    await done(urgentLow, 0.2);
    await done(flaggedLower, 0.64);
    await done(below, 0.31);
    expect(
      (await t.api('/api/patients/W-URGENT/urgent', { method: 'PUT', body: { urgent: true } })).status,
    ).toBe(200);

    const { status, body } = await t.api('/api/worklist');
    expect(status).toBe(200);
    expect(body.studies.map((s: { studyInstanceUid: string }) => s.studyInstanceUid)).toEqual([
      urgentLow,
      flagged,
      flaggedLower,
      below,
      waiting,
    ]);
    const [first, second, , fourth, fifth] = body.studies;
    expect(first).toMatchObject({
      status: 'done',
      examScore: 0.2,
      aboveThreshold: false,
      urgent: true,
      openConsultationsForMe: 0,
    });
    expect(second).toMatchObject({ status: 'done', examScore: 0.91, aboveThreshold: true, urgent: false });
    expect(fourth).toMatchObject({ examScore: 0.31, aboveThreshold: false });
    expect(fifth).toMatchObject({
      status: 'queued',
      examScore: null,
      aboveThreshold: null,
      priority: 'screening',
      urgent: false,
    });
    expect(
      (await t.api('/api/worklist?limit=2&offset=1')).body.studies.map(
        (s: { studyInstanceUid: string }) => s.studyInstanceUid,
      ),
    ).toEqual([flagged, flaggedLower]);
  });
});
