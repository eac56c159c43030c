import { useAuditDatabase } from './testing/auditDatabase';

// The pool is the app role's, as the bridge serves with it; the owner role ran the migrations.
const t = useAuditDatabase();

describe('the app role', () => {
  test('the app role cannot disable or drop the audit trail append-only triggers', async () => {
    for (const sql of [
      'ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only',
      'ALTER TABLE audit_event DISABLE TRIGGER ALL',
      'DROP TRIGGER audit_event_append_only ON audit_event',
      'DROP TRIGGER audit_event_no_truncate ON audit_event',
      'DROP TABLE audit_event',
    ])
      await expect(t.pool.query(sql)).rejects.toThrow(/must be owner of (table|relation) audit_event/);
    await expect(t.pool.query("SET session_replication_role = 'replica'")).rejects.toThrow(
      'permission denied to set parameter "session_replication_role"',
    );
    await expect(
      t.pool.query(
        'CREATE OR REPLACE FUNCTION sentinelle_append_only() RETURNS trigger LANGUAGE sql AS $$ SELECT NULL::trigger $$',
      ),
    ).rejects.toThrow(/permission denied for schema public|must be owner of function/);
    const { rows } = await t.pool.query<{ tgenabled: string }>(
      "SELECT tgenabled FROM pg_trigger WHERE tgname IN ('audit_event_append_only', 'audit_event_no_truncate')",
    );
    expect(rows).toEqual([{ tgenabled: 'O' }, { tgenabled: 'O' }]);
  });

  test('the app role cannot update, delete or truncate audit rows', async () => {
    await t.appendSome(2);
    await expect(t.pool.query(`UPDATE audit_event SET actor = 'mallory' WHERE id = 1`)).rejects.toThrow(
      'audit_event is append-only',
    );
    await expect(t.pool.query('DELETE FROM audit_event')).rejects.toThrow('audit_event is append-only');
    await expect(t.pool.query('TRUNCATE audit_event')).rejects.toThrow(
      'permission denied for table audit_event',
    );
    const { rows } = await t.pool.query<{ actor: string }>('SELECT actor FROM audit_event ORDER BY id');
    expect(rows).toEqual([{ actor: 'dr.martin' }, { actor: 'dr.martin' }]);
  });

  test('the app role is no superuser and owns no table, while it reads and writes every one', async () => {
    const { rows } = await t.pool.query<{
      rolsuper: boolean;
      owned: string;
      writable: string;
      tables: string;
    }>(
      `SELECT r.rolsuper,
              count(c.oid) FILTER (WHERE c.relowner = r.oid) AS owned,
              count(c.oid) FILTER (WHERE has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE')) AS writable,
              count(c.oid) AS tables
       FROM pg_roles r, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE r.rolname = current_user AND n.nspname = 'public' AND c.relkind = 'r'
       GROUP BY r.rolsuper`,
    );
    expect(rows[0]).toMatchObject({ rolsuper: false, owned: '0' });
    expect(Number(rows[0]!.tables)).toBeGreaterThan(5);
    expect(rows[0]!.writable).toBe(rows[0]!.tables);
  });
});
