/**
 * Patients through the real bridge: only intake creates one (a flag never claims a patient), and
 * a patient's identity is kept when later images disagree with it: the conflict is recorded for a
 * physician, whose decision is audited, and a report signed before keeps the identity it was
 * signed with in its exports.
 */
import { jest } from '@jest/globals';
import { assessedDraft } from '@sentinelle/reporting/testing/report';
import { FieldCipher } from '../crypto';
import { IDENTITY_CONFLICT_SEALED } from './identityConflictStore';
import { findPatient, openPatientId } from './patientStore';
import { resealTable } from '../db/sealedColumns';
import { findReportSubject, REPORT_SUBJECT_SEALED } from '../reports/subjectStore';
import { reportSubjectFromSr } from '../reports/reportSubject';
import { sessionHeaders, sessionOf, storeStudy, TEST_PASSWORD, waitUntil } from '../testing/harness';
import { openEventStream, type EventStream } from '../testing/eventStream';
import { useReadingApp } from '../testing/readingApp';

jest.setTimeout(120_000);

const t = useReadingApp();

/** The patient rows, their sealed PatientID opened. */
const patientRows = async () => {
  const { rows } = await t.app.ctx.pool.query<{
    id: string;
    patient_id: string;
    site: string | null;
    urgent: boolean;
  }>('SELECT id::text AS id, patient_id, site, urgent FROM patient ORDER BY id');
  return rows.map(({ id, patient_id: patientId, ...row }) => ({
    patient_id: openPatientId(t.app.ctx.cipher, { id, patientId }),
    ...row,
  }));
};

