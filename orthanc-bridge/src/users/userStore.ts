/**
 * The accounts of the people who sign in: role, site and care teams, permission changes, and the
 * credentials (argon2id password hash, TOTP second factor, recovery codes). Credentials are read
 * only by the sign-in code (findSignInRecord); everything else sees a UserAccount.
 */
import { PERMISSIONS, ROLES, type Permission, type PermissionChange, type Role } from '../auth/permissions';
import { toReader, type Reader, type ReaderRow } from './readerStore';
import type { Queryable } from '../db/pool';
import type { SealedTable } from '../db/sealedColumns';

/** Where an account's TOTP secret is sealed (the field cipher's context): bound to the account. */
export function totpSecretContext(userId: string): string {
  return `user_account.totp_secret:${userId}`;
}

/** Accounts' TOTP secrets (totpSecretContext). */
export const USER_ACCOUNT_SEALED: SealedTable<'totp_secret', never> = {
  table: 'user_account',
  keyColumns: [],
  sealedColumns: ['totp_secret'],
  context: (_column, row) => totpSecretContext(row.id),
};

export interface UserAccount extends Reader {
  readonly role: Role;
  readonly site: string;
  readonly careTeams: readonly string[];
  readonly permissionChanges: readonly PermissionChange[];
  readonly totpEnrolled: boolean;
  readonly disabled: boolean;
}

/** What signing in checks, beside the account. */
export interface SignInRecord {
  readonly account: UserAccount;
  readonly passwordHash: string | null;
  /** Sealed TOTP secret; null when not enrolled. */
  readonly totpSecret: string | null;
  readonly totpLastStep: number | null;
  readonly recoveryCodeHashes: readonly string[];
}

export interface NewUser {
  readonly login: string;
  readonly personName: string;
  readonly displayName: string;
  readonly role: Role;
  readonly site: string;
  readonly careTeams?: readonly string[];
}

interface UserRow extends ReaderRow {
  role: Role;
  site: string;
  care_teams: string[];
  password_hash: string | null;
  totp_secret: string | null;
  totp_last_step: string | null;
  recovery_code_hashes: string[];
  disabled_at: Date | null;
  changes: { permission: string; granted: boolean }[];
}

const SELECT_USER = `SELECT u.*, COALESCE(
    (SELECT json_agg(json_build_object('permission', c.permission, 'granted', c.granted))
     FROM user_permission_change c WHERE c.user_id = u.id), '[]') AS changes
  FROM user_account u`;

const KNOWN_PERMISSIONS: ReadonlySet<string> = new Set(PERMISSIONS);

function toAccount(row: UserRow): UserAccount {
  if (!ROLES.includes(row.role)) throw new Error(`account ${row.login} has an unknown role ${row.role}`);
  return {
    ...toReader(row),
    role: row.role,
    site: row.site,
    careTeams: row.care_teams,
    // A permission a later version no longer knows changes nothing.
    permissionChanges: row.changes
      .filter((c) => KNOWN_PERMISSIONS.has(c.permission))
      .map((c) => ({ permission: c.permission as Permission, granted: c.granted })),
    totpEnrolled: row.totp_secret !== null,
    disabled: row.disabled_at !== null,
  };
}

export async function findUserById(db: Queryable, id: string): Promise<UserAccount | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} WHERE u.id = $1`, [id]);
  return rows[0] && toAccount(rows[0]);
}

export async function findUserByLogin(db: Queryable, login: string): Promise<UserAccount | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} WHERE u.login = $1`, [login]);
  return rows[0] && toAccount(rows[0]);
}

export async function findSignInRecord(db: Queryable, login: string): Promise<SignInRecord | undefined> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} WHERE u.login = $1`, [login]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    account: toAccount(row),
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    recoveryCodeHashes: row.recovery_code_hashes,
  };
}

/** Every account, by display name. */
export async function listUsers(db: Queryable): Promise<UserAccount[]> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} ORDER BY u.display_name, u.login`);
  return rows.map(toAccount);
}

/**
 * Creates the account, or updates the names, role, site and care teams of the account with this
 * login; sets the password hash when one is given. Returns the account.
 */
