import { useReadingApp } from '../testing/readingApp';
import { testReportSigning, waitUntil } from '../testing/harness';
import { loadCheckpointKeys } from './auditCheckpoint';
import { listAuditEvents } from './auditLog';
import { verifyAuditChain } from './verifyAuditChain';

const t = useReadingApp({ configure: (config) => ({ ...config, auditCheckpointIntervalMs: 200 }) });

describe('audit checkpoint schedule', () => {
  test('initAppServices signs checkpoints of the audit chain on a schedule with the institution certificate', async () => {
    expect((await t.api('/api/worklist')).status).toBe(200);
    const [latest] = (await listAuditEvents(t.app.ctx, { limit: 1 })).entries;
    const checkpoint = await waitUntil('a checkpoint of the latest entry', async () => {
      const { rows } = await t.app.ctx.pool.query<{ head_id: string; written_by: string }>(
        'SELECT head_id::text, written_by FROM audit_checkpoint ORDER BY id DESC LIMIT 1',
      );
      return rows[0] && BigInt(rows[0].head_id) >= BigInt(latest!.id) ? rows[0] : undefined;
    });
    expect(checkpoint.written_by).toBe('schedule');
    const { trust } = await loadCheckpointKeys(testReportSigning());
    const report = await verifyAuditChain(t.app.ctx.pool, { cipher: t.app.ctx.cipher, trust });
    expect(report.ok).toBe(true);
    expect(report.checkpoints).toBeGreaterThanOrEqual(1);
  });
});
