/** Comparison snapshots: what a physician-admin saw, and what a promotion is approved on. */
import type { ModelRef } from '../context';
import type { Queryable } from '../db/pool';
import type { ComparisonReport } from './comparisonReport';

export interface StoredComparison {
  readonly id: string;
  readonly current: ModelRef;
  readonly candidate: ModelRef;
  readonly report: ComparisonReport;
  readonly createdBy: string;
  readonly createdAt: Date;
}

interface ComparisonRow {
  id: string;
  current_model_id: string;
  current_model_version: string;
  candidate_model_id: string;
  candidate_model_version: string;
  snapshot: ComparisonReport;
  login: string;
  created_at: Date;
}

const toComparison = (row: ComparisonRow): StoredComparison => ({
  id: row.id,
  current: { id: row.current_model_id, version: row.current_model_version },
  candidate: { id: row.candidate_model_id, version: row.candidate_model_version },
  report: row.snapshot,
  createdBy: row.login,
  createdAt: row.created_at,
});

export async function saveComparison(
  db: Queryable,
  report: ComparisonReport,
  userId: string,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO model_comparison (current_model_id, current_model_version, candidate_model_id,
       candidate_model_version, cases, positives, negatives, snapshot, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text`,
    [
      report.current.id,
      report.current.version,
      report.candidate.id,
      report.candidate.version,
      report.cases,
      report.positives,
      report.negatives,
      JSON.stringify(report),
      userId,
    ],
  );
  return rows[0]!.id;
}

export async function findComparison(db: Queryable, id: string): Promise<StoredComparison | undefined> {
  const { rows } = await db.query<ComparisonRow>(
    `SELECT c.id::text, c.current_model_id, c.current_model_version, c.candidate_model_id,
        c.candidate_model_version, c.snapshot, u.login, c.created_at
     FROM model_comparison c JOIN user_account u ON u.id = c.created_by WHERE c.id = $1`,
    [id],
  );
  return rows[0] && toComparison(rows[0]);
}