export async function ensureUser(db: Queryable, user: NewUser, passwordHash?: string): Promise<UserAccount> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO user_account (login, person_name, display_name, role, site, care_teams, password_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (login) DO UPDATE SET person_name = EXCLUDED.person_name,
       display_name = EXCLUDED.display_name, role = EXCLUDED.role, site = EXCLUDED.site,
       care_teams = EXCLUDED.care_teams,
       password_hash = COALESCE(EXCLUDED.password_hash, user_account.password_hash), updated_at = now()
     RETURNING id`,
    [
      user.login,
      user.personName,
      user.displayName,
      user.role,
      user.site,
      [...(user.careTeams ?? [])],
      passwordHash ?? null,
    ],
  );
  return (await findUserById(db, rows[0]!.id))!;
}

/** The account signed in through an identity provider: found by issuer and subject, else created. */
export async function ensureOidcUser(
  db: Queryable,
  identity: { readonly issuer: string; readonly subject: string },
  user: NewUser,
): Promise<UserAccount> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO user_account (login, person_name, display_name, role, site, oidc_issuer, oidc_subject)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (oidc_issuer, oidc_subject) DO UPDATE SET person_name = EXCLUDED.person_name,
       display_name = EXCLUDED.display_name, role = EXCLUDED.role, site = EXCLUDED.site, updated_at = now()
     RETURNING id`,
    [user.login, user.personName, user.displayName, user.role, user.site, identity.issuer, identity.subject],
  );
  return (await findUserById(db, rows[0]!.id))!;
}

export async function setPasswordHash(db: Queryable, userId: string, hash: string): Promise<void> {
  await db.query('UPDATE user_account SET password_hash = $2, updated_at = now() WHERE id = $1', [
    userId,
    hash,
  ]);
}

export async function setDisabled(db: Queryable, userId: string, disabled: boolean): Promise<void> {
  await db.query(
    'UPDATE user_account SET disabled_at = CASE WHEN $2 THEN now() END, updated_at = now() WHERE id = $1',
    [userId, disabled],
  );
}

export async function updateAccountScope(
  db: Queryable,
  userId: string,
  change: { readonly role?: Role; readonly site?: string; readonly careTeams?: readonly string[] },
): Promise<void> {
  await db.query(
    `UPDATE user_account SET role = COALESCE($2, role), site = COALESCE($3, site),
       care_teams = COALESCE($4, care_teams), updated_at = now() WHERE id = $1`,
    [userId, change.role ?? null, change.site ?? null, change.careTeams ? [...change.careTeams] : null],
  );
}

/** Grants or revokes one permission for the account (replacing an earlier change of it). */
export async function setPermissionChange(
  db: Queryable,
  userId: string,
  change: PermissionChange,
  changedBy: string,
): Promise<void> {
  await db.query(
    `INSERT INTO user_permission_change (user_id, permission, granted, changed_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id, permission) DO UPDATE SET granted = EXCLUDED.granted,
       changed_by = EXCLUDED.changed_by, changed_at = now()`,
    [userId, change.permission, change.granted, changedBy],
  );
}

/** Back to the role's default for this permission. */
export async function clearPermissionChange(
  db: Queryable,
  userId: string,
  permission: Permission,
): Promise<void> {
  await db.query('DELETE FROM user_permission_change WHERE user_id = $1 AND permission = $2', [
    userId,
    permission,
  ]);
}

/** Confirms a TOTP enrolment: the sealed secret, the step of the confirming code, the recovery codes. */
export async function saveTotpEnrolment(
  db: Queryable,
  userId: string,
  enrolment: { readonly sealedSecret: string; readonly step: number; readonly recoveryCodeHashes: string[] },
): Promise<void> {
  await db.query(
    `UPDATE user_account SET totp_secret = $2, totp_last_step = $3, recovery_code_hashes = $4,
       updated_at = now() WHERE id = $1`,
    [userId, enrolment.sealedSecret, enrolment.step, enrolment.recoveryCodeHashes],
  );
}

/**
 * Records that a TOTP time step was used; false when it (or a later one) already was. Atomic, so
 * two sign-ins racing with the same code cannot both pass.
 */
export async function useTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE user_account SET totp_last_step = $2
     WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
    [userId, step],
  );
  return rowCount === 1;
}

/** Spends a recovery code; false when it was already spent. */
export async function useRecoveryCode(db: Queryable, userId: string, hash: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE user_account SET recovery_code_hashes = array_remove(recovery_code_hashes, $2)
     WHERE id = $1 AND $2 = ANY (recovery_code_hashes)`,
    [userId, hash],
  );
  return rowCount === 1;
}
