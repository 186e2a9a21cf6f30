import { DataSource } from 'typeorm';
import { execSql } from '../../database/sql.js';
import type { ThrottleRule } from './failure-throttle.service.js';

/**
 * Counts one attempt against every key in one atomic statement (PostgreSQL: INSERT … ON CONFLICT … RETURNING),
 * restarting a key's window when its last one has passed, and answers each key's count and window. The keys'
 * rows are locked in subject order and only while the statement runs: concurrent attempts on a key queue for
 * the statement, not for a transaction's round trips.
 */
function countStatement(keys: number): string {
  const rows = Array.from({ length: keys }, () => '(?, ?::bigint, ?::bigint)').join(', ');
  const expired = '(SELECT expired FROM attempt WHERE attempt.subject = EXCLUDED.subject)';
  return `WITH attempt (subject, started, expired) AS (VALUES ${rows})
INSERT INTO throttle_counters (subject, window_start, attempts)
SELECT subject, started, 1 FROM attempt ORDER BY subject
ON CONFLICT (subject) DO UPDATE SET
  attempts = CASE WHEN throttle_counters.window_start <= ${expired} THEN 1 ELSE throttle_counters.attempts + 1 END,
  window_start = CASE WHEN throttle_counters.window_start <= ${expired} THEN EXCLUDED.window_start ELSE throttle_counters.window_start END
RETURNING subject, attempts, window_start`;
}
const uncount = (keys: number) => `UPDATE throttle_counters SET attempts = attempts - 1 WHERE attempts > 0 AND subject IN (${Array(keys).fill('?').join(', ')})`;
const RELEASE = 'UPDATE throttle_counters SET attempts = attempts - 1 WHERE subject = ? AND attempts > 0';
const FORGET = 'DELETE FROM throttle_counters WHERE subject = ?';
const CLEAR = 'DELETE FROM throttle_counters';

/** The failure throttle's counters, in the store every instance shares (PostgreSQL). */
export class ThrottleCounterRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Counts one attempt against every key, all or nothing: 0 when it may go ahead, else the seconds until the
   * fullest key's window ends, and then the attempt is taken back from every key (meanwhile a concurrent
   * attempt sees one more, so it can only be refused sooner, never let through).
   */
  async reserve(keys: readonly (readonly [string, ThrottleRule])[]): Promise<number> {
    const unique = [...new Map(keys.map(([key, rule]) => [key, rule])).entries()];
    if (unique.length === 0) return 0;
    const now = Date.now();
    const params = unique.flatMap(([key, rule]) => [key, now, now - rule.windowMs]);
    const { rows } = await execSql<{ subject: string; attempts: number; window_start: number }>(this.db.manager, countStatement(unique.length), params);
    const counted = new Map(rows.map((r) => [r.subject, r]));
    let wait = 0;
    for (const [key, rule] of keys) {
      const row = counted.get(key);
      if (row && Number(row.attempts) > rule.limit) wait = Math.max(wait, Math.max(1, Math.ceil((Number(row.window_start) + rule.windowMs - now) / 1000)));
    }
    if (wait > 0) await execSql(this.db.manager, uncount(unique.length), unique.map(([key]) => key));
    return wait;
  }

  /** The attempt did not fail: takes its count back. */
  async release(key: string): Promise<void> {
    await execSql(this.db.manager, RELEASE, [key]);
  }

  /** The right secret: the key's failures are forgotten. */
  async forget(key: string): Promise<void> {
    await execSql(this.db.manager, FORGET, [key]);
  }

  async clear(): Promise<void> {
    await execSql(this.db.manager, CLEAR);
  }
}
