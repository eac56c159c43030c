/**
 * The one module that reads and writes consultations. Their note and answer are free text about a
 * patient, which a later issue encrypts: keeping every access here makes that change local.
 */
import type { Queryable } from './pool';
import type { ReaderRef } from './readers';

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

function toConsultation(row: ConsultationRow): Consultation {
  return {
    id: row.id,
    studyInstanceUid: row.study_instance_uid,
    requester: { login: row.requester_login, displayName: row.requester_display_name },
    colleague: { login: row.colleague_login, displayName: row.colleague_display_name },
    note: row.note,
    answer: row.answer,
    createdAt: row.created_at,
    answeredAt: row.answered_at,
  };
}

/** Consultations (`c`, or a CTE named c) with their two readers' names. */
const WITH_READERS = `SELECT c.*, rq.login AS requester_login, rq.display_name AS requester_display_name,
    co.login AS colleague_login, co.display_name AS colleague_display_name
  FROM c JOIN reader rq ON rq.id = c.requester_id JOIN reader co ON co.id = c.colleague_id`;

async function many(db: Queryable, cte: string, values: unknown[]): Promise<Consultation[]> {
  const { rows } = await db.query<ConsultationRow>(
    `WITH c AS (${cte}) ${WITH_READERS} ORDER BY c.created_at DESC, c.id DESC`,
    values,
  );
  return rows.map(toConsultation);
}

export async function insertConsultation(db: Queryable, c: NewConsultation): Promise<Consultation> {
  const [inserted] = await many(
    db,
    `INSERT INTO consultation (study_instance_uid, requester_id, colleague_id, note)
     VALUES ($1, $2, $3, $4) RETURNING *`,
    [c.studyInstanceUid, c.requesterId, c.colleagueId, c.note],
  );
  return inserted!;
}

/** The consultation and the row id of the colleague asked (who alone may answer). */
export async function findConsultation(
  db: Queryable,
  id: string,
): Promise<{ consultation: Consultation; colleagueId: string } | undefined> {
  const { rows } = await db.query<ConsultationRow>(
    `WITH c AS (SELECT * FROM consultation WHERE id = $1) ${WITH_READERS}`,
    [id],
  );
  return rows[0] && { consultation: toConsultation(rows[0]), colleagueId: rows[0].colleague_id };
}

/** Records the answer; undefined when the consultation does not exist or was already answered. */
export async function answerConsultation(
  db: Queryable,
  id: string,
  answer: string,
): Promise<Consultation | undefined> {
  const [answered] = await many(
    db,
    `UPDATE consultation SET answer = $2, answered_at = now() WHERE id = $1 AND answer IS NULL RETURNING *`,
    [id, answer],
  );
  return answered;
}

/** What a reader was asked (incoming) and asked others (outgoing), the newest first. */
export async function listReaderConsultations(
  db: Queryable,
  readerId: string,
): Promise<{ incoming: Consultation[]; outgoing: Consultation[] }> {
  const [incoming, outgoing] = await Promise.all([
    many(db, 'SELECT * FROM consultation WHERE colleague_id = $1', [readerId]),
    many(db, 'SELECT * FROM consultation WHERE requester_id = $1', [readerId]),
  ]);
  return { incoming, outgoing };
}

/** Every consultation about a study, the newest first. */
export function listStudyConsultations(db: Queryable, studyInstanceUid: string): Promise<Consultation[]> {
  return many(db, 'SELECT * FROM consultation WHERE study_instance_uid = $1', [studyInstanceUid]);
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
