/**
 * The audit trail's tests: one private PostgreSQL per test file (no Redis nor Orthanc), a fresh
 * migrated database per test. Call useAuditDatabase() at the top of a test file: it registers the
 * jest hooks.
 */
import { startPostgres, type PostgresHandle } from '@sentinelle/config';
import type { Pool } from 'pg';
import { appendAuditEvent, type AuditEntry, type AuditEventInput } from '../audit/auditLog';
import { migrate } from '../db/migrate';
import { createPool } from '../db/pool';
import { freshDatabase } from './harness';

export interface AuditDatabase {
  /** The test's database, migrated. */
  readonly url: string;
  readonly pool: Pool;
  /** Runs SQL as the superuser that owns the database, the way someone tampering would. */
  superuser(sql: string): Promise<void>;
  /** Runs SQL as the superuser with the append-only trigger disabled meanwhile. */
  tamper(sql: string): Promise<void>;
  /** Appends `count` entries one after another (dr.martin reads study 1.2.<n> of patient P<n % 2>). */
  appendSome(count: number, overrides?: Partial<AuditEventInput>): Promise<AuditEntry[]>;
}

export function useAuditDatabase(): AuditDatabase {
  let postgres: PostgresHandle;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let pool: Pool;

  beforeAll(async () => {
    postgres = await startPostgres({ ephemeral: true });
  });
  afterAll(async () => {
    await postgres?.stop();
  });
  beforeEach(async () => {
    db = await freshDatabase(postgres);
    pool = createPool(db.url, { max: 10 });
    await migrate(pool);
  });
  afterEach(async () => {
    await pool?.end();
    await db?.drop();
  });

  const superuser = async (sql: string) => {
    // The pool connects as the private server's initdb superuser.
    const { rows } = await pool.query<{ rolsuper: boolean }>(
      'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
    );
    if (!rows[0]?.rolsuper) throw new Error('the test database user is not a superuser');
    await pool.query(sql);
  };

  return {
    get url() {
      return db.url;
    },
    get pool() {
      return pool;
    },
    superuser,
    tamper: (sql) =>
      superuser(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
        ${sql};
        ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;`),
    async appendSome(count, overrides = {}) {
      const entries: AuditEntry[] = [];
      for (let n = 1; n <= count; n++) {
        entries.push(
          await appendAuditEvent(pool, {
            actor: 'dr.martin',
            actorRole: 'radiologist',
            action: 'read',
            resourceType: 'study',
            resourceId: `1.2.${n}`,
            patientId: `P${n % 2}`,
            sourceIp: '127.0.0.1',
            userAgent: 'jest',
            outcome: 'success',
            httpStatus: 200,
            detail: { n },
            ...overrides,
          }),
        );
      }
      return entries;
    },
  };
}
