import type { Queryable } from '../db/pool';

/** A person who reads studies, as a validation, revision or consultation names them: an account. */
export interface Reader {
  /** Account row id (a bigint, as a decimal string). */
  readonly id: string;
  /** The sign-in login, e.g. "dr.martin". */
  readonly login: string;
  /** DICOM PN, e.g. "Martin^Claire": the Person Observer Name of the reader's SRs. */
  readonly personName: string;
  /** For people, e.g. "Dr Claire Martin". */
  readonly displayName: string;
  readonly createdAt: Date;
}

/** How a recorded decision names its reader. */
export type ReaderRef = Pick<Reader, 'login' | 'displayName'>;

/** The reader's columns of a user_account row. */
export interface ReaderRow {
  id: string;
  login: string;
  person_name: string;
  display_name: string;
  created_at: Date;
}

export function toReader(row: ReaderRow): Reader {
  return {
    id: row.id,
    login: row.login,
    personName: row.person_name,
    displayName: row.display_name,
    createdAt: row.created_at,
  };
}

// Readers are the clinical accounts still active: a sysadmin reads no study.
const READERS = `SELECT id, login, person_name, display_name, created_at FROM user_account
  WHERE role <> 'sysadmin' AND disabled_at IS NULL`;

/** The reader with this login; undefined for an unknown, disabled or non-clinical account. */
export async function findReaderByLogin(db: Queryable, login: string): Promise<Reader | undefined> {
  const { rows } = await db.query<ReaderRow>(`${READERS} AND login = $1`, [login]);
  return rows[0] && toReader(rows[0]);
}

/**
 * The readers of one site (the colleagues one can consult), by display name: the accounts of other
 * sites are not listed to anyone.
 */
export async function listSiteReaders(db: Queryable, site: string): Promise<Reader[]> {
  const { rows } = await db.query<ReaderRow>(`${READERS} AND site = $1 ORDER BY display_name, login`, [site]);
  return rows.map(toReader);
}
