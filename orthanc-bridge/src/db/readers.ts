import type { Queryable } from './pool';

/** A person who reads studies (a radiologist). */
export interface Reader {
  /** Row id (a bigint, as a decimal string). */
  readonly id: string;
  /** What the X-Sentinelle-Reader header names, e.g. "dr.martin". */
  readonly login: string;
  /** DICOM PN, e.g. "Martin^Claire": the Person Observer Name of the reader's SRs. */
  readonly personName: string;
  /** For people, e.g. "Dr Claire Martin". */
  readonly displayName: string;
  readonly createdAt: Date;
}

/** How a recorded decision names its reader. */
export type ReaderRef = Pick<Reader, 'login' | 'displayName'>;

export interface NewReader {
  readonly login: string;
  readonly personName: string;
  readonly displayName: string;
}

/** The readers `npm start` creates for the demo (see BridgeConfig.demoReaders). */
export const DEMO_READERS: readonly NewReader[] = Object.freeze([
  { login: 'dr.martin', personName: 'Martin^Claire', displayName: 'Dr Claire Martin' },
  { login: 'dr.bernard', personName: 'Bernard^Paul', displayName: 'Dr Paul Bernard' },
]);

interface ReaderRow {
  id: string;
  login: string;
  person_name: string;
  display_name: string;
  created_at: Date;
}

function toReader(row: ReaderRow): Reader {
  return {
    id: row.id,
    login: row.login,
    personName: row.person_name,
    displayName: row.display_name,
    createdAt: row.created_at,
  };
}

/**
 * Creates the reader, or updates the names of the reader with this login; returns the row.
 * Logins are lowercase letters, digits, '.', '_' and '-' (the table refuses anything else).
 */
export async function ensureReader(db: Queryable, reader: NewReader): Promise<Reader> {
  const { rows } = await db.query<ReaderRow>(
    `INSERT INTO reader (login, person_name, display_name) VALUES ($1, $2, $3)
     ON CONFLICT (login) DO UPDATE SET person_name = EXCLUDED.person_name, display_name = EXCLUDED.display_name
     RETURNING *`,
    [reader.login, reader.personName, reader.displayName],
  );
  return toReader(rows[0]!);
}

export async function findReaderByLogin(db: Queryable, login: string): Promise<Reader | undefined> {
  const { rows } = await db.query<ReaderRow>('SELECT * FROM reader WHERE login = $1', [login]);
  return rows[0] && toReader(rows[0]);
}

/** Every reader, by display name. */
export async function listReaders(db: Queryable): Promise<Reader[]> {
  const { rows } = await db.query<ReaderRow>('SELECT * FROM reader ORDER BY display_name, login');
  return rows.map(toReader);
}