describe('patients', () => {
  test('PUT /api/patients/:id/urgent on a patient no study of whom was received is a 404 and creates no patient, so intake places them in their own site', async () => {
    for (const path of ['/api/patients/PAT-B-1/urgent', '/api/patients/PAT-B-1/urgent?issuer=CHU-B']) {
      const flagged = await t.api(path, { method: 'PUT', body: { urgent: true }, as: 'dr.roux' });
      expect(flagged.status).toBe(404);
    }
    expect(await patientRows()).toEqual([]);

    // Their images arrive from site main's institution: the patient is main's, not dr.roux's.
    const uid = await storeStudy(t.client, { patientId: 'PAT-B-1', views: ['LCC'] });
    await t.analysisOf(uid, 'queued');
    expect(await patientRows()).toEqual([{ patient_id: 'PAT-B-1', site: 'main', urgent: false }]);
    // The table holds the PatientID sealed and hashed, never in clear.
    const raw = await t.app.ctx.pool.query('SELECT * FROM patient');
    expect(JSON.stringify(raw.rows)).not.toContain('PAT-B-1');
    expect(
      (await t.api('/api/patients/PAT-B-1/urgent', { method: 'PUT', body: { urgent: true }, as: 'dr.roux' }))
        .status,
    ).toBe(403);
    expect((await t.api(`/api/studies/${uid}/analysis`, { as: 'dr.roux' })).status).toBe(403);
    const flagged = await t.api('/api/patients/PAT-B-1/urgent', { method: 'PUT', body: { urgent: true } });
    expect(flagged.status).toBe(200);
    expect(await patientRows()).toEqual([{ patient_id: 'PAT-B-1', site: 'main', urgent: true }]);
  });

  test('flagging a patient urgent and clearing the flag each tell the open worklists of the patient’s studies, within their scope, with no PatientID', async () => {
    const first = await storeStudy(t.client, { patientId: 'URG-1', views: ['LCC'] });
    const second = await storeStudy(t.client, { patientId: 'URG-1', views: ['RCC'] });
    const theirs = await storeStudy(t.client, {
      patientId: 'URG-B',
      institution: 'Hopital B',
      views: ['RCC'],
    });
    for (const uid of [first, second]) await t.analysisOf(uid, 'queued');
    await waitUntil('site-b’s study taken in', async () =>
      (await t.api(`/api/studies/${theirs}/analysis`, { as: 'dr.roux' })).status === 200 ? true : undefined,
    );
    const martin = await openEventStream(t.app.url, 'dr.martin');
    const roux = await openEventStream(t.app.url, 'dr.roux');
    const told = (stream: EventStream, urgent: boolean) =>
      stream.events.filter((e) => e.type === 'urgency' && e.urgent === urgent);
    try {
      for (const urgent of [true, false]) {
        const flagged = await t.api('/api/patients/URG-1/urgent', { method: 'PUT', body: { urgent } });
        expect(flagged.status).toBe(200);
        await waitUntil(`dr.martin told of both studies (urgent: ${urgent})`, async () =>
          told(martin, urgent).length === 2 ? true : undefined,
        );
        // One event per study, in whatever order the stream's scope checks end.
        expect(told(martin, urgent)).toEqual(
          expect.arrayContaining(
            [first, second].map((studyInstanceUid) => ({
              type: 'urgency',
              studyInstanceUid,
              urgent,
              at: expect.any(String),
            })),
          ),
        );
      }
      // Flagging site-b's patient tells dr.roux, never dr.martin.
      expect(
        (await t.api('/api/patients/URG-B/urgent', { method: 'PUT', body: { urgent: true }, as: 'dr.roux' }))
          .status,
      ).toBe(200);
      await roux.waitFor('dr.roux told of site-b’s patient', (e) => e.studyInstanceUid === theirs);
      expect(roux.events.some((e) => e.studyInstanceUid === first || e.studyInstanceUid === second)).toBe(
        false,
      );
      expect(martin.events.some((e) => e.studyInstanceUid === theirs)).toBe(false);
      expect([...martin.raw, ...roux.raw].join('\n')).not.toMatch(/URG-1|URG-B/);
    } finally {
      await Promise.all([martin.close(), roux.close()]);
    }
  });

  test('intake keeps the identity recorded first when a later study disagrees, records the conflict, and a report signed before exports the identity it was signed with', async () => {
    // A study of Lecture^Camille (born 1970-05-12), analysed, reported and signed.
    const { uid } = await t.analysedStudy({ views: ['LCC', 'LMLO'], patientId: 'PAT-ID' });
    const base = `/api/studies/${uid}/report`;
    const opened = await t.api(base);
    expect(opened.status).toBe(200);
    const assessed = assessedDraft(opened.body.draft.content);
    expect((await t.api(`${base}/draft`, { method: 'PUT', body: assessed })).status).toBe(200);
    const signed = await t.api(`${base}/sign`, { method: 'POST', body: { password: TEST_PASSWORD } });
    expect(signed.status).toBe(200);
    const fhirPatient = async () => {
      const fhir = await t.api(`${base}/versions/1/fhir`);
      expect(fhir.status).toBe(200);
      const entry = (fhir.body.entry as { resource: { resourceType: string } }[]).find(
        (e) => e.resource.resourceType === 'Patient',
      );
      return entry!.resource as unknown as {
        name: { family?: string; given?: string[] }[];
        birthDate?: string;
      };
    };
    const asSigned = await fhirPatient();
    expect(asSigned).toMatchObject({
      name: [{ family: 'Lecture', given: ['Camille'] }],
      birthDate: '1970-05-12',
    });

    // A later study with the same PatientID, another name and birth date.
    const later = await storeStudy(t.client, {
      patientId: 'PAT-ID',
      patientName: 'Autre^Personne',
      birthDate: '19811111',
      views: ['RCC'],
    });
    await t.analysisOf(later, 'queued');
    const recorded = await findPatient(t.app.ctx.pool, t.app.ctx.cipher, 'PAT-ID', '');
    expect(recorded).toMatchObject({ name: 'Lecture^Camille', birthDate: '19700512', sex: 'F' });

    // The conflict, for a physician of the patient's site; not for another site, nor a sysadmin.
    const listed = await t.api('/api/patients/identity-conflicts?status=open', { as: 'dr.lefevre' });
    expect(listed.status).toBe(200);
    expect(listed.body.conflicts).toEqual([
      expect.objectContaining({
        patientId: 'PAT-ID',
        studyInstanceUid: later,
        status: 'open',
        current: { name: 'Lecture^Camille', birthDate: '19700512', sex: 'F' },
        incoming: { name: 'Autre^Personne', birthDate: '19811111', sex: 'F' },
      }),
    ]);
    expect((await t.api('/api/patients/identity-conflicts', { as: 'dr.roux' })).body.conflicts).toEqual([]);
    expect((await t.api('/api/patients/identity-conflicts', { as: 'admin.dupont' })).status).toBe(403);
    // Sealed in the table, like the patient's own identity.
    const { rows } = await t.app.ctx.pool.query('SELECT * FROM patient_identity_conflict');
    expect(JSON.stringify(rows)).not.toMatch(/Autre|Personne|19811111/);
    // The same study taken in again records nothing new.
    await t.api(`/api/studies/${later}/analyse`, { method: 'POST', body: { priority: 'stat' } });
    expect(
      (await t.app.ctx.pool.query('SELECT count(*)::int AS n FROM patient_identity_conflict')).rows[0].n,
    ).toBe(1);

    // The physician accepts the new identity: the patient changes, the signed report does not.
    const id: string = listed.body.conflicts[0].id;
    const decide = (decision: string, as = 'dr.lefevre') =>
      t.api(`/api/patients/identity-conflicts/${id}/decision`, { method: 'POST', body: { decision }, as });
    expect((await decide('accept', 'dr.roux')).status).toBe(404);
    expect((await decide('merge')).status).toBe(400);
    const accepted = await decide('accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.conflict).toMatchObject({
      status: 'accepted',
      decidedBy: 'dr.lefevre',
      current: { name: 'Autre^Personne', birthDate: '19811111' },
    });
    expect((await decide('keep')).status).toBe(409);
    expect(await findPatient(t.app.ctx.pool, t.app.ctx.cipher, 'PAT-ID', '')).toMatchObject({
      name: 'Autre^Personne',
      birthDate: '19811111',
    });
    expect(await fhirPatient()).toEqual(asSigned);
    const xml = await fetch(`${t.app.url}${base}/versions/1/fhir.xml`, {
      headers: sessionHeaders(await sessionOf(t.app.url, 'dr.martin')),
    }).then((r) => r.text());
    expect(xml).toContain('Lecture');
    expect(xml).not.toContain('Autre');

    // A version signed before subjects were frozen exports what its SR, stored at signing, says.
    const sr = await fetch(`${t.app.url}${base}/versions/1/sr`, {
      headers: sessionHeaders(await sessionOf(t.app.url, 'dr.martin')),
    });
    expect(reportSubjectFromSr(new Uint8Array(await sr.arrayBuffer()))).toMatchObject({
      patient: { name: 'Lecture^Camille', id: 'PAT-ID', birthDate: '1970-05-12', sex: 'F' },
      study: { studyInstanceUid: uid, accessionNumber: 'ACC-READ-1', studyDate: '2025-03-04' },
    });

    // The decision is in the audit trail, with the patient it concerns.
    const audited = await waitUntil('the audit entry of the decision', async () => {
      const audit = await t.api('/api/audit?actor=dr.lefevre&patientId=PAT-ID', { as: 'dr.lefevre' });
      return audit.body.entries?.find(
        (e: { action: string; httpStatus: number }) => e.action === 'update' && e.httpStatus === 200,
      );
    });
    expect(audited).toMatchObject({
      resourceType: 'patient',
      patientId: 'PAT-ID',
      outcome: 'success',
      detail: expect.objectContaining({ identityConflict: id, decision: 'accept' }),
    });
    // Frozen and decided rows never change, except a key rotation's re-wrap of their data keys.
    const rotated = new FieldCipher(t.app.ctx.cipher.keyring.withNewActiveKey());
    // The subject (one value), and the conflict's name and birth date.
    expect(await resealTable(t.app.ctx.pool, rotated, REPORT_SUBJECT_SEALED)).toMatchObject({ rewrapped: 1 });
    expect(await resealTable(t.app.ctx.pool, rotated, IDENTITY_CONFLICT_SEALED)).toMatchObject({
      rewrapped: 2,
    });
    const { rows: subjects } = await t.app.ctx.pool.query<{ report_id: string; subject_key_id: string }>(
      'SELECT report_id::text, subject_key_id FROM report_subject',
    );
    expect(subjects.map((r) => r.subject_key_id)).toEqual([rotated.activeKeyId]);
    expect((await findReportSubject(t.app.ctx.pool, rotated, subjects[0]!.report_id))?.patient).toMatchObject(
      {
        name: 'Lecture^Camille',
      },
    );
    await expect(t.app.ctx.pool.query('DELETE FROM report_subject')).rejects.toThrow(/frozen/);
  });

  test('keeping the current identity leaves the patient as recorded and closes the conflict', async () => {
    const first = await storeStudy(t.client, { patientId: 'PAT-KEEP', views: ['LCC'] });
    await t.analysisOf(first, 'queued');
    const later = await storeStudy(t.client, {
      patientId: 'PAT-KEEP',
      patientName: 'Faute^Frappe',
      views: ['RCC'],
    });
    await t.analysisOf(later, 'queued');
    const [conflict] = (await t.api('/api/patients/identity-conflicts', { as: 'dr.lefevre' })).body.conflicts;
    const kept = await t.api(`/api/patients/identity-conflicts/${conflict.id}/decision`, {
      method: 'POST',
      body: { decision: 'keep' },
      as: 'dr.lefevre',
    });
    expect(kept.status).toBe(200);
    expect(kept.body.conflict).toMatchObject({ status: 'kept', current: { name: 'Test^Patient' } });
    expect(await findPatient(t.app.ctx.pool, t.app.ctx.cipher, 'PAT-KEEP', '')).toMatchObject({
      name: 'Test^Patient',
    });
    expect(
      (await t.api('/api/patients/identity-conflicts?status=open', { as: 'dr.lefevre' })).body.conflicts,
    ).toEqual([]);
    // A decided conflict is final, even for the database's own users.
    await expect(
      t.app.ctx.pool.query(
        "UPDATE patient_identity_conflict SET status = 'open', decided_by = NULL, decided_at = NULL",
      ),
    ).rejects.toThrow(/was decided/);
  });
});
