import { storeStudy } from '../testing/harness';
import {
  finishAnalysis,
  olderFormatFindings,
  replaceStoredFindings,
  scoredFindings,
} from '../testing/mammography';
import { useReadingApp } from '../testing/readingApp';

const t = useReadingApp();

/**
 * Marks the study's queued analysis done with findings scoring `malignancyScore` (elevated from 0.5,
 * likely normal below 0.15), stored in the older format when asked.
 */
async function done(uid: string, malignancyScore: number, format: 'current' | 'older' = 'current') {
  const findings = scoredFindings(uid, malignancyScore);
  const analysis = await finishAnalysis(t.app.ctx.pool, t.client, uid, findings);
  if (format === 'older')
    await replaceStoredFindings(t.app.ctx.pool, analysis, olderFormatFindings(findings));
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

  test('GET /api/worklist lists mammography studies, urgent patients first, then by screening category, then by exam probability', async () => {
    const flagged = await storeStudy(t.client, { patientId: 'W-FLAG-HIGH', views: ['RCC'] });
    const urgentLow = await storeStudy(t.client, { patientId: 'W-URGENT', views: ['RCC'] });
    const olderFlagged = await storeStudy(t.client, { patientId: 'W-FLAG-OLDER', views: ['RCC'] });
    const flaggedLower = await storeStudy(t.client, { patientId: 'W-FLAG-LOW', views: ['RCC'] });
    const intermediate = await storeStudy(t.client, { patientId: 'W-INTER', views: ['RCC'] });
    const likelyNormal = await storeStudy(t.client, { patientId: 'W-NORMAL', views: ['RCC'] });
    const waiting = await storeStudy(t.client, { patientId: 'W-WAIT', views: ['RCC'] });
    const ct = await storeStudy(t.client, { modality: 'CT' });
    const mammograms = [flagged, urgentLow, olderFlagged, flaggedLower, intermediate, likelyNormal, waiting];
    for (const uid of mammograms) await t.analysisOf(uid, 'queued');
    await t.analysisOf(ct, 'skipped');
    await done(flagged, 0.91);
    await done(urgentLow, 0.2);
    // Stored by an older worker: its category comes from the registry's operating points.
    await done(olderFlagged, 0.7, 'older');
    await done(flaggedLower, 0.64);
    await done(likelyNormal, 0.1);
    await done(intermediate, 0.31);
    expect(
      (await t.api('/api/patients/W-URGENT/urgent', { method: 'PUT', body: { urgent: true } })).status,
    ).toBe(200);

    const { status, body } = await t.api('/api/worklist');
    expect(status).toBe(200);
    expect(body.studies.map((s: { studyInstanceUid: string }) => s.studyInstanceUid)).toEqual([
      urgentLow,
      flagged,
      olderFlagged,
      flaggedLower,
      intermediate,
      likelyNormal,
      waiting,
    ]);
    const [first, second, third, , fifth, sixth, seventh] = body.studies;
    expect(first).toMatchObject({
      status: 'done',
      malignancyScore: 0.2,
      category: 'intermediate',
      examScore: 5,
      urgent: true,
      openConsultationsForMe: 0,
    });
    expect(first).not.toHaveProperty('aboveThreshold');
    expect(second).toMatchObject({
      malignancyScore: 0.91,
      category: 'elevated',
      examScore: 10,
      urgent: false,
    });
    expect(third).toMatchObject({ malignancyScore: 0.7, category: 'elevated', examScore: 10 });
    expect(fifth).toMatchObject({ malignancyScore: 0.31, category: 'intermediate', examScore: 7 });
    expect(sixth).toMatchObject({ malignancyScore: 0.1, category: 'likelyNormal', examScore: 3 });
    expect(seventh).toMatchObject({
      status: 'queued',
      malignancyScore: null,
      category: null,
      examScore: null,
      priority: 'screening',
      urgent: false,
    });
    expect(
      (await t.api('/api/worklist?limit=2&offset=1')).body.studies.map(
        (s: { studyInstanceUid: string }) => s.studyInstanceUid,
      ),
    ).toEqual([flagged, olderFlagged]);
  });
});
