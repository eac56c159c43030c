import type { Queryable } from '../db/pool';

/** The change feed the follower reads. */
export const ORTHANC_SOURCE = 'orthanc';

/** The cursor (last processed change) of `source`; -1 when it was never set. */
export async function getCursor(db: Queryable, source = ORTHANC_SOURCE): Promise<number> {
  const { rows } = await db.query<{ last_seq: string }>(
    'SELECT last_seq FROM change_cursor WHERE source = $1',
    [source],
  );
  return rows[0] ? Number(rows[0].last_seq) : -1;
}

/**
 * Locks the cursor row for the rest of the transaction and returns it (creating it at 0): two
 * followers (an old process still stopping, a new one starting) then never record a change twice.
 */
export async function lockCursor(db: Queryable, source = ORTHANC_SOURCE): Promise<number> {
  await db.query(
    'INSERT INTO change_cursor (source, last_seq) VALUES ($1, 0) ON CONFLICT (source) DO NOTHING',
    [source],
  );
  const { rows } = await db.query<{ last_seq: string }>(
    'SELECT last_seq FROM change_cursor WHERE source = $1 FOR UPDATE',
    [source],
  );
  return Number(rows[0]!.last_seq);
}

/** Moves the cursor forward to `seq` (never backward). */
export async function advanceCursor(db: Queryable, seq: number, source = ORTHANC_SOURCE): Promise<void> {
  await db.query(
    `INSERT INTO change_cursor (source, last_seq) VALUES ($1, $2)
     ON CONFLICT (source) DO UPDATE SET last_seq = GREATEST(change_cursor.last_seq, EXCLUDED.last_seq), updated_at = now()`,
    [source, seq],
  );
}

/** Sets the cursor to `seq`, backward included: the next poll replays the feed from there. */
export async function resetCursor(db: Queryable, seq: number, source = ORTHANC_SOURCE): Promise<void> {
  await db.query(
    `INSERT INTO change_cursor (source, last_seq) VALUES ($1, $2)
     ON CONFLICT (source) DO UPDATE SET last_seq = EXCLUDED.last_seq, updated_at = now()`,
    [source, seq],
  );
}
