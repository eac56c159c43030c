/**
 * A trail written before migration 010 (unkeyed sha256 entries) and carried on after it: the old
 * entries stay verifiable as legacy up to the mark the migration set, and the first keyed entry
 * pins them.
 */
import { startPostgres, type PostgresHandle } from '@sentinelle/config';
import type { Pool } from 'pg';
import { FieldCipher, Keyring } from '../crypto';
import { migrate, MIGRATIONS_DIR } from '../db/migrate';
import { createPool } from '../db/pool';
import { freshDatabase, migrationsBefore, type OlderMigrations } from '../testing/harness';
import { entryHash, GENESIS_HASH, type ChainedFields } from './auditChain';
import { appendAuditEvent } from './auditLog';
import { verifyAuditChain } from './verifyAuditChain';

let postgres: PostgresHandle;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let pool: Pool;
let before010: OlderMigrations;
const cipher = new FieldCipher(Keyring.generate());

beforeAll(async () => {
  postgres = await startPostgres({ ephemeral: true });
  before010 = await migrationsBefore('010');
});
afterAll(async () => {
  await postgres?.stop();
  await before010?.remove();
});
beforeEach(async () => {
  db = await freshDatabase(postgres);
  pool = createPool(db.url, { max: 4 });
});
afterEach(async () => {
  await pool?.end();
  await db?.drop();
});

async function migrateWith(dir: string): Promise<void> {
  const owner = createPool(db.ownerUrl, { max: 1 });
  try {
    await migrate(owner, dir);
  } finally {
    await owner.end();
  }
}

const legacyEntry = (n: number, actor = 'dr.martin'): ChainedFields => ({
  id: String(n),
  occurredAt: `2025-03-04T09:15:0${n}.000000Z`,
  actor,
  actorRole: 'radiologist',
  action: 'read',
  resourceType: 'study',
  resourceId: `1.2.${n}`,
  patientId: 'P1',
  sourceIp: '127.0.0.1',
  userAgent: 'jest',
  outcome: 'success',
  httpStatus: 200,
  detail: { n },
});

/** SQL writing entries as the bridge did before migration 010: sha256 chained. */
function legacySql(entries: readonly ChainedFields[], prevHash: string, update = false): string {
  let prev = prevHash;
  return entries
    .map((e) => {
      const hash = entryHash(prev, e);
      const sql = update
        ? `UPDATE audit_event SET actor = '${e.actor}', prev_hash = '${prev}', hash = '${hash}' WHERE id = ${e.id}`
        : `INSERT INTO audit_event (id, occurred_at, actor, actor_role, action, resource_type, resource_id,
             patient_id, source_ip, user_agent, outcome, http_status, detail, prev_hash, hash)
           VALUES (${e.id}, '${e.occurredAt}', '${e.actor}', '${e.actorRole}', '${e.action}', '${e.resourceType}',
             '${e.resourceId}', '${e.patientId}', '${e.sourceIp}', '${e.userAgent}', '${e.outcome}', ${e.httpStatus},
             '${JSON.stringify(e.detail)}', '${prev}', '${hash}')`;
      prev = hash;
      return sql;
    })
    .join(';\n');
}

describe('legacy audit entries', () => {
  test('verifyAuditChain keeps entries from before migration 010 verifiable as legacy up to its mark, pinned by the first keyed entry', async () => {
    await migrateWith(before010.dir);
    const legacy = [1, 2, 3].map((n) => legacyEntry(n));
    await pool.query(legacySql(legacy, GENESIS_HASH));
    await db.superuser(`SELECT setval(pg_get_serial_sequence('audit_event', 'id'), 3)`);
    await migrateWith(MIGRATIONS_DIR);
    expect((await pool.query('SELECT last_legacy_id::int AS id FROM audit_chain_legacy')).rows[0].id).toBe(3);

    const store = { pool, cipher };
    const event = { actor: 'dr.martin', action: 'read', resourceType: 'study', outcome: 'success' } as const;
    const keyed = [await appendAuditEvent(store, event), await appendAuditEvent(store, event)];
    expect(keyed.map((e) => [e.id, e.chainKeyId])).toEqual([
      ['4', cipher.activeKeyId],
      ['5', cipher.activeKeyId],
    ]);
    expect(await verifyAuditChain(pool, { cipher })).toEqual({
      ok: true,
      checked: 5,
      head: { id: '5', hash: keyed[1]!.hash },
    });

    // No writer may append an unkeyed entry any more.
    await expect(pool.query(legacySql([legacyEntry(6)], keyed[1]!.hash))).rejects.toThrow(
      'audit_event entries are keyed (chain_key_id) since migration 010',
    );

    // A legacy entry edited and re-hashed with sha256 to the mark: the first keyed entry no longer follows.
    await db.superuser(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
      ${legacySql([legacyEntry(2, 'dr.bernard'), legacy[2]!], entryHash(GENESIS_HASH, legacy[0]!), true)};
      ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    expect((await verifyAuditChain(pool, { cipher })).firstBroken).toEqual({
      id: '4',
      kind: 'prev_hash',
      reason: 'prev_hash mismatch: it does not follow entry 3 (an entry before it was removed or reordered)',
    });
  });
});
