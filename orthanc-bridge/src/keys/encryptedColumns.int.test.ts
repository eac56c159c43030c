import { FieldCipher, Keyring, SEALED_PREFIX, SealedDataError } from '../crypto';
import { useAuditDatabase } from '../audit/testing/auditDatabase';
import {
  answerConsultation,
  findConsultation,
  insertConsultation,
  listReaderConsultations,
  listStudyConsultations,
} from '../consultations/consultationStore';
import { findPatient, resealPatients, upsertPatient } from '../patients/patientStore';

const t = useAuditDatabase();
const cipher = new FieldCipher(Keyring.generate());
const STUDY = '1.2.826.0.1.3680043.2.1125.7';

/** A study and two readers (requester, colleague) to consult about it. */
async function studyAndReaders(): Promise<[string, string]> {
  await t.pool.query(`INSERT INTO study (study_instance_uid, orthanc_id) VALUES ($1, 'orthanc-7')`, [STUDY]);
  const { rows } = await t.pool.query<{ id: string }>(
    `INSERT INTO user_account (login, person_name, display_name) VALUES
       ('dr.martin', 'Martin^Claire', 'Dr Claire Martin'), ('dr.bernard', 'Bernard^Paul', 'Dr Paul Bernard')
     RETURNING id::text`,
  );
  return [rows[0]!.id, rows[1]!.id];
}

describe('encrypted columns', () => {
  test('upsertPatient seals name and birth date: the raw table shows none of them, findPatient opens them', async () => {
    const marie = {
      patientId: 'P-0042',
      issuer: 'CHU-NANTES',
      name: 'DUPONT^Marie',
      birthDate: '19640312',
      sex: 'F',
    };
    const ref = await upsertPatient(t.pool, cipher, marie);
    await upsertPatient(t.pool, cipher, {
      ...marie,
      patientId: 'P-0043',
      name: 'MARTIN^Julie',
      birthDate: null,
    });

    const { rows } = await t.pool.query<Record<string, string | null>>(
      'SELECT patient_id, name, birth_date, name_key_id, birth_date_key_id FROM patient ORDER BY id',
    );
    const raw = JSON.stringify(rows);
    for (const plain of ['DUPONT', 'Marie', '19640312', 'MARTIN', 'Julie']) expect(raw).not.toContain(plain);
    expect(rows[0]!.name!.startsWith(SEALED_PREFIX)).toBe(true);
    expect(rows[0]!.birth_date!.startsWith(SEALED_PREFIX)).toBe(true);
    expect(rows.map((r) => [r.name_key_id, r.birth_date_key_id])).toEqual([
      [cipher.activeKeyId, cipher.activeKeyId],
      [cipher.activeKeyId, null],
    ]);
    expect(await findPatient(t.pool, cipher, 'P-0042', 'CHU-NANTES')).toEqual({ ...marie, ...ref });
    expect((await findPatient(t.pool, cipher, 'P-0043', 'CHU-NANTES'))?.birthDate).toBeNull();
    expect(await findPatient(t.pool, cipher, 'P-0042', '')).toBeUndefined();

    // Another patient's sealed name, copied over: it does not open as this patient's.
    await t.pool.query(`UPDATE patient SET name = (SELECT name FROM patient WHERE id <> $1) WHERE id = $1`, [
      ref.id,
    ]);
    await expect(findPatient(t.pool, cipher, 'P-0042', 'CHU-NANTES')).rejects.toThrow(SealedDataError);
  });

  test('insertConsultation and answerConsultation seal note and answer: the raw table shows neither, the reads open them', async () => {
    const [martin, bernard] = await studyAndReaders();
    const note = 'Masse du QSE gauche chez Mme DUPONT : ACR 4 ou 3 ?';
    const answer = 'ACR 4, biopsie conseillée';
    const asked = await insertConsultation(t.pool, cipher, {
      studyInstanceUid: STUDY,
      requesterId: martin,
      colleagueId: bernard,
      note,
    });
    expect(asked).toMatchObject({ note, answer: null });
    const answered = await answerConsultation(t.pool, cipher, asked.id, answer);
    expect(answered).toMatchObject({ id: asked.id, note, answer });

    const { rows } = await t.pool.query<Record<string, string>>(
      'SELECT note, answer, note_key_id, answer_key_id FROM consultation',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.note).not.toContain('DUPONT');
    expect(rows[0]!.answer).not.toContain('biopsie');
    expect(rows[0]!.note!.startsWith(SEALED_PREFIX)).toBe(true);
    expect(rows[0]!.answer!.startsWith(SEALED_PREFIX)).toBe(true);
    expect([rows[0]!.note_key_id, rows[0]!.answer_key_id]).toEqual([cipher.activeKeyId, cipher.activeKeyId]);

    expect((await findConsultation(t.pool, cipher, asked.id))?.consultation).toMatchObject({ note, answer });
    expect((await listStudyConsultations(t.pool, cipher, STUDY))[0]).toMatchObject({ note, answer });
    const { outgoing } = await listReaderConsultations(t.pool, cipher, martin);
    expect(outgoing[0]).toMatchObject({ note, answer });
  });

  test('migration 006 refuses plaintext written to a sealed column, not other changes to a row left from before', async () => {
    await expect(
      t.pool.query(`INSERT INTO patient (patient_id, name) VALUES ('P-1', 'DUPONT^Marie')`),
    ).rejects.toThrow(
      'patient.patient_id must be sealed by the bridge (src/crypto), not written in plaintext',
    );

    await t.superuser(`ALTER TABLE patient DISABLE TRIGGER patient_sealed;
      INSERT INTO patient (patient_id, name) VALUES ('P-1', 'DUPONT^Marie');
      ALTER TABLE patient ENABLE TRIGGER patient_sealed`);
    await t.pool.query(`UPDATE patient SET urgent = true WHERE patient_id = 'P-1'`);
    await expect(
      t.pool.query(`UPDATE patient SET birth_date = '19640312' WHERE patient_id = 'P-1'`),
    ).rejects.toThrow('patient.birth_date must be sealed');
    // Hashed and its PatientID sealed (as the bridge does at start), the patient is found; its name,
    // in plaintext until keys:rotate seals it, does not read.
    await resealPatients(t.pool, cipher, { unhashedOnly: true });
    await expect(findPatient(t.pool, cipher, 'P-1', '')).rejects.toThrow(/^the value is not sealed/);

    const [martin, bernard] = await studyAndReaders();
    const asked = await insertConsultation(t.pool, cipher, {
      studyInstanceUid: STUDY,
      requesterId: martin,
      colleagueId: bernard,
      note: 'ACR 4 ?',
    });
    await expect(
      t.pool.query(`UPDATE consultation SET answer = 'oui', answered_at = now() WHERE id = $1`, [asked.id]),
    ).rejects.toThrow('consultation.answer must be sealed');
  });
});
