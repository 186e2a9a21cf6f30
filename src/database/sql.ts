import type { DataSource, EntityManager } from 'typeorm';
import { withDbLock } from './db-lock.js';

export interface SqlResult<T> {
  /** Rows read, or returned by INSERT/UPDATE/DELETE … RETURNING. */
  rows: T[];
  /** Rows written by INSERT/UPDATE/DELETE. */
  affected: number;
}

const numbered = new Map<string, string>();

/** `?` placeholders become `$1, $2, …` for PostgreSQL (statement texts are fixed, so the rewrite is cached). */
function forDialect(db: DataSource, text: string): string {
  if (db.options.type !== 'postgres') return text;
  let out = numbered.get(text);
  if (out === undefined) {
    let i = 0;
    out = text.replace(/\?/g, () => `$${++i}`);
    numbered.set(text, out);
  }
  return out;
}

/**
 * Runs one fixed statement, written with `?` placeholders, on SQLite or PostgreSQL, with one result shape
 * on both (TypeORM's plain query() answers an UPDATE … RETURNING with rows on SQLite but [rows, count] on
 * PostgreSQL). Only repositories call this.
 */
export async function execSql<T = Record<string, unknown>>(manager: EntityManager, text: string, params: unknown[] = []): Promise<SqlResult<T>> {
  const own = manager.queryRunner === undefined;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(forDialect(manager.connection, text), params, true);
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? 0 };
  } finally {
    if (own) await runner.release();
  }
}

/**
 * One transaction. On PostgreSQL each runs on its own connection. SQLite has one connection per process,
 * where TypeORM would nest concurrent transactions as savepoints of one another, so there they take turns.
 */
export function inTransaction<T>(db: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  if (db.options.type === 'postgres') return db.transaction(fn);
  return withDbLock(db, 'steward:sqlite-transaction', () => db.transaction(fn));
}
