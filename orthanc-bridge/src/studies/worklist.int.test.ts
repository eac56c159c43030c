/**
 * The worklist as a reading list, through the real bridge: its columns (patient, age, accession
 * number, description, priority, read status, consultations), its order, its searches over sealed
 * values within the patient scope, its filters and their refusals, and the live events' stream.
 */
import { jest } from '@jest/globals';
import { sealFile } from '../crypto/fileCipher';
import { publishAnalysisEvent } from '../intake/publishAnalysisEvent';
import { openEventStream } from '../testing/eventStream';
import { newUid, storeStudy, waitUntil } from '../testing/harness';
import { finishAnalysis, scoredFindings } from '../testing/mammography';
import { useReadingApp } from '../testing/readingApp';

jest.setTimeout(120_000);

const t = useReadingApp();

type Row = { studyInstanceUid: string } & Record<string, unknown>;
const uids = (body: { studies: Row[] }) => body.studies.map((s) => s.studyInstanceUid);

/** Marks the study's queued analysis done with findings scoring `malignancyScore`. */
async function done(uid: string, malignancyScore: number) {
  return finishAnalysis(t.app.ctx.pool, t.client, uid, scoredFindings(uid, malignancyScore));
}

/** Three studies of the main site and one of site-b, as the worklist tests read them. */
async function readingList() {
  const urgent = await storeStudy(t.client, {
    patientId: 'W-A',
    patientName: 'LEFÈVRE^Anne-Marie',
    birthDate: '19700615',
    accessionNumber: 'ACC-A',
    description: 'Bilan diagnostique URGENT',
    views: ['RCC'],
  });
  const elevated = await storeStudy(t.client, {
    patientId: 'W-B',
    patientName: 'DUPONT^Marie',
    accessionNumber: 'ACC-B',
    views: ['RCC'],
  });
  const asked = await storeStudy(t.client, {
    patientId: 'W-C',
    patientName: 'MARTIN^Jeanne',
    accessionNumber: 'ACC-C',
    views: ['RCC'],
  });
  const otherSite = await storeStudy(t.client, {
    patientId: 'W-D',
    patientName: 'DUPONT^Marie-Claire',
    accessionNumber: 'ACC-D',
    institution: 'Hopital B',
    views: ['RCC'],
  });
  for (const uid of [urgent, elevated, asked]) await t.analysisOf(uid, 'queued');
  await waitUntil('site-b’s study taken in', async () =>
    (await t.api(`/api/studies/${otherSite}/analysis`, { as: 'dr.roux' })).status === 200 ? true : undefined,
  );
  await done(elevated, 0.91);
  await done(asked, 0.1);
  const consultation = await t.api(`/api/studies/${asked}/consultations`, {
    method: 'POST',
    as: 'dr.bernard',
    body: { colleague: 'dr.martin', note: 'Ton avis sur le sein droit ?' },
  });
  expect(consultation.status).toBe(201);
  return { urgent, elevated, asked, otherSite };
}

/** An open GET /api/events stream, as `login`. */
const openStream = (login: string) => openEventStream(t.app.url, login);

