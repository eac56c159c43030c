import { useAuditDatabase } from './testing/auditDatabase';
import { auditBundleProblems } from './testing/fhirAuditShape';
import { purposeKey } from '../crypto';
import { entryHash, entryMac, GENESIS_HASH } from './auditChain';
import { appendAuditEvent, listAuditEvents, type AuditEntry, type AuditEventInput } from './auditLog';
import { AuditExportTooLargeError, exportAuditBundle } from './fhirAuditBundle';
import { verifyAuditChain } from './verifyAuditChain';

const t = useAuditDatabase();

const byId = (a: AuditEntry, b: AuditEntry) => Number(a.id) - Number(b.id);

describe('audit trail', () => {
  test('appendAuditEvent chains 50 concurrent appends without a fork, and verifyAuditChain checks them all', async () => {
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        appendAuditEvent(t.store, {
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
    const stored = (await listAuditEvents(t.store, { limit: 1000 })).entries;
    expect([...stored].sort(byId)).toEqual(chain);
    const key = purposeKey(t.cipher.keyring, 'audit-chain')!;
    for (const e of chain) {
      expect(e.chainKeyId).toBe(t.cipher.activeKeyId);
      expect(entryMac(key.key, e.prevHash, e)).toBe(e.hash);
    }

    expect(await verifyAuditChain(t.pool, { cipher: t.cipher, batchSize: 7 })).toEqual({
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
    const e = await appendAuditEvent(t.store, given);
    expect(e).toEqual({
      ...given,
      id: '1',
      occurredAt: expect.any(String),
      prevHash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      chainKeyId: t.cipher.activeKeyId,
    });
    expect(e.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const at = Date.parse(e.occurredAt);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await verifyAuditChain(t.pool, { cipher: t.cipher })).ok).toBe(true);
  });

  test('appendAuditEvent refuses an entry that does not match its schema and stores nothing', async () => {
    const valid = { actor: 'dr.martin', action: 'read', resourceType: 'study', outcome: 'success' } as const;
    await expect(appendAuditEvent(t.store, { ...valid, sourceIp: 'localhost' })).rejects.toThrow(
      /invalid audit event: .*must be an IPv4 or IPv6 address/s,
    );
    await expect(appendAuditEvent(t.store, { ...valid, action: 'peek' as 'read' })).rejects.toThrow(
      /invalid audit event: .*action/s,
    );
    await expect(appendAuditEvent(t.store, { ...valid, actor: '' })).rejects.toThrow(
      /invalid audit event: .*actor/s,
    );
    // A lone surrogate reaches PostgreSQL as U+FFFD: stored otherwise than hashed.
    await expect(appendAuditEvent(t.store, { ...valid, resourceId: 'a\ud800b' })).rejects.toThrow(
      'invalid audit event: the database would store it otherwise than it was hashed',
    );
    expect((await listAuditEvents(t.store)).entries).toEqual([]);
  });

  test('audit_event refuses UPDATE, DELETE and TRUNCATE', async () => {
    await t.appendSome(2);
    await expect(t.pool.query(`UPDATE audit_event SET actor = 'mallory' WHERE id = 1`)).rejects.toThrow(
      'audit_event is append-only',
    );
    await expect(t.pool.query('DELETE FROM audit_event WHERE id = 2')).rejects.toThrow(
      'audit_event is append-only',
    );
    // The app role may not truncate at all; the trigger stops even the superuser.
    await expect(t.pool.query('TRUNCATE audit_event')).rejects.toThrow(
      'permission denied for table audit_event',
    );
    await expect(t.superuser('TRUNCATE audit_event')).rejects.toThrow('audit_event is append-only');
    expect((await listAuditEvents(t.store)).entries.map((e) => [e.id, e.actor])).toEqual([
      ['2', 'dr.martin'],
      ['1', 'dr.martin'],
    ]);
  });

  test('audit_event refuses a second entry after the same one (no fork), even written around appendAuditEvent', async () => {
    const [first] = await t.appendSome(2);
    await expect(
      t.pool.query(
        `INSERT INTO audit_event (occurred_at, actor, action, resource_type, outcome, prev_hash, hash, chain_key_id)
         VALUES (now(), 'mallory', 'read', 'study', 'success', $1, $2, $3)`,
        [first!.hash, 'c'.repeat(64), first!.chainKeyId],
      ),
    ).rejects.toThrow(/audit_event_prev_hash_key/);
  });

  test('verifyAuditChain names the entry whose detail a superuser altered with the trigger disabled', async () => {
    await t.appendSome(5);
    await t.tamper(`UPDATE audit_event SET detail = '{"n": 333}' WHERE id = 3`);
    expect(await verifyAuditChain(t.pool, { cipher: t.cipher })).toEqual({
      ok: false,
      checked: 3,
      firstBroken: {
        id: '3',
        kind: 'hash',
        reason: 'hash mismatch: the entry was altered after it was recorded',
      },
    });
  });

  test('verifyAuditChain names an altered entry whose hash was recomputed with plain sha256', async () => {
    const entries = await t.appendSome(4);
    const altered = { ...entries[1]!, actor: 'dr.bernard' };
    await t.tamper(
      `UPDATE audit_event SET actor = 'dr.bernard', hash = '${entryHash(altered.prevHash, altered)}' WHERE id = 2`,
    );
    const report = await verifyAuditChain(t.pool, { cipher: t.cipher });
    expect(report.firstBroken).toMatchObject({ id: '2', kind: 'hash' });
  });

  test('verifyAuditChain names the entry after a deleted one, and the new first entry when the first is deleted', async () => {
    await t.appendSome(5);
    await t.tamper(`DELETE FROM audit_event WHERE id = 3`);
    expect(await verifyAuditChain(t.pool, { cipher: t.cipher })).toEqual({
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
    expect((await verifyAuditChain(t.pool, { cipher: t.cipher })).firstBroken).toEqual({
      id: '2',
      kind: 'prev_hash',
      reason:
        'prev_hash mismatch: it does not follow the start of the chain (an entry before it was removed or reordered)',
    });
  });

  test('verifyAuditChain finds an empty trail intact', async () => {
    expect(await verifyAuditChain(t.pool, { cipher: t.cipher })).toEqual({ ok: true, checked: 0 });
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
    expect(ids(await listAuditEvents(t.store, { actor: 'dr.bernard' }))).toEqual(['6', '5', '4']);
    expect(ids(await listAuditEvents(t.store, { patientId: 'P1' }))).toEqual(['7', '3', '1']);
    expect(ids(await listAuditEvents(t.store, { actor: 'dr.martin', patientId: 'P9' }))).toEqual([]);
    // from is inclusive, to exclusive; Dates hold milliseconds, the table microseconds.
    const ms = (e: AuditEntry) => new Date(e.occurredAt);
    expect(ids(await listAuditEvents(t.store, { from: ms(bernard[0]!), to: ms(later[0]!) }))).toEqual([
      '6',
      '5',
      '4',
    ]);
    expect(ids(await listAuditEvents(t.store, { from: ms(later[0]!).toISOString() }))).toEqual(['7']);
    expect(ids(await listAuditEvents(t.store, { to: ms(bernard[0]!).toISOString() }))).toEqual([
      '3',
      '2',
      '1',
    ]);

    const first = await listAuditEvents(t.store, { limit: 3 });
    expect(ids(first)).toEqual(['7', '6', '5']);
    expect(first.nextCursor).toBe('5');
    const second = await listAuditEvents(t.store, { limit: 3, cursor: first.nextCursor! });
    expect(ids(second)).toEqual(['4', '3', '2']);
    const last = await listAuditEvents(t.store, { limit: 3, cursor: second.nextCursor! });
    expect(last).toEqual({ entries: [all[0]], nextCursor: null });

    await expect(listAuditEvents(t.store, { limit: 0 })).rejects.toThrow(/invalid audit filter: .*limit/s);
    await expect(listAuditEvents(t.store, { cursor: '1; DROP TABLE audit_event' })).rejects.toThrow(
      /invalid audit filter: .*cursor/s,
    );
    await expect(listAuditEvents(t.store, { from: 'yesterday' })).rejects.toThrow(
      /invalid audit filter: .*from/s,
    );
  });

  test('exportAuditBundle gives every entry of a filter as a FHIR collection of AuditEvents', async () => {
    await t.appendSome(3);
    await t.appendSome(2, { actor: 'dr.bernard', outcome: 'denied', httpStatus: 403 });
    const bundle = await exportAuditBundle(t.store, { actor: 'dr.bernard' }, { site: 'CHU Test' });
    expect(bundle.type).toBe('collection');
    expect(bundle.entry!.map((e) => [e.resource.id, e.resource.outcome, e.resource.agent[0]!.name])).toEqual([
      ['5', '4', 'dr.bernard'],
      ['4', '4', 'dr.bernard'],
    ]);
    expect(auditBundleProblems(bundle)).toEqual([]);

    expect((await exportAuditBundle(t.store, {})).entry).toHaveLength(5);
    await expect(exportAuditBundle(t.store, {}, { max: 4 })).rejects.toThrow(AuditExportTooLargeError);
  });
});
