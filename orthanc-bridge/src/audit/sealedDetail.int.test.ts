import { FieldCipher } from '../crypto';
import { resealTable } from '../db/sealedColumns';
import { useAuditDatabase } from './testing/auditDatabase';
import { appendAuditEvent, listAuditEvents, type AuditEventInput } from './auditLog';
import { exportAuditBundle } from './fhirAuditBundle';
import { AUDIT_EVENT_SEALED } from './sealedDetail';
import { verifyAuditChain } from './verifyAuditChain';

const t = useAuditDatabase();

const QUERY = 'PatientName=DUPONT%5EMarie*&limit=10';
const search: AuditEventInput = {
  actor: 'dr.martin',
  actorRole: 'radiologist',
  action: 'search',
  resourceType: 'study',
  outcome: 'success',
  httpStatus: 200,
  detail: { query: QUERY, method: 'GET', path: '/dicom-web/studies' },
};

const stored = async () =>
  (
    await t.pool.query<{ detail: object; detail_sealed: string | null; detail_sealed_key_id: string | null }>(
      'SELECT detail, detail_sealed, detail_sealed_key_id FROM audit_event ORDER BY id',
    )
  ).rows;

describe('sealed audit detail', () => {
  test('appendAuditEvent seals the query of a search: the table holds no name, the audit list and FHIR export show it', async () => {
    await appendAuditEvent(t.store, search);
    const [row] = await stored();
    expect(row!.detail).toEqual({ method: 'GET', path: '/dicom-web/studies' });
    expect(row!.detail_sealed).toMatch(/^enc:v1:/);
    expect(row!.detail_sealed_key_id).toBe(t.cipher.activeKeyId);
    expect(JSON.stringify(row)).not.toContain('DUPONT');

    const [entry] = (await listAuditEvents(t.store)).entries;
    expect(entry!.detail).toEqual(search.detail);
    const bundle = await exportAuditBundle(t.store, {});
    const query = bundle.entry![0]!.resource.entity![0]!.query!;
    expect(Buffer.from(query, 'base64').toString('utf8')).toBe(QUERY);
    expect(await verifyAuditChain(t.pool, { cipher: t.cipher })).toMatchObject({ ok: true, checked: 1 });
  });

  test('verifyAuditChain finds a sealed detail moved from another entry', async () => {
    await appendAuditEvent(t.store, search);
    await appendAuditEvent(t.store, { ...search, detail: { ...search.detail, query: 'PatientID=P2' } });
    await t.tamper(
      'UPDATE audit_event SET detail_sealed = (SELECT detail_sealed FROM audit_event WHERE id = 1) WHERE id = 2',
    );
    expect((await verifyAuditChain(t.pool, { cipher: t.cipher })).firstBroken).toEqual({
      id: '2',
      kind: 'hash',
      reason:
        'its sealed detail does not open: the value does not open in this context: it was altered, or moved from another row or column',
    });
  });

  test('resealTable re-wraps the sealed audit detail under a new master key, and old and new entries still verify', async () => {
    await appendAuditEvent(t.store, search);
    const rotated = new FieldCipher(t.cipher.keyring.withNewActiveKey());
    expect(await resealTable(t.pool, rotated, AUDIT_EVENT_SEALED)).toEqual({
      table: 'audit_event',
      rewrapped: 1,
      sealed: 0,
    });
    const after = await appendAuditEvent({ pool: t.pool, cipher: rotated }, search);
    expect(after.chainKeyId).toBe(rotated.activeKeyId);
    expect((await stored()).map((r) => r.detail_sealed_key_id)).toEqual([
      rotated.activeKeyId,
      rotated.activeKeyId,
    ]);
    // The first entry stays keyed by the old master key, which the rotated keyring keeps.
    expect(
      (await listAuditEvents({ pool: t.pool, cipher: rotated })).entries.map((e) => e.chainKeyId),
    ).toEqual([rotated.activeKeyId, t.cipher.activeKeyId]);
    expect(await verifyAuditChain(t.pool, { cipher: rotated })).toMatchObject({ ok: true, checked: 2 });

    // Only a re-wrap passes the append-only trigger: a new ciphertext does not.
    const resealed = rotated.seal('{"query":"PatientID=P9"}', 'audit_event.detail:1');
    await expect(
      t.pool.query('UPDATE audit_event SET detail_sealed = $1 WHERE id = 1', [resealed]),
    ).rejects.toThrow('audit_event is append-only');
  });
});
