/** Promotions and rollbacks of the model in use (append-only, migration 015). */
import type { ModelRef } from '../context';
import type { Queryable } from '../db/pool';

export interface PromotionEntry {
  readonly id: string;
  readonly action: 'promote' | 'rollback';
  readonly model: ModelRef;
  readonly previous: ModelRef;
  readonly comparisonId: string | null;
  readonly decidedBy: { readonly login: string; readonly displayName: string };
  readonly at: Date;
}

interface PromotionRow {
  id: string;
  action: 'promote' | 'rollback';
  model_id: string;
  model_version: string;
  previous_model_id: string;
  previous_model_version: string;
  comparison_id: string | null;
  login: string;
  display_name: string;
  created_at: Date;
}

const toEntry = (row: PromotionRow): PromotionEntry => ({
  id: row.id,
  action: row.action,
  model: { id: row.model_id, version: row.model_version },
  previous: { id: row.previous_model_id, version: row.previous_model_version },
  comparisonId: row.comparison_id,
  decidedBy: { login: row.login, displayName: row.display_name },
  at: row.created_at,
});

/**
 * Serialises changes of the model in use across bridge replicas for the rest of the transaction:
 * two physician-admins promoting at once must not both read the same "previous" model.
 */
export async function lockPromotions(db: Queryable): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtext('sentinelle-model-promotion'))");
}

export async function insertPromotion(
  db: Queryable,
  p: {
    readonly action: 'promote' | 'rollback';
    readonly model: ModelRef;
    readonly previous: ModelRef;
    readonly comparisonId: string | null;
    readonly userId: string;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO model_promotion (action, model_id, model_version, previous_model_id, previous_model_version,
       comparison_id, decided_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
    [p.action, p.model.id, p.model.version, p.previous.id, p.previous.version, p.comparisonId, p.userId],
  );
  return rows[0]!.id;
}

/** Every change of the model in use, the latest first. */
export async function listPromotions(db: Queryable, limit = 50): Promise<PromotionEntry[]> {
  const { rows } = await db.query<PromotionRow>(
    `SELECT p.id::text, p.action, p.model_id, p.model_version, p.previous_model_id, p.previous_model_version,
        p.comparison_id::text, u.login, u.display_name, p.created_at
     FROM model_promotion p JOIN user_account u ON u.id = p.decided_by ORDER BY p.id DESC LIMIT $1`,
    [limit],
  );
  return rows.map(toEntry);
}
