import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '@sentinelle/config';
import { screeningReport } from '@sentinelle/reporting/testing/report';
import { ensureKeyring, FieldCipher, loadKeyring, SEALED_PREFIX, sealFile } from '../../crypto';
import {
  answerConsultation,
  findConsultation,
  insertConsultation,
} from '../../consultations/consultationStore';
import { listModelViews, saveModelViews } from '../../studies/modelViewStore';
import { findPatient, upsertPatient } from '../../patients/patientStore';
import {
  findReportPdf,
  insertReportDraft,
  markReportSigned,
  reportPdfContext,
} from '../../reports/reportStore';
import { findStudy, upsertStudy } from '../../studies/studyStore';
import { useAuditDatabase } from '../../audit/testing/auditDatabase';

const t = useAuditDatabase();
const STUDY = '1.2.826.0.1.3680043.2.1125.9';

let dir: string;
let keyringPath: string;
let cipher: FieldCipher;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sentinelle-rotate-'));
  keyringPath = join(dir, 'keyring.json');
  cipher = new FieldCipher((await ensureKeyring(keyringPath)).keyring);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs keys:rotate as npm does (node with tsx's loader) on the test's database and keyring. */
function rotate(...args: string[]): Promise<Ran> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        '--import',
        'tsx',
        join('orthanc-bridge', 'src', 'keys', 'cli', 'rotateKeys.ts'),
        '--database-url',
        t.url,
        '--keyring',
        keyringPath,
        ...args,
      ],
      { cwd: REPO_ROOT, env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const SIGNED_PDF = Buffer.from('%PDF-1.7 a signed report, for the test');
/** A model view's PNG: its signature, then a chunk name. */
const MODEL_VIEW_PNG = Buffer.from('\x89PNG\r\n\x1a\nIHDR a model view, for the test', 'latin1');
const MODEL_VIEW = {
  sopInstanceUid: `${STUDY}.2.1`,
  png: new Uint8Array(MODEL_VIEW_PNG),
  width: 64,
  height: 80,
  imageColumns: 640,
  imageRows: 800,
};

/**
 * Two patients (PatientID, name, birth date), two consultations (one answered), an account's TOTP
 * secret, a signed report (content and PDF), a study (accession number, date, description) and a
 * model view (its PNG), all sealed: 16 values.
 */
async function sealSome(): Promise<{
  consultations: string[];
  account: string;
  report: string;
  analysis: string;
}> {
  for (const [patientId, name] of [
    ['P-1', 'DUPONT^Marie'],
    ['P-2', 'LEROY^Anne'],
  ] as const)
    await upsertPatient(t.pool, cipher, { patientId, issuer: '', name, birthDate: '19640312', sex: 'F' });
  await upsertStudy(t.pool, cipher, {
    studyInstanceUid: STUDY,
    orthancId: 'orthanc-9',
    patientRef: null,
    accessionNumber: 'ACC-2026-0042',
    studyDate: '2026-11-24',
    description: 'Mammographie de dépistage',
    modalities: ['MG'],
    views: ['LCC'],
  });
  const analysis = await t.pool.query<{ id: string }>(
    `INSERT INTO analysis (study_instance_uid, model_id, model_version, status, priority, requested_priority, job_id)
     VALUES ($1, 'mammo', '1.0', 'done', 'screening', 'screening', $2) RETURNING id::text`,
    [STUDY, `${STUDY}:1.0`],
  );
  await saveModelViews(t.pool, cipher.keyring, { analysisId: analysis.rows[0]!.id, revision: 1 }, [
    MODEL_VIEW,
  ]);
  const { rows } = await t.pool.query<{ id: string }>(
    `INSERT INTO user_account (login, person_name, display_name) VALUES
       ('dr.martin', 'Martin^Claire', 'Dr Claire Martin'), ('dr.bernard', 'Bernard^Paul', 'Dr Paul Bernard')
     RETURNING id::text`,
  );
  const [martin, bernard] = rows.map((r) => r.id) as [string, string];
  const consultations: string[] = [];
  for (const note of ['ACR 4 ?', 'Microcalcifications ?']) {
    const asked = await insertConsultation(t.pool, cipher, {
      studyInstanceUid: STUDY,
      requesterId: martin,
      colleagueId: bernard,
      note,
    });
    consultations.push(asked.id);
  }
  await answerConsultation(t.pool, cipher, consultations[0]!, 'ACR 4');
  await t.pool.query('UPDATE user_account SET totp_secret = $2 WHERE id = $1', [
    bernard,
    cipher.seal('JBSWY3DPEHPK3PXP', `user_account.totp_secret:${bernard}`),
  ]);
  const draft = await insertReportDraft(t.pool, cipher, {
    studyInstanceUid: STUDY,
    version: 1,
    amendsId: null,
    content: screeningReport('fr').content,
    authorId: martin,
  });
  await markReportSigned(t.pool, cipher, {
    id: draft.id,
    signerId: martin,
    signedAt: new Date(),
    pdf: SIGNED_PDF,
    sr: { seriesInstanceUid: `${STUDY}.1`, sopInstanceUid: `${STUDY}.1.1` },
    template: { site: 'main', version: 1 },
  });
  return { consultations, account: bernard, report: draft.id, analysis: analysis.rows[0]!.id };
}

/** Every key id column of the sealed values, non-null ones only. */
async function keyIds(): Promise<string[]> {
  const { rows } = await t.pool.query<{ key_id: string }>(
    `SELECT key_id FROM (
       SELECT name_key_id AS key_id FROM patient UNION ALL SELECT birth_date_key_id FROM patient
       UNION ALL SELECT patient_id_key_id FROM patient
       UNION ALL SELECT note_key_id FROM consultation UNION ALL SELECT answer_key_id FROM consultation
       UNION ALL SELECT totp_secret_key_id FROM user_account
       UNION ALL SELECT content_key_id FROM report UNION ALL SELECT pdf_key_id FROM report
       UNION ALL SELECT accession_number_key_id FROM study UNION ALL SELECT study_date_key_id FROM study
       UNION ALL SELECT description_key_id FROM study UNION ALL SELECT png_key_id FROM analysis_model_view) k
     WHERE key_id IS NOT NULL`,
  );
  return rows.map((r) => r.key_id);
}

describe('keys:rotate', () => {
  test('keys:rotate adds an active key and re-wraps every sealed value under it, batch by batch; the values still open', async () => {
    const { consultations, account, report, analysis } = await sealSome();
    const pdfBefore = await t.pool.query<{ pdf: Buffer }>('SELECT pdf FROM report');
    const before = await t.pool.query<{ note: string }>('SELECT note FROM consultation ORDER BY id');
    const oldKey = cipher.activeKeyId;
    expect(await keyIds()).toEqual(Array(16).fill(oldKey));

    const ran = await rotate('--batch-size', '1');
    const keyring = await loadKeyring(keyringPath);
    const newKey = keyring.activeKeyId;
    expect(newKey).not.toBe(oldKey);
    expect(keyring.keyIds).toEqual([oldKey, newKey]);
    expect(ran).toEqual({
      code: 0,
      stdout: [
        `new active key ${newKey} in ${keyringPath}`,
        'patient: 6 values re-wrapped, 0 plaintext values sealed, 2 PatientID hashes recomputed',
        'consultation: 3 values re-wrapped, 0 plaintext values sealed',
        'user_account: 1 value re-wrapped, 0 plaintext values sealed',
        'report: 1 value re-wrapped, 0 plaintext values sealed',
        'study: 3 values re-wrapped, 0 plaintext values sealed',
        'patient_identity_conflict: 0 values re-wrapped, 0 plaintext values sealed',
        'report_subject: 0 values re-wrapped, 0 plaintext values sealed',
        'audit_event: 0 values re-wrapped, 0 plaintext values sealed',
        'report.pdf: 1 file re-wrapped, 0 plaintext files sealed',
        'analysis_model_view.png: 1 file re-wrapped, 0 plaintext files sealed',
        `sealed values per master key: ${newKey} 16`,
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(await keyIds()).toEqual(Array(16).fill(newKey));
    // The PatientIDs' hashes are under the new key: a lookup under either keyring finds the patient.
    const hashes = await t.pool.query<{ key_id: string }>(
      'SELECT patient_id_hash_key_id AS key_id FROM patient',
    );
    expect(hashes.rows.map((r) => r.key_id)).toEqual([newKey, newKey]);

    // Envelopes: the wrapped data key changed, the encrypted note did not.
    const after = await t.pool.query<{ note: string }>('SELECT note FROM consultation ORDER BY id');
    const dataPart = (sealed: string) => sealed.split(':').at(-1);
    expect(after.rows.map((r) => dataPart(r.note))).toEqual(before.rows.map((r) => dataPart(r.note)));
    expect(after.rows[0]!.note).not.toBe(before.rows[0]!.note);

    const rotated = new FieldCipher(keyring);
    expect(await findPatient(t.pool, rotated, 'P-2', '')).toMatchObject({
      name: 'LEROY^Anne',
      birthDate: '19640312',
    });
    expect((await findConsultation(t.pool, rotated, consultations[0]!))?.consultation).toMatchObject({
      note: 'ACR 4 ?',
      answer: 'ACR 4',
    });
    const { rows } = await t.pool.query<{ totp_secret: string }>(
      'SELECT totp_secret FROM user_account WHERE id = $1',
      [account],
    );
    expect(rotated.open(rows[0]!.totp_secret, `user_account.totp_secret:${account}`)).toBe(
      'JBSWY3DPEHPK3PXP',
    );

    // The signed PDF: its data key re-wrapped, its encrypted bytes (after the wrapped key) unchanged,
    // and it opens under the new key. Any other change to a signed PDF is still refused.
    const pdfAfter = await t.pool.query<{ pdf: Buffer }>('SELECT pdf FROM report');
    const payload = (sealed: Buffer) => sealed.subarray(sealed.length - SIGNED_PDF.length - 28);
    expect(pdfAfter.rows[0]!.pdf.equals(pdfBefore.rows[0]!.pdf)).toBe(false);
    expect(payload(pdfAfter.rows[0]!.pdf).equals(payload(pdfBefore.rows[0]!.pdf))).toBe(true);
    expect(await findReportPdf(t.pool, rotated, STUDY, 1)).toEqual(SIGNED_PDF);
    expect(await findStudy(t.pool, rotated, STUDY)).toMatchObject({
      accessionNumber: 'ACC-2026-0042',
      studyDate: '2026-11-24',
      description: 'Mammographie de dépistage',
    });
    expect(await listModelViews(t.pool, keyring, { analysisId: analysis, revision: 1 })).toEqual([
      MODEL_VIEW,
    ]);
    await expect(
      t.pool.query('UPDATE report SET pdf = $2 WHERE id = $1', [
        report,
        sealFile(keyring, Buffer.from('%PDF-1.7 another report'), reportPdfContext(report)),
      ]),
    ).rejects.toThrow(/signed/);
  });

  test('keys:rotate seals the plaintext left from before encryption; with --keep-key it adds no key', async () => {
    await sealSome();
    await t.superuser(`ALTER TABLE patient DISABLE TRIGGER patient_sealed;
      INSERT INTO patient (patient_id, issuer, name, birth_date) VALUES ('P-OLD', 'CHU', 'BERNARD^Lucie', '19580101');
      ALTER TABLE patient ENABLE TRIGGER patient_sealed;
      ALTER TABLE consultation DISABLE TRIGGER consultation_sealed;
      UPDATE consultation SET note = 'Lésion stable chez Mme DUPONT ?' WHERE answer IS NULL;
      ALTER TABLE consultation ENABLE TRIGGER consultation_sealed`);

    const ran = await rotate('--keep-key');
    expect(ran.code).toBe(0);
    expect(ran.stdout.split('\n').slice(0, 4)).toEqual([
      `active key ${cipher.activeKeyId} in ${keyringPath}`,
      'patient: 0 values re-wrapped, 3 plaintext values sealed, 1 PatientID hash recomputed',
      'consultation: 0 values re-wrapped, 1 plaintext value sealed',
      'user_account: 0 values re-wrapped, 0 plaintext values sealed',
    ]);
    expect((await loadKeyring(keyringPath)).keyIds).toEqual([cipher.activeKeyId]);

    const { rows } = await t.pool.query<{
      patient_id: string;
      name: string;
      birth_date: string;
      name_key_id: string;
    }>(`SELECT patient_id, name, birth_date, name_key_id FROM patient WHERE issuer = 'CHU'`);
    expect(rows[0]!.name.startsWith(SEALED_PREFIX)).toBe(true);
    expect(rows[0]!.patient_id.startsWith(SEALED_PREFIX)).toBe(true);
    expect(rows[0]!.birth_date).not.toContain('1958');
    expect(rows[0]!.name_key_id).toBe(cipher.activeKeyId);
    expect(await findPatient(t.pool, cipher, 'P-OLD', 'CHU')).toMatchObject({
      name: 'BERNARD^Lucie',
      birthDate: '19580101',
    });
    const notes = await t.pool.query<{ note: string }>('SELECT note FROM consultation WHERE answer IS NULL');
    expect(notes.rows[0]!.note).not.toContain('DUPONT');
    expect(await keyIds()).toEqual(Array(19).fill(cipher.activeKeyId));

    expect((await rotate('--keep-key')).stdout).toContain(
      'patient: 0 values re-wrapped, 0 plaintext values sealed',
    );
  });

  test('keys:rotate seals the study values and model-view PNGs stored in plaintext before migration 011', async () => {
    const { analysis } = await sealSome();
    const OLD_STUDY = `${STUDY}.7`;
    await t.superuser(`ALTER TABLE study DISABLE TRIGGER study_sealed;
      INSERT INTO study (study_instance_uid, orthanc_id, accession_number, study_date, description)
        VALUES ('${OLD_STUDY}', 'orthanc-7', 'ACC-2025-0007', '2025-03-04', 'Mammographie bilatérale');
      ALTER TABLE study ENABLE TRIGGER study_sealed;
      ALTER TABLE analysis_model_view DISABLE TRIGGER analysis_model_view_sealed;
      UPDATE analysis_model_view SET png = '\\x${MODEL_VIEW_PNG.toString('hex')}'::bytea;
      ALTER TABLE analysis_model_view ENABLE TRIGGER analysis_model_view_sealed`);
    const before = await t.pool.query<{ plain: boolean }>(
      'SELECT png = $1 AS plain FROM analysis_model_view',
      [MODEL_VIEW_PNG],
    );
    expect(before.rows).toEqual([{ plain: true }]);

    const ran = await rotate('--keep-key');
    expect(ran.code).toBe(0);
    expect(ran.stdout.split('\n').filter((line) => /^(study|analysis_model_view\.png):/.test(line))).toEqual([
      'study: 0 values re-wrapped, 3 plaintext values sealed',
      'analysis_model_view.png: 0 files re-wrapped, 1 plaintext file sealed',
    ]);

    const raw = await t.pool.query<Record<string, string | Buffer | null>>(
      `SELECT s.accession_number, s.study_date, s.description, v.png, position('\\x89504e47'::bytea IN v.png) AS signature_at
       FROM study s, analysis_model_view v WHERE s.study_instance_uid = $1`,
      [OLD_STUDY],
    );
    const text = JSON.stringify(raw.rows);
    for (const plain of ['ACC-2025', '2025-03-04', 'bilatérale', 'IHDR']) expect(text).not.toContain(plain);
    expect(raw.rows[0]!.signature_at).toBe(0);
    expect(await keyIds()).toEqual(Array(19).fill(cipher.activeKeyId));
    expect(await findStudy(t.pool, cipher, OLD_STUDY)).toMatchObject({
      accessionNumber: 'ACC-2025-0007',
      studyDate: '2025-03-04',
      description: 'Mammographie bilatérale',
    });
    expect(await listModelViews(t.pool, cipher.keyring, { analysisId: analysis, revision: 1 })).toEqual([
      MODEL_VIEW,
    ]);
  });

  test('keys:rotate refuses a keyring other users can read, and changes nothing', async () => {
    await sealSome();
    await chmod(keyringPath, 0o644);
    const ran = await rotate();
    expect(ran).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `keys:rotate: the keyring ${keyringPath} is accessible to other users (mode 0644): run chmod 600 ${keyringPath}, and replace its keys if someone may have read them\n`,
    });
    expect(await keyIds()).toEqual(Array(16).fill(cipher.activeKeyId));
  });
});
