import type { Pool } from 'pg';
import { FieldCipher, Keyring } from '../crypto';
import { olderDatabase, type OlderDatabase } from '../testing/harness';
import { migrate } from '../db/migrate';
import { findPatient, resealPatients, upsertPatient } from './patientStore';

/** A database that held patients with their PatientID in clear, upgraded to migration 012. */
let older: OlderDatabase;
let owner: Pool;
let pool: Pool;
beforeAll(async () => {
  older = await olderDatabase('012');
  ({ owner, pool } = older);
});
afterAll(() => older?.stop());

test('migration 012 keeps the patients stored with their PatientID in clear, and resealPatients then seals and hashes them so that intake finds them', async () => {
  const cipher = new FieldCipher(Keyring.generate());
  // As the bridge wrote a patient before migration 012: name sealed, PatientID in clear.
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO patient (patient_id, issuer, name, site) VALUES ('P-0777', 'CHU', $1, 'main') RETURNING id::text`,
    [cipher.seal('MOREAU^Claire', 'patient.name:["CHU","P-0777"]')],
  );
  const id = rows[0]!.id;

  const upgraded = await migrate(owner);
  expect(upgraded.applied).toContain('012_patient_id_hash.sql');
  const raw = await pool.query('SELECT patient_id, patient_id_hash, patient_id_key_id FROM patient');
  expect(raw.rows).toEqual([{ patient_id: 'P-0777', patient_id_hash: null, patient_id_key_id: null }]);

  expect(await resealPatients(pool, cipher, { unhashedOnly: true })).toMatchObject({
    sealed: 1,
    rehashed: 1,
  });
  const sealed = await pool.query('SELECT * FROM patient');
  expect(JSON.stringify(sealed.rows)).not.toContain('P-0777');
  expect(await findPatient(pool, cipher, 'P-0777', 'CHU')).toMatchObject({ id, name: 'MOREAU^Claire' });
  // A second study of theirs: the same patient.
  const again = await upsertPatient(pool, cipher, {
    patientId: 'P-0777',
    issuer: 'CHU',
    name: 'MOREAU^Claire',
    birthDate: '19700101',
    sex: 'F',
  });
  expect(again.id).toBe(id);
  expect((await pool.query('SELECT count(*)::int AS n FROM patient')).rows[0].n).toBe(1);
});
