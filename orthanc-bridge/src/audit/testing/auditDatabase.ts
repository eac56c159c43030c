/**
 * The audit trail's tests: one private PostgreSQL per test file (no Redis nor Orthanc), a fresh
 * migrated database per test. Call useAuditDatabase() at the top of a test file: it registers the
 * jest hooks.
 */
import { readFileSync } from 'node:fs';
import { startPostgres, type PostgresHandle } from '@sentinelle/config';
import type { Pool } from 'pg';
import { appendAuditEvent, type AuditEntry, type AuditEventInput, type AuditStore } from '../auditLog';
import { FieldCipher, Keyring } from '../../crypto';
import { migrate } from '../../db/migrate';
import { createPool } from '../../db/pool';
import { freshDatabase, testKeyringPath } from '../../testing/harness';

export interface AuditDatabase {
  /** The test's database, migrated: the app role's URL, which the pool uses too (as the bridge does). */
  readonly url: string;
  readonly pool: Pool;
  /** The tests' keyring (testKeyringPath: the audit commands load it too): audit keys, sealed detail. */
  readonly cipher: FieldCipher;
  /** The trail as appendAuditEvent and listAuditEvents take it: the pool and the cipher. */
  readonly store: AuditStore;
  /** Runs SQL as the cluster's superuser, the way someone tampering would. */
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
  const keyringPath = testKeyringPath();
  const cipher = new FieldCipher(Keyring.parse(readFileSync(keyringPath, 'utf8'), keyringPath));

  beforeAll(async () => {
    postgres = await startPostgres({ ephemeral: true });
  });
  afterAll(async () => {
    await postgres?.stop();
  });
  beforeEach(async () => {
    db = await freshDatabase(postgres);
    // Migrated by the owner role, used by the app role: as the private stack does.
    const owner = createPool(db.ownerUrl, { max: 1 });
    try {
      await migrate(owner);
    } finally {
      await owner.end();
    }
    pool = createPool(db.url, { max: 10 });
  });
  afterEach(async () => {
    await pool?.end();
    await db?.drop();
  });

  const superuser = (sql: string) => db.superuser(sql);

  return {
    get url() {
      return db.url;
    },
    get pool() {
      return pool;
    },
    cipher,
    get store() {
      return { pool, cipher };
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
          await appendAuditEvent(
            { pool, cipher },
            {
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
            },
          ),
        );
      }
      return entries;
    },
  };
}
