import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, QueryRunner } from 'typeorm';

const WAIT_LIMIT_MS = 60_000;

/** A PostgreSQL advisory-lock key (a signed 64-bit integer) for a lock name. */
function lockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/** One in-process queue per store and name: SQLite is one process's, so that is every contender. */
const queues = new WeakMap<DataSource, Map<string, Promise<unknown>>>();

async function serially<T>(db: DataSource, name: string, fn: () => Promise<T>): Promise<T> {
  const byName = queues.get(db) ?? new Map<string, Promise<unknown>>();
  queues.set(db, byName);
  const previous = byName.get(name) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const settled = run.catch(() => undefined);
  byName.set(name, settled);
  void settled.then(() => byName.get(name) === settled && byName.delete(name));
  return run;
}

/**
 * Takes a session-level advisory lock on a connection of its own, retrying pg_try_advisory_lock with a
 * short backoff: a waiter holds no pool connection while it waits, so waiters can never starve the holder
 * (whose work runs on the ordinary pool) of connections.
 */
async function acquire(db: DataSource, name: string): Promise<QueryRunner> {
  const key = lockKey(name);
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const runner = db.createQueryRunner();
    try {
      const [row] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as { locked: boolean }[];
      if (row.locked) return runner;
    } catch (err) {
      await runner.release();
      throw err;
    }
    await runner.release();
    if (Date.now() > deadline) throw new Error(`database lock "${name}" still held by another instance after ${WAIT_LIMIT_MS / 1000} s`);
    await sleep(delay + Math.floor(Math.random() * delay));
  }
}

/**
 * Runs `fn` while no other holder of the lock `name` runs, in any instance on the same store: a
 * PostgreSQL advisory lock, or an in-process queue on SQLite (one process owns a SQLite file).
 */
export async function withDbLock<T>(db: DataSource, name: string, fn: () => Promise<T>): Promise<T> {
  if (db.options.type !== 'postgres') return serially(db, name, fn);
  const runner = await acquire(db, name);
  try {
    return await fn();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockKey(name)]).catch(() => undefined);
    await runner.release();
  }
}
