import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Where the e2e suites keep their data. `npm test`: SQLite (in memory, or a temporary file when a test
 * restarts the app). `npm run test:pg` sets STEWARD_TEST_PG to a PostgreSQL URL that may create databases,
 * and each store is then a fresh database of its own, dropped afterwards.
 */
export const TEST_PG_URL = process.env.STEWARD_TEST_PG || undefined;
export const TEST_DIALECT: 'postgres' | 'sqlite' = TEST_PG_URL ? 'postgres' : 'sqlite';

export interface TestStore {
  /** The settings that point an app at this store (DATABASE_URL and its GRAPHER_SECRET_KEY, or DB_PATH). */
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty store; `persistent` keeps it across app restarts (a file rather than :memory: on SQLite). */
export async function newStore(persistent = false): Promise<TestStore> {
  if (TEST_PG_URL) {
    const name = `steward_t_${randomBytes(6).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString(), GRAPHER_SECRET_KEY: randomBytes(32).toString('hex') },
      drop: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
    };
  }
  if (!persistent) return { env: { DB_PATH: ':memory:' }, drop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'steward-'));
  return { env: { DB_PATH: join(dir, 'steward.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}
