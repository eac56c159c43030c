import { useAuditDatabase } from '../testing/auditDatabase';
import { auditBundleProblems } from '../testing/fhirAuditShape';
import { entryHash, GENESIS_HASH } from './auditChain';
import { appendAuditEvent, listAuditEvents, type AuditEntry, type AuditEventInput } from './auditLog';
import { AuditExportTooLargeError, exportAuditBundle } from './fhirAuditBundle';
import { verifyAuditChain } from './verifyAuditChain';

const t = useAuditDatabase();

const byId = (a: AuditEntry, b: AuditEntry) => Number(a.id) - Number(b.id);

describe('audit trail', () => {
  test('appendAuditEvent chains 50 concurrent appends without a fork, and verifyAuditChain checks them all', async () => {
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        appendAuditEvent(t.pool, {
          actor: `user${n % 5}`,
          action: 'read',
          resourceType: 'instance',
          resourceId: `1.2.3.${n}`,
          outcome: 'success',
          httpStatus: 200,
          detail: { n },
        }),
      ),
    );
    const chain = [...appended].sort(byId);
    expect(new Set(chain.map((e) => e.id)).size).toBe(50);
    expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) {
      expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
      expect(chain[i]!.occurredAt >= chain[i - 1]!.occurredAt).toBe(true);
    }
    // What appendAuditEvent returned is what the table holds, and hashes as the chain says.
    const stored = (await listAuditEvents(t.pool, { limit: 1000 })).entries;
    expect([...stored].sort(byId)).toEqual(chain);
    for (const e of chain) expect(entryHash(e.prevHash, e)).toBe(e.hash);

    expect(await verifyAuditChain(t.pool, { batchSize: 7 })).toEqual({
      ok: true,
      checked: 50,
      head: { id: chain[49]!.id, hash: chain[49]!.hash },
    });
  });

  test('appendAuditEvent stores the entry as given, stamped with the database clock to the microsecond', async () => {
    const given: AuditEventInput = {
      actor: 'dr.martin',
      actorRole: 'radiologist',
      action: 'update',
      resourceType: 'patient',
      resourceId: 'PAT-7',
      patientId: 'PAT-7',
      sourceIp: '2001:db8::1',
      userAgent: 'Mozilla/5.0 (X11)',
      outcome: 'failure',
      httpStatus: 409,
      detail: { big: 2 ** 60, small: 1.5e-7, text: 'é\u0001"', list: [{ b: 1, a: null }], empty: {} },
    };
    const before = Date.now();
    const e = await appendAuditEvent(t.pool, given);
    expect(e).toEqual({
      ...given,
      id: '1',
      occurredAt: expect.any(String),
      prevHash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(e.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const at = Date.parse(e.occurredAt);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await verifyAuditChain(t.pool)).ok).toBe(true);
  });

  test('appendAuditEvent refuses an entry that does not match its schema and stores nothing', async () => {
    const valid = { actor: 'dr.martin', action: 'read', resourceType: 'study', outcome: 'success' } as const;
    await expect(appendAuditEvent(t.pool, { ...valid, sourceIp: 'localhost' })).rejects.toThrow(
      /invalid audit event: .*must be an IPv4 or IPv6 address/s,
    );
    await expect(appendAuditEvent(t.pool, { ...valid, action: 'peek' as 'read' })).rejects.toThrow(
      /invalid audit event: .*action/s,
    );
    await expect(appendAuditEvent(t.pool, { ...valid, actor: '' })).rejects.toThrow(
      /invalid audit event: .*actor/s,
    );
    // A lone surrogate reaches PostgreSQL as U+FFFD: stored otherwise than hashed.
    await expect(appendAuditEvent(t.pool, { ...valid, resourceId: 'a\ud800b' })).rejects.toThrow(
      'invalid audit event: the database would store it otherwise than it was hashed',
    );
    expect((await listAuditEvents(t.pool)).entries).toEqual([]);
  });

  test('audit_event refuses UPDATE, DELETE and TRUNCATE', async () => {
    await t.appendSome(2);
    await expect(t.pool.query(`UPDATE audit_event SET actor = 'mallory' WHERE id = 1`)).rejects.toThrow(
      'audit_event is append-only',
    );
    await expect(t.pool.query('DELETE FROM audit_event WHERE id = 2')).rejects.toThrow(
      'audit_event is append-only',
    );
    await expect(t.pool.query('TRUNCATE audit_event')).rejects.toThrow('audit_event is append-only');
    expect((await listAuditEvents(t.pool)).entries.map((e) => [e.id, e.actor])).toEqual([
      ['2', 'dr.martin'],
      ['1', 'dr.martin'],
    ]);
  });

  test('audit_event refuses a second entry after the same one (no fork), even written around appendAuditEvent', async () => {
    const [first] = await t.appendSome(2);
    await expect(
      t.pool.query(
        `INSERT INTO audit_event (occurred_at, actor, action, resource_type, outcome, prev_hash, hash)
         VALUES (now(), 'mallory', 'read', 'study', 'success', $1, $2)`,
        [first!.hash, 'c'.repeat(64)],
      ),
    ).rejects.toThrow(/audit_event_prev_hash_key/);
  });

  test('verifyAuditChain names the entry whose detail a superuser altered with the trigger disabled', async () => {
    await t.appendSome(5);
    await t.tamper(`UPDATE audit_event SET detail = '{"n": 333}' WHERE id = 3`);
    expect(await verifyAuditChain(t.pool)).toEqual({
      ok: false,
      checked: 3,
      firstBroken: {
        id: '3',
        kind: 'hash',
        reason: 'hash mismatch: the entry was altered after it was recorded',
      },
    });
  });

  test('verifyAuditChain names the entry after an altered one whose hash was recomputed', async () => {
    const entries = await t.appendSome(4);
    const altered = { ...entries[1]!, actor: 'dr.bernard' };
    await t.tamper(
      `UPDATE audit_event SET actor = 'dr.bernard', hash = '${entryHash(altered.prevHash, altered)}' WHERE id = 2`,
    );
    const report = await verifyAuditChain(t.pool);
    expect(report.firstBroken).toMatchObject({ id: '3', kind: 'prev_hash' });
  });

  test('verifyAuditChain names the entry after a deleted one, and the new first entry when the first is deleted', async () => {
    await t.appendSome(5);
    await t.tamper(`DELETE FROM audit_event WHERE id = 3`);
    expect(await verifyAuditChain(t.pool)).toEqual({
      ok: false,
      checked: 3,
      firstBroken: {
        id: '4',
        kind: 'prev_hash',
        reason:
          'prev_hash mismatch: it does not follow entry 2 (an entry before it was removed or reordered)',
      },
    });

    await t.tamper(`DELETE FROM audit_event WHERE id = 1`);
    expect((await verifyAuditChain(t.pool)).firstBroken).toEqual({
      id: '2',
      kind: 'prev_hash',
      reason:
        'prev_hash mismatch: it does not follow the start of the chain (an entry before it was removed or reordered)',
    });
  });

  test('verifyAuditChain finds an empty trail intact', async () => {
    expect(await verifyAuditChain(t.pool)).toEqual({ ok: true, checked: 0 });
  });

  test('listAuditEvents filters by user, patient and date range, newest first, page by page', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
    const martin = await t.appendSome(3);
    await pause();
    const bernard = await t.appendSome(3, { actor: 'dr.bernard', patientId: 'P9' });
    await pause();
    const later = await t.appendSome(1);
    const all = [...martin, ...bernard, ...later];

    const ids = (page: { entries: readonly AuditEntry[] }) => page.entries.map((e) => e.id);
    expect(ids(await listAuditEvents(t.pool, { actor: 'dr.bernard' }))).toEqual(['6', '5', '4']);
    expect(ids(await listAuditEvents(t.pool, { patientId: 'P1' }))).toEqual(['7', '3', '1']);
    expect(ids(await listAuditEvents(t.pool, { actor: 'dr.martin', patientId: 'P9' }))).toEqual([]);
    // from is inclusive, to exclusive; Dates hold milliseconds, the table microseconds.
    const ms = (e: AuditEntry) => new Date(e.occurredAt);
    expect(ids(await listAuditEvents(t.pool, { from: ms(bernard[0]!), to: ms(later[0]!) }))).toEqual([
      '6',
      '5',
      '4',
    ]);
    expect(ids(await listAuditEvents(t.pool, { from: ms(later[0]!).toISOString() }))).toEqual(['7']);
    expect(ids(await listAuditEvents(t.pool, { to: ms(bernard[0]!).toISOString() }))).toEqual([
      '3',
      '2',
      '1',
    ]);

    const first = await listAuditEvents(t.pool, { limit: 3 });
    expect(ids(first)).toEqual(['7', '6', '5']);
    expect(first.nextCursor).toBe('5');
    const second = await listAuditEvents(t.pool, { limit: 3, cursor: first.nextCursor! });
    expect(ids(second)).toEqual(['4', '3', '2']);
    const last = await listAuditEvents(t.pool, { limit: 3, cursor: second.nextCursor! });
    expect(last).toEqual({ entries: [all[0]], nextCursor: null });

    await expect(listAuditEvents(t.pool, { limit: 0 })).rejects.toThrow(/invalid audit filter: .*limit/s);
    await expect(listAuditEvents(t.pool, { cursor: '1; DROP TABLE audit_event' })).rejects.toThrow(
      /invalid audit filter: .*cursor/s,
    );
    await expect(listAuditEvents(t.pool, { from: 'yesterday' })).rejects.toThrow(
      /invalid audit filter: .*from/s,
    );
  });

  test('exportAuditBundle gives every entry of a filter as a FHIR collection of AuditEvents', async () => {
    await t.appendSome(3);
    await t.appendSome(2, { actor: 'dr.bernard', outcome: 'denied', httpStatus: 403 });
    const bundle = await exportAuditBundle(t.pool, { actor: 'dr.bernard' }, { site: 'CHU Test' });
    expect(bundle.type).toBe('collection');
    expect(bundle.entry!.map((e) => [e.resource.id, e.resource.outcome, e.resource.agent[0]!.name])).toEqual([
      ['5', '4', 'dr.bernard'],
      ['4', '4', 'dr.bernard'],
    ]);
    expect(auditBundleProblems(bundle)).toEqual([]);

    expect((await exportAuditBundle(t.pool, {})).entry).toHaveLength(5);
    await expect(exportAuditBundle(t.pool, {}, { max: 4 })).rejects.toThrow(AuditExportTooLargeError);
  });
});