describe('worklist', () => {
  test('GET /api/worklist shows each study with its patient, age, accession number, description, priority, read status and consultations; urgent first, then the consultations for me, then by category', async () => {
    const { urgent, elevated, asked } = await readingList();

    const { status, body } = await t.api('/api/worklist');
    expect(status).toBe(200);
    // The description says URGENT: triaged stat, first; then the colleague's question; then by category.
    expect(uids(body)).toEqual([urgent, asked, elevated]);
    expect(body).toMatchObject({ total: 3, truncated: false, limit: 200, offset: 0 });
    const [first, second, third] = body.studies;
    expect(first).toMatchObject({
      patient: {
        patientId: 'W-A',
        issuer: '',
        name: 'LEFÈVRE^Anne-Marie',
        birthDate: '19700615',
        sex: 'F',
        age: 54,
      },
      accessionNumber: 'ACC-A',
      description: 'Bilan diagnostique URGENT',
      studyDate: '2025-01-02',
      modalities: ['MG'],
      status: 'queued',
      priority: 'stat',
      urgent: false,
      category: null,
      readStatus: 'toRead',
      consultations: { openForMe: 0, askedBy: [], mineOpen: 0, mineAnswered: 0 },
    });
    expect(second).toMatchObject({
      patient: { patientId: 'W-C', name: 'MARTIN^Jeanne', age: 65 },
      category: 'likelyNormal',
      examScore: 3,
      consultations: { openForMe: 1, askedBy: ['Dr Paul Bernard'], mineOpen: 0, mineAnswered: 0 },
      openConsultationsForMe: 1,
    });
    expect(third).toMatchObject({ category: 'elevated', examScore: 10, malignancyScore: 0.91 });

    // The colleague who asked sees their own question waiting, and no consultation ahead of the category.
    const bernard = await t.api('/api/worklist', { as: 'dr.bernard' });
    expect(uids(bernard.body)).toEqual([urgent, elevated, asked]);
    expect(bernard.body.studies[2].consultations).toEqual({
      openForMe: 0,
      askedBy: [],
      mineOpen: 1,
      mineAnswered: 0,
    });

    // Flagging a patient urgent moves their study first.
    expect((await t.api('/api/patients/W-B/urgent', { method: 'PUT', body: { urgent: true } })).status).toBe(
      200,
    );
    const flagged = await t.api('/api/worklist');
    expect(uids(flagged.body)).toEqual([elevated, urgent, asked]);
    expect(flagged.body.studies[0]).toMatchObject({ urgent: true });
    expect(uids((await t.api('/api/worklist?limit=1&offset=1')).body)).toEqual([urgent]);
    const past = await t.api('/api/worklist?offset=10');
    expect(past.body).toMatchObject({ studies: [], total: 3 });
  });

  test('GET /api/worklist finds a patient by name words, PatientID or accession number, never one outside the scope', async () => {
    const { urgent, elevated, asked, otherSite } = await readingList();
    const search = async (query: string, as = 'dr.martin') => {
      const { status, body } = await t.api(`/api/worklist?${query}`, { as });
      expect(status).toBe(200);
      return uids(body);
    };
    // Name words begin the name's words, whatever the case and the accents.
    expect(await search('q=lefevre%20anne')).toEqual([urgent]);
    expect(await search('q=Anne-Marie')).toEqual([urgent]);
    expect(await search('name=mar')).toEqual([urgent, asked, elevated]);
    expect(await search('name=mart')).toEqual([asked]);
    expect(await search('q=fevre')).toEqual([]);
    // The PatientID exactly (its keyed hash), and the accession number.
    expect(await search('q=W-B')).toEqual([elevated]);
    expect(await search('patientId=W-C')).toEqual([asked]);
    expect(await search('q=acc-a')).toEqual([urgent]);
    expect(await search('accession=ACC-C')).toEqual([asked]);
    // Site-b's patient is dr.roux's only.
    expect(await search('q=dupont')).toEqual([elevated]);
    expect(await search('q=W-D')).toEqual([]);
    expect(await search('patientId=W-D')).toEqual([]);
    expect(await search('accession=ACC-D')).toEqual([]);
    expect(await search('q=dupont', 'dr.roux')).toEqual([otherSite]);
    expect(await search('patientId=W-D', 'dr.roux')).toEqual([otherSite]);
    expect(await search('q=W-A', 'dr.roux')).toEqual([]);
    // SQL in a search is a name like any other.
    expect(await search(`q=${encodeURIComponent("' OR '1'='1")}`)).toEqual([]);
    // Searches and filters together.
    expect(await search('name=mar&category=elevated')).toEqual([elevated]);
  });

  test('GET /api/worklist filters by category, exam score, read status and urgency', async () => {
    const { urgent, elevated, asked } = await readingList();
    const filter = async (query: string) => {
      const { status, body } = await t.api(`/api/worklist?${query}`);
      expect(status).toBe(200);
      return uids(body);
    };
    expect(await filter('category=elevated')).toEqual([elevated]);
    expect(await filter('category=likelyNormal,elevated')).toEqual([asked, elevated]);
    expect(await filter('category=none')).toEqual([urgent]);
    expect(await filter('minScore=8')).toEqual([elevated]);
    expect(await filter('minScore=1')).toEqual([asked, elevated]);
    expect(await filter('urgent=true')).toEqual([urgent]);
    expect(await filter('urgent=false')).toEqual([asked, elevated]);
    expect(await filter('readStatus=toRead')).toEqual([urgent, asked, elevated]);
    expect(await filter('readStatus=signed,reported')).toEqual([]);
    const counted = await t.api('/api/worklist?category=elevated,likelyNormal&limit=1');
    expect(counted.body).toMatchObject({ total: 2, studies: [{ studyInstanceUid: asked }] });
  });

  test('GET /api/worklist refuses a bad search or filter with a message that says which and why', async () => {
    const refused: [string, string][] = [
      ['q=', 'query parameter "q": must not be empty'],
      ['q=%20%20', 'query parameter "q": must not be empty'],
      ['q=---', 'query parameter "q": must hold a letter or a digit'],
      [`q=${'x'.repeat(65)}`, 'query parameter "q": must be at most 64 characters'],
      ['q=a%5Cb', 'query parameter "q": must not hold a backslash or control characters'],
      ['patientId=a%01b', 'query parameter "patientId": must not hold a backslash or control characters'],
      ['patientId=a%00b', 'string fields must not contain NUL (a query parameter holds one)'],
      ['name=%09x', 'query parameter "name": must not hold a backslash or control characters'],
      [
        'category=high',
        'query parameter "category.0": must be a comma-separated list of elevated, intermediate, likelyNormal, none',
      ],
      ['minScore=11', 'query parameter "minScore": must be an exam score from 1 to 10'],
      ['minScore=abc', 'query parameter "minScore": must be an exam score from 1 to 10'],
      ['minScore=2.5', 'query parameter "minScore": must be an exam score from 1 to 10'],
      [
        'readStatus=done',
        'query parameter "readStatus.0": must be a comma-separated list of toRead, validated, reported, signed',
      ],
      ['urgent=yes', 'query parameter "urgent": must be true or false'],
      ['sort=name', 'unknown query parameter(s): sort'],
      ['q=a&q=b', 'query parameter "q": Invalid input: expected string, received array'],
    ];
    const failures: string[] = [];
    for (const [query, message] of refused) {
      const { status, body } = await t.api(`/api/worklist?${query}`);
      if (status !== 400 || body?.error?.message !== message)
        failures.push(`${query}: ${status} ${JSON.stringify(body?.error?.message)}`);
    }
    expect(failures).toEqual([]);
    expect((await t.api('/api/worklist?q=x', { as: null })).status).toBe(401);
    expect((await t.api('/api/worklist?q=x', { as: 'admin.dupont' })).status).toBe(403);
  });

  test('the read status follows the reading: to read, validated, reported (a draft), signed', async () => {
    const { uid } = await t.analysedStudy({ views: ['LCC', 'LMLO'] });
    const readStatus = async () =>
      (await t.api('/api/worklist')).body.studies.find((s: Row) => s.studyInstanceUid === uid).readStatus;
    expect(await readStatus()).toBe('toRead');

    const validated = await t.api(`/api/studies/${uid}/validation`, {
      method: 'POST',
      body: { overall: 'agree', lesions: [] },
    });
    expect(validated.status).toBe(201);
    expect(await readStatus()).toBe('validated');

    const opened = await t.api(`/api/studies/${uid}/report`);
    expect(opened.status).toBe(200);
    const saved = await t.api(`/api/studies/${uid}/report/draft`, {
      method: 'PUT',
      body: opened.body.draft.content,
    });
    expect(saved.status).toBe(200);
    expect(await readStatus()).toBe('reported');

    // Signing itself is the reports' tests' matter: the row is put in the state signing leaves.
    const { rows } = await t.app.ctx.pool.query<{ id: string }>(
      'SELECT id::text AS id FROM report WHERE study_instance_uid = $1',
      [uid],
    );
    const id = rows[0]!.id;
    await t.app.ctx.pool.query(
      `UPDATE report SET status = 'signed', signer_id = author_id, signed_at = now(), pdf = $2,
         sr_series_instance_uid = $3, sr_sop_instance_uid = $4, template_site = 'main', template_version = 1
       WHERE id = $1`,
      [
        id,
        sealFile(t.app.ctx.cipher.keyring, Buffer.from('%PDF-1.7'), `report.pdf:${id}`),
        newUid(),
        newUid(),
      ],
    );
    expect(await readStatus()).toBe('signed');
    expect(uids((await t.api('/api/worklist?readStatus=signed')).body)).toEqual([uid]);
    expect(uids((await t.api('/api/worklist?readStatus=toRead,validated')).body)).toEqual([]);
  });
});

