/**
 * What a key rotation does to the database: every sealed value and sealed file not under the active
 * master key gets its data key re-wrapped (its data is not re-encrypted), and every plaintext value
 * or file left from before its column was sealed (migrations 006, 011) is sealed. Rows go in
 * batches, each in its own transaction with its rows locked, so that a bridge writing meanwhile
 * waits instead of being overwritten. The patients' PatientID hashes are recomputed under the active
 * key too (patients/patientStore.ts resealPatients). Each table declares its sealed columns beside
 * its SQL; keys/sealedTables.ts lists them all.
 */
import type { Pool } from 'pg';
import { type FieldCipher, isSealed, rewrapFile, sealFile } from '../crypto';
import { withTransaction } from './pool';

/** A table whose columns the bridge seals, each with its generated `<column>_key_id` (migration 006). */
export interface SealedTable<C extends string = string, K extends string = string> {
  readonly table: string;
  /** The columns, besides `id`, that the values' contexts are built from. */
  readonly keyColumns: readonly K[];
  readonly sealedColumns: readonly C[];
  /** The context a value of `column` is sealed in. */
  context(column: C, row: Readonly<Record<K | 'id', string>>): string;
  /** A table that needs more than its values re-wrapped or sealed (patient: its hashes) reseals itself. */
  readonly reseal?: (pool: Pool, cipher: FieldCipher, batchSize: number) => Promise<ResealCounts>;
}

/** A bytea column of sealed files (sealFile), with its generated `<column>_key_id`. */
export interface SealedFileColumn<K extends string = string> {
  readonly table: string;
  readonly column: string;
  /** The columns, besides `id`, that the files' contexts are built from. */
  readonly keyColumns: readonly K[];
  /** The context a file of this row is sealed in: to seal one stored in plaintext. */
  context(row: Readonly<Record<K | 'id', string>>): string;
}

export interface ResealCounts {
  readonly table: string;
  /** Values whose data key was re-wrapped under the active key. */
  readonly rewrapped: number;
  /** Plaintext values sealed. */
  readonly sealed: number;
  /** Keyed hashes recomputed under the active key (patient.patient_id_hash). */
  readonly rehashed?: number;
}

export async function resealTable(
  pool: Pool,
  cipher: FieldCipher,
  sealedTable: SealedTable,
  batchSize = 500,
): Promise<ResealCounts> {
  if (sealedTable.reseal) return sealedTable.reseal(pool, cipher, batchSize);
  const { table, keyColumns, sealedColumns } = sealedTable;
  // Rows with a value under another key, or in plaintext (a value without key id).
  const pending = sealedColumns
    .map((c) => `(${c} IS NOT NULL AND ${c}_key_id IS DISTINCT FROM $2)`)
    .join(' OR ');
  const select = `SELECT id::text AS id, ${[...keyColumns, ...sealedColumns].join(', ')} FROM ${table}
    WHERE id > $1 AND (${pending}) ORDER BY id LIMIT $3 FOR UPDATE`;
  const update = `UPDATE ${table} AS t SET ${sealedColumns.map((c) => `${c} = v.${c}`).join(', ')}
    FROM unnest($1::bigint[], ${sealedColumns.map((_, i) => `$${i + 2}::text[]`).join(', ')})
      AS v(id, ${sealedColumns.join(', ')})
    WHERE t.id = v.id`;

  let rewrapped = 0;
  let sealed = 0;
  let after = '0';
  for (;;) {
    const done = await withTransaction(pool, async (db) => {
      const { rows } = await db.query<Record<string, string | null>>(select, [
        after,
        cipher.activeKeyId,
        batchSize,
      ]);
      if (rows.length === 0) return true;
      const values = sealedColumns.map((column) =>
        rows.map((row) => {
          const value = row[column] ?? null;
          if (value === null) return null;
          try {
            if (!isSealed(value)) {
              sealed++;
              return cipher.seal(value, sealedTable.context(column, row as Record<string, string>));
            }
            if (cipher.keyIdOf(value) === cipher.activeKeyId) return value;
            rewrapped++;
            return cipher.rewrap(value);
          } catch (error) {
            throw new Error(`${table}.${column} of row ${row.id}: ${(error as Error).message}`, {
              cause: error,
            });
          }
        }),
      );
      await db.query(update, [rows.map((r) => r.id), ...values]);
      after = rows.at(-1)!.id!;
      return rows.length < batchSize;
    });
    if (done) return { table, rewrapped, sealed };
  }
}

/**
 * Re-wraps the data key of every sealed file of `column` not under the active master key, and seals
 * the files stored in plaintext (no key id) before the column was sealed.
 */
export async function resealFileColumn(
  pool: Pool,
  cipher: FieldCipher,
  fileColumn: SealedFileColumn,
  batchSize = 500,
): Promise<ResealCounts> {
  const { table, column, keyColumns } = fileColumn;
  const keys = keyColumns.map((c) => `, ${c}::text AS ${c}`).join('');
  let rewrapped = 0;
  let sealed = 0;
  let after = '0';
  for (;;) {
    const done = await withTransaction(pool, async (db) => {
      const { rows } = await db.query<Record<string, string> & { file: Buffer; key_id: string | null }>(
        `SELECT id::text AS id${keys}, ${column} AS file, ${column}_key_id AS key_id FROM ${table}
         WHERE id > $1 AND ${column} IS NOT NULL AND ${column}_key_id IS DISTINCT FROM $2
         ORDER BY id LIMIT $3 FOR UPDATE`,
        [after, cipher.activeKeyId, batchSize],
      );
      for (const row of rows) {
        try {
          const file =
            row.key_id === null
              ? sealFile(cipher.keyring, row.file, fileColumn.context(row))
              : rewrapFile(cipher.keyring, row.file);
          await db.query(`UPDATE ${table} SET ${column} = $2 WHERE id = $1`, [row.id, file]);
        } catch (error) {
          throw new Error(`${table}.${column} of row ${row.id}: ${(error as Error).message}`, {
            cause: error,
          });
        }
        if (row.key_id === null) sealed++;
        else rewrapped++;
      }
      after = rows.at(-1)?.id ?? after;
      return rows.length < batchSize;
    });
    if (done) return { table: `${table}.${column}`, rewrapped, sealed };
  }
}

/** How many values each master key seals, over the given sealed columns and files (plaintext values not counted). */
export async function sealedValuesByKey(
  pool: Pool,
  tables: readonly SealedTable[],
  fileColumns: readonly SealedFileColumn[],
): Promise<Map<string, number>> {
  const columns = [
    ...tables.flatMap(({ table, sealedColumns }) => sealedColumns.map((column) => ({ table, column }))),
    ...fileColumns,
  ];
  const counts = columns.map(
    ({ table, column: c }) => `SELECT ${c}_key_id AS key_id FROM ${table} WHERE ${c}_key_id IS NOT NULL`,
  );
  const { rows } = await pool.query<{ key_id: string; values: number }>(
    `SELECT key_id, count(*)::int AS values FROM (${counts.join(' UNION ALL ')}) k GROUP BY key_id ORDER BY key_id`,
  );
  return new Map(rows.map((r) => [r.key_id, r.values]));
}
