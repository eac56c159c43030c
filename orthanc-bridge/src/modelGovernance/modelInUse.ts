import type { BridgeContext, ModelRef } from '../context';
import type { Queryable } from '../db/pool';

/**
 * The model new analyses are queued for and whose results readers see: the last promotion's or
 * rollback's (table model_promotion), else the model the bridge was configured with (the
 * registry's default). Read from PostgreSQL at each use, so every bridge replica agrees the
 * moment a promotion commits; one indexed row, cheaper than any cache invalidation.
 */
export async function modelInUse(
  ctx: Pick<BridgeContext, 'pool' | 'model'>,
  db?: Queryable,
): Promise<ModelRef> {
  const { rows } = await (db ?? ctx.pool).query<{ model_id: string; model_version: string }>(
    'SELECT model_id, model_version FROM model_promotion ORDER BY id DESC LIMIT 1',
  );
  const row = rows[0];
  return row ? { id: row.model_id, version: row.model_version } : ctx.model;
}
