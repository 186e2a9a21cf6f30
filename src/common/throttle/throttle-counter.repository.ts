import { DataSource } from 'typeorm';
import { execSql, inTransaction } from '../../database/sql.js';
import type { ThrottleRule } from './failure-throttle.service.js';

/**
 * One atomic statement per key (PostgreSQL and SQLite both have INSERT … ON CONFLICT … RETURNING): counts
 * the attempt, restarting the window when the last one has passed, and answers the count and window.
 */
const COUNT = `INSERT INTO throttle_counters (subject, window_start, attempts) VALUES (?, ?, 1)
ON CONFLICT (subject) DO UPDATE SET
  attempts = CASE WHEN throttle_counters.window_start <= ? THEN 1 ELSE throttle_counters.attempts + 1 END,
  window_start = CASE WHEN throttle_counters.window_start <= ? THEN ? ELSE throttle_counters.window_start END
RETURNING attempts, window_start`;
const RELEASE = 'UPDATE throttle_counters SET attempts = attempts - 1 WHERE subject = ? AND attempts > 0';
const FORGET = 'DELETE FROM throttle_counters WHERE subject = ?';
const CLEAR = 'DELETE FROM throttle_counters';

/** The failure throttle's counters, in the store every instance shares (PostgreSQL). */
export class ThrottleCounterRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Counts one attempt against every key, all or nothing, in one transaction (concurrent attempts on a
   * key queue on its row): 0 when it may go ahead, else the seconds until the fullest key's window ends.
   */
  reserve(keys: readonly (readonly [string, ThrottleRule])[]): Promise<number> {
    const now = Date.now();
    return inTransaction(this.db, async (em) => {
      let wait = 0;
      for (const [key, rule] of keys) {
        const expired = now - rule.windowMs;
        const [row] = (await execSql<{ attempts: number; window_start: number }>(em, COUNT, [key, now, expired, expired, now])).rows;
        if (Number(row.attempts) > rule.limit) wait = Math.max(wait, Math.max(1, Math.ceil((Number(row.window_start) + rule.windowMs - now) / 1000)));
      }
      if (wait > 0) throw new Refused(wait);
      return 0;
    }).catch((err: unknown) => {
      if (err instanceof Refused) return err.wait;
      throw err;
    });
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

/** Thrown inside the transaction so that a refused attempt counts nothing (the transaction rolls back). */
class Refused extends Error {
  constructor(readonly wait: number) {
    super('throttled');
  }
}
