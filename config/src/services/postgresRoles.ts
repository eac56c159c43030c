import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LOOPBACK } from './ports';

/** A PostgreSQL login role and its password. */
const postgresAccountSchema = z.object({
  user: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lowercase role name'),
  password: z.string().min(16),
});
export type PostgresAccount = z.infer<typeof postgresAccountSchema>;

/**
 * The private cluster's three roles. `superuser`: initdb's, for administration only. `owner`: owns
 * the database and every object in it, runs the migrations. `app`: what the bridge and the worker
 * serve with; no superuser, owns nothing, DML only, so it cannot disable or drop a trigger (the
 * audit trail's append-only one) nor alter a table.
 */
export const postgresAccountsSchema = z.object({
  superuser: postgresAccountSchema,
  owner: postgresAccountSchema,
  app: postgresAccountSchema,
});
export type PostgresAccounts = z.infer<typeof postgresAccountsSchema>;

export const POSTGRES_ROLE_NAMES = {
  superuser: 'sentinelle',
  owner: 'sentinelle_owner',
  app: 'sentinelle_app',
};

/** A fresh password: URL-safe, so that it goes into a postgres:// URL as it is. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/** New accounts with the usual role names and generated passwords. */
export function generatePostgresAccounts(): PostgresAccounts {
  return {
    superuser: { user: POSTGRES_ROLE_NAMES.superuser, password: generatePassword() },
    owner: { user: POSTGRES_ROLE_NAMES.owner, password: generatePassword() },
    app: { user: POSTGRES_ROLE_NAMES.app, password: generatePassword() },
  };
}

/** postgres://USER:PASSWORD@127.0.0.1:PORT/DATABASE */
export function postgresUrl(
  account: PostgresAccount,
  port: number,
  database: string,
  host = LOOPBACK,
): string {
  const u = new URL(`postgres://${host}:${port}/`);
  u.username = account.user;
  u.password = account.password;
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * SQL (run as the superuser, in any database) that gives the superuser its password and creates or
 * resets the owner and app roles: login with a SCRAM password, nothing else.
 */
export function rolesSql(accounts: PostgresAccounts): string {
  const role = ({ user, password }: PostgresAccount) => `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(user)}) THEN CREATE ROLE ${ident(user)}; END IF;
END $$;
ALTER ROLE ${ident(user)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT
  PASSWORD ${literal(password)};`;
  return [
    "SET password_encryption = 'scram-sha-256';",
    `ALTER ROLE ${ident(accounts.superuser.user)} WITH PASSWORD ${literal(accounts.superuser.password)};`,
    role(accounts.owner),
    role(accounts.app),
  ].join('\n');
}

/**
 * SQL (run as the superuser, inside the database, which the owner owns) that gives the app role
 * DML on every table and sequence of the public schema, now and those the owner's later
 * migrations make; and hands over to the owner what an earlier version left to the superuser.
 */
export function appDatabaseSql(accounts: PostgresAccounts): string {
  const owner = ident(accounts.owner.user);
  const app = ident(accounts.app.user);
  return `
DO $$ DECLARE r record; BEGIN
  -- Tables, views and functions an earlier version (trust, one superuser) created.
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v')
      AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = ${literal(accounts.superuser.user)})
  LOOP EXECUTE format('ALTER TABLE %s OWNER TO %I', r.name, ${literal(accounts.owner.user)}); END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
      AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = ${literal(accounts.superuser.user)})
  LOOP EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.name, ${literal(accounts.owner.user)}); END LOOP;
END $$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO ${app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app};`;
}
