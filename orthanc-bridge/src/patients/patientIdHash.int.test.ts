/**
 * The patient's PatientID at rest (migration 012): sealed for display, a keyed hash of (issuer,
 * PatientID) for lookups and uniqueness, hashed again under the active key by a rotation.
 */
import { FieldCipher, Keyring, SEALED_PREFIX, SealedDataError } from '../crypto';
import { useAuditDatabase } from '../audit/testing/auditDatabase';
import {
  findPatient,
  openPatientId,
  patientIdHash,
  type PatientDemographics,
  resealPatients,
  upsertPatient,
} from './patientStore';

const t = useAuditDatabase();
const cipher = new FieldCipher(Keyring.generate());

const MARIE: PatientDemographics = {
  patientId: 'P-0042',
  issuer: 'CHU-NANTES',
  name: 'DUPONT^Marie',
  birthDate: null,
  sex: 'F',
};

interface RawPatient {
  id: string;
  patient_id: string;
  patient_id_key_id: string | null;
  patient_id_hash: string | null;
  patient_id_hash_key_id: string | null;
  issuer: string;
}

async function rawPatients(): Promise<RawPatient[]> {
  return (await t.pool.query<RawPatient>('SELECT * FROM patient ORDER BY id')).rows;
}

describe('patient id hash', () => {
  test('upsertPatient stores the PatientID sealed with a keyed hash beside it: the raw table shows no PatientID, and a second study of the same patient finds the same row', async () => {
    const first = await upsertPatient(t.pool, cipher, MARIE);
    const second = await upsertPatient(t.pool, cipher, { ...MARIE, birthDate: '19640312' });
    expect(second).toEqual(first);
    // The same PatientID from another issuer is another patient.
    const other = await upsertPatient(t.pool, cipher, { ...MARIE, issuer: '' });
    expect(other.id).not.toBe(first.id);

    const rows = await rawPatients();
    expect(rows.map((r) => r.id)).toEqual([first.id, other.id]);
    expect(JSON.stringify(rows)).not.toContain('P-0042');
    const active = cipher.activeKeyId;
    for (const row of rows) {
      expect(row.patient_id.startsWith(SEALED_PREFIX)).toBe(true);
      expect(row).toMatchObject({ patient_id_key_id: active, patient_id_hash_key_id: active });
      expect(row.patient_id_hash).toMatch(new RegExp(`^${active}:[0-9a-f]{64}$`));
    }
    expect(rows[0]!.patient_id_hash).toBe(patientIdHash(cipher.keyring, MARIE));
    // Without the keyring, the hash says nothing: another key gives another one.
    expect(patientIdHash(Keyring.generate(), MARIE).split(':')[1]).not.toBe(
      rows[0]!.patient_id_hash!.split(':')[1],
    );

    expect(await findPatient(t.pool, cipher, 'P-0042', 'CHU-NANTES')).toEqual({
      ...MARIE,
      ...first,
      birthDate: '19640312',
    });
    expect(openPatientId(cipher, { id: first.id, patientId: rows[0]!.patient_id })).toBe('P-0042');
    // A sealed PatientID moved to another row does not open there.
    expect(() => openPatientId(cipher, { id: other.id, patientId: rows[0]!.patient_id })).toThrow(
      SealedDataError,
    );
    // The hash is what makes a patient unique.
    await expect(
      t.pool.query('UPDATE patient SET patient_id_hash = $1 WHERE id = $2', [
        rows[0]!.patient_id_hash,
        other.id,
      ]),
    ).rejects.toThrow(/patient_id_hash_idx/);
    await expect(
      t.pool.query('UPDATE patient SET patient_id_hash = NULL WHERE id = $1', [other.id]),
    ).rejects.toThrow('patient.patient_id_hash must be set by the bridge');
  });

  test('resealPatients, as the bridge runs it at start, seals and hashes the patients stored before migration 012, who are found afterwards; until then no patient is created', async () => {
    // A patient as migration 006 left it: name sealed, PatientID in clear, no hash.
    const name = cipher.seal('BERNARD^Lucie', 'patient.name:["CHU","P-OLD"]');
    await t.superuser(`ALTER TABLE patient DISABLE TRIGGER patient_sealed;
      INSERT INTO patient (patient_id, issuer, name, site) VALUES ('P-OLD', 'CHU', '${name}', 'main');
      ALTER TABLE patient ENABLE TRIGGER patient_sealed`);
    const [old] = await rawPatients();
    expect(old).toMatchObject({ patient_id: 'P-OLD', patient_id_hash: null, patient_id_key_id: null });

    // A lookup cannot find them yet: creating any patient could duplicate them, so none is.
    expect(await findPatient(t.pool, cipher, 'P-OLD', 'CHU')).toBeUndefined();
    await expect(
      upsertPatient(t.pool, cipher, { ...MARIE, patientId: 'P-OLD', issuer: 'CHU' }),
    ).rejects.toThrow(
      'patients stored before migration 012 have no PatientID hash yet: restart the bridge, which hashes them; no patient is created meanwhile',
    );

    expect(await resealPatients(t.pool, cipher, { unhashedOnly: true })).toEqual({
      table: 'patient',
      rewrapped: 0,
      sealed: 1,
      rehashed: 1,
    });
    const [hashed] = await rawPatients();
    expect(JSON.stringify(hashed)).not.toContain('P-OLD');
    expect(hashed).toMatchObject({
      id: old!.id,
      patient_id_hash: patientIdHash(cipher.keyring, { patientId: 'P-OLD', issuer: 'CHU' }),
    });
    expect(await findPatient(t.pool, cipher, 'P-OLD', 'CHU')).toMatchObject({
      id: old!.id,
      patientId: 'P-OLD',
      name: 'BERNARD^Lucie',
    });
    expect((await upsertPatient(t.pool, cipher, { ...MARIE, patientId: 'P-OLD', issuer: 'CHU' })).id).toBe(
      old!.id,
    );
    expect(await rawPatients()).toHaveLength(1);
    // The next start finds nothing left to do.
    expect(await resealPatients(t.pool, cipher, { unhashedOnly: true })).toMatchObject({
      sealed: 0,
      rehashed: 0,
    });
  });

  test('resealPatients after a key rotation hashes every patient under the new key: the patient is still found, and a bridge whose keyring lacks the new key creates no duplicate', async () => {
    const ref = await upsertPatient(t.pool, cipher, { ...MARIE, birthDate: '19640312' });
    const rotated = new FieldCipher(cipher.keyring.withNewActiveKey());
    // Before the rotation reaches the row, the new keyring finds it by its hash under the old key.
    expect((await findPatient(t.pool, rotated, 'P-0042', 'CHU-NANTES'))?.id).toBe(ref.id);

    expect(await resealPatients(t.pool, rotated)).toEqual({
      table: 'patient',
      rewrapped: 3,
      sealed: 0,
      rehashed: 1,
    });
    const [row] = await rawPatients();
    expect(row).toMatchObject({
      patient_id_key_id: rotated.activeKeyId,
      patient_id_hash_key_id: rotated.activeKeyId,
      patient_id_hash: patientIdHash(rotated.keyring, MARIE),
    });
    expect(await findPatient(t.pool, rotated, 'P-0042', 'CHU-NANTES')).toMatchObject({
      id: ref.id,
      patientId: 'P-0042',
      name: 'DUPONT^Marie',
      birthDate: '19640312',
    });
    expect(await upsertPatient(t.pool, rotated, MARIE)).toEqual(ref);

    // A bridge started before the rotation no longer finds the patient, and refuses to create them again.
    expect(await findPatient(t.pool, cipher, 'P-0042', 'CHU-NANTES')).toBeUndefined();
    await expect(upsertPatient(t.pool, cipher, MARIE)).rejects.toThrow(
      `patients are hashed under master key ${rotated.activeKeyId}, which this process's keyring lacks`,
    );
    expect(await rawPatients()).toHaveLength(1);
    expect(await resealPatients(t.pool, rotated)).toEqual({
      table: 'patient',
      rewrapped: 0,
      sealed: 0,
      rehashed: 0,
    });
  });
});
