/**
 * The one module that reads and writes consultations. Their note and answer are free text about a
 * patient, sealed (src/crypto) before they reach the table: the database holds ciphertext.
 */
import type { FieldCipher } from '../crypto';
import type { Queryable } from '../db/pool';
import type { ReaderRef } from '../users/readerStore';
import type { SealedTable } from '../db/sealedColumns';

/** A reader asking a colleague about a study, and the colleague's answer once given. */
export interface Consultation {
  readonly id: string;
  readonly studyInstanceUid: string;
  readonly requester: ReaderRef;
  readonly colleague: ReaderRef;
  readonly note: string;
  readonly answer: string | null;
  readonly createdAt: Date;
  readonly answeredAt: Date | null;
}

export interface NewConsultation {
  readonly studyInstanceUid: string;
  readonly requesterId: string;
  readonly colleagueId: string;
  readonly note: string;
}

interface ConsultationRow {
  id: string;
  study_instance_uid: string;
  requester_id: string;
  colleague_id: string;
  requester_login: string;
  requester_display_name: string;
  colleague_login: string;
  colleague_display_name: string;
  note: string;
  answer: string | null;
  created_at: Date;
  answered_at: Date | null;
}

type SealedColumn = 'note' | 'answer';

/** A value is sealed in the context of its column and row id: moved to another row, it does not open. */
function context(column: SealedColumn, id: string): string {
  return `consultation.${column}:${id}`;
}

/** The sealed columns of `consultation`, for a key rotation. */
export const CONSULTATION_SEALED: SealedTable<SealedColumn, never> = {
  table: 'consultation',
  keyColumns: [],
  sealedColumns: ['note', 'answer'],
  context: (column, row) => context(column, row.id),
};

function toConsultation(cipher: FieldCipher, row: ConsultationRow): Consultation {
  return {
    id: row.id,
    studyInstanceUid: row.study_instance_uid,
    requester: { login: row.requester_login, displayName: row.requester_display_name },
    colleague: { login: row.colleague_login, displayName: row.colleague_display_name },
    note: cipher.open(row.note, context('note', row.id)),
    answer: row.answer === null ? null : cipher.open(row.answer, context('answer', row.id)),
    createdAt: row.created_at,
    answeredAt: row.answered_at,
  };
}

/** Consultations (`c`, or a CTE named c) with their two readers' names. */
const WITH_READERS = `SELECT c.*, rq.login AS requester_login, rq.display_name AS requester_display_name,
    co.login AS colleague_login, co.display_name AS colleague_display_name
  FROM c JOIN user_account rq ON rq.id = c.requester_id JOIN user_account co ON co.id = c.colleague_id`;

async function many(
  db: Queryable,
  cipher: FieldCipher,
  cte: string,
  values: unknown[],
): Promise<Consultation[]> {
  const { rows } = await db.query<ConsultationRow>(
    `WITH c AS (${cte}) ${WITH_READERS} ORDER BY c.created_at DESC, c.id DESC`,
    values,
  );
  return rows.map((row) => toConsultation(cipher, row));
}

export async function insertConsultation(
  db: Queryable,
  cipher: FieldCipher,
  c: NewConsultation,
): Promise<Consultation> {
  // The note's context holds the row id: draw it before the insert.
  const { rows } = await db.query<{ id: string }>(
    `SELECT nextval(pg_get_serial_sequence('consultation', 'id'))::text AS id`,
  );
  const { id } = rows[0]!;
  const [inserted] = await many(
    db,
    cipher,
    `INSERT INTO consultation (id, study_instance_uid, requester_id, colleague_id, note)
     VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [id, c.studyInstanceUid, c.requesterId, c.colleagueId, cipher.seal(c.note, context('note', id))],
  );
  return inserted!;
}

/** The consultation and the row id of the colleague asked (who alone may answer). */
export async function findConsultation(
  db: Queryable,
  cipher: FieldCipher,
  id: string,
): Promise<{ consultation: Consultation; colleagueId: string } | undefined> {
  const { rows } = await db.query<ConsultationRow>(
    `WITH c AS (SELECT * FROM consultation WHERE id = $1) ${WITH_READERS}`,
    [id],
  );
  return rows[0] && { consultation: toConsultation(cipher, rows[0]), colleagueId: rows[0].colleague_id };
}

/** Records the answer; undefined when the consultation does not exist or was already answered. */
export async function answerConsultation(
  db: Queryable,
  cipher: FieldCipher,
  id: string,
  answer: string,
): Promise<Consultation | undefined> {
  const [answered] = await many(
    db,
    cipher,
    `UPDATE consultation SET answer = $2, answered_at = now() WHERE id = $1 AND answer IS NULL RETURNING *`,
    [id, cipher.seal(answer, context('answer', id))],
  );
  return answered;
}

/** What a reader was asked (incoming) and asked others (outgoing), the newest first. */
export async function listReaderConsultations(
  db: Queryable,
  cipher: FieldCipher,
  readerId: string,
): Promise<{ incoming: Consultation[]; outgoing: Consultation[] }> {
  const [incoming, outgoing] = await Promise.all([
    many(db, cipher, 'SELECT * FROM consultation WHERE colleague_id = $1', [readerId]),
    many(db, cipher, 'SELECT * FROM consultation WHERE requester_id = $1', [readerId]),
  ]);
  return { incoming, outgoing };
}

/** Every consultation about a study, the newest first. */
export function listStudyConsultations(
  db: Queryable,
  cipher: FieldCipher,
  studyInstanceUid: string,
): Promise<Consultation[]> {
  return many(db, cipher, 'SELECT * FROM consultation WHERE study_instance_uid = $1', [studyInstanceUid]);
}

/** Per study, how many questions to this reader are still unanswered (studies with none are absent). */
export async function countOpenConsultationsFor(
  db: Queryable,
  readerId: string,
  studyInstanceUids: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ study_instance_uid: string; open: number }>(
    `SELECT study_instance_uid, count(*)::int AS open FROM consultation
     WHERE colleague_id = $1 AND answer IS NULL AND study_instance_uid = ANY($2)
     GROUP BY study_instance_uid`,
    [readerId, studyInstanceUids],
  );
  return new Map(rows.map((r) => [r.study_instance_uid, r.open]));
}