describe('live events', () => {
  test('GET /api/events streams the analyses and consultations of the user’s own scope only, with no patient data', async () => {
    const martin = await openStream('dr.martin');
    const roux = await openStream('dr.roux');
    try {
      // Intake publishes each study's analysis as it is queued.
      const ours = await storeStudy(t.client, {
        patientId: 'EV-MAIN',
        patientName: 'SECRET^Nom',
        views: ['RCC'],
      });
      const theirs = await storeStudy(t.client, {
        patientId: 'EV-B',
        institution: 'Hopital B',
        views: ['RCC'],
      });
      await martin.waitFor('dr.martin told of the queued analysis', (e) => e.studyInstanceUid === ours);
      await roux.waitFor('dr.roux told of site-b’s analysis', (e) => e.studyInstanceUid === theirs);
      expect(martin.events.find((e) => e.studyInstanceUid === ours)).toEqual({
        type: 'analysis',
        studyInstanceUid: ours,
        status: 'queued',
        priority: 'screening',
        at: expect.any(String),
      });

      // The worker publishes the analysis done (as execAnalysisJob does).
      const finished = await done(ours, 0.8);
      await publishAnalysisEvent(t.app.ctx.redis, finished, t.app.ctx.eventsChannel);
      await martin.waitFor('dr.martin told the analysis is done', (e) => e.status === 'done');

      // A colleague answers: the requester is told.
      const asked = await t.api(`/api/studies/${ours}/consultations`, {
        method: 'POST',
        body: { colleague: 'dr.bernard', note: 'Avis ?' },
      });
      expect(asked.status).toBe(201);
      const answered = await t.api(`/api/consultations/${asked.body.consultation.id}/answer`, {
        method: 'POST',
        as: 'dr.bernard',
        body: { answer: 'ACR 2.' },
      });
      expect(answered.status).toBe(200);
      const told = await martin.waitFor(
        'dr.martin told of the answer',
        (e) => e.type === 'consultation' && e.change === 'answered',
      );
      expect(told).toEqual({
        type: 'consultation',
        studyInstanceUid: ours,
        consultationId: asked.body.consultation.id,
        change: 'answered',
        mine: true,
        at: expect.any(String),
      });

      // Nothing crossed the sites, and no event names a patient, a note or an answer.
      expect(martin.events.some((e) => e.studyInstanceUid === theirs)).toBe(false);
      expect(roux.events.some((e) => e.studyInstanceUid === ours)).toBe(false);
      const sent = [...martin.raw, ...roux.raw].join('\n');
      for (const secret of ['EV-MAIN', 'EV-B', 'SECRET', 'Avis', 'ACR 2', '0.8'])
        expect(sent).not.toContain(secret);
    } finally {
      await Promise.all([martin.close(), roux.close()]);
    }

    // Opening a stream is audited; an unknown parameter is refused; sign-in and permission are needed.
    const audit = await waitUntil('the stream’s audit entry', async () => {
      const { body } = await t.api('/api/audit?actor=dr.roux', { as: 'dr.lefevre' });
      return body.entries.find((e: { detail: { path?: string } }) => e.detail.path === '/api/events');
    });
    expect(audit).toMatchObject({ action: 'search', resourceType: 'study', outcome: 'success' });
    const bad = await t.api('/api/events?since=1');
    expect(bad).toEqual({
      status: 400,
      body: { error: { status: 400, message: 'unknown query parameter(s): since' } },
    });
    expect((await t.api('/api/events', { as: null })).status).toBe(401);
    expect((await t.api('/api/events', { as: 'admin.dupont' })).status).toBe(403);
  });
});
