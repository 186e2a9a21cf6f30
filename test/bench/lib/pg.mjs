// --db=postgres: a fresh PostgreSQL database for a Steward server of the bench, and the CPU its backends spend.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { cpuMsOf } from './procs.mjs';

/** The server that may create databases: STEWARD_BENCH_PG, else the test suites' STEWARD_TEST_PG, else the local one. */
export const ADMIN_URL = process.env.STEWARD_BENCH_PG || process.env.STEWARD_TEST_PG || 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The pids of the backends serving database `name` (their process title is "postgres: … <user> <name> <host> …"). */
function backendPids(name) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.startsWith('postgres:') && title.includes(` ${name} `)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * A fresh database (dropped by `drop`), its URL and GRAPHER_SECRET_KEY for the server's env, and `cpuMs`: the CPU
 * time its backends have used, so that a server's cost per request counts the work PostgreSQL does for it (SQLite
 * does that work in the server's own process). A backend that closes during a run takes its share with it.
 */
export async function freshDatabase() {
  const name = `steward_bench_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    env: { DATABASE_URL: url.toString(), GRAPHER_SECRET_KEY: randomBytes(32).toString('hex') },
    cpuMs: () => backendPids(name).reduce((sum, pid) => sum + cpuMsOf(pid), 0),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Rows of one query on a bench server's store, PostgreSQL or its SQLite file. */
export async function queryStore(server, sql) {
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}
