import type { TestDb } from './app.js';

/** Every row of every table, as canonical text: one string per table, rows sorted. */
export type DbSnapshot = Map<string, string[]>;

function canonical(row: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row).sort()) {
    const v = row[key];
    out[key] = Buffer.isBuffer(v) ? `base64:${v.toString('base64')}` : v;
  }
  return JSON.stringify(out);
}

const cache = new WeakMap<TestDb, { changes: number; exclude: string; snap: DbSnapshot }>();

/** SQLite's count of rows inserted, updated or deleted on this connection since it opened (the app and the tests share it). */
async function totalChanges(db: TestDb): Promise<number> {
  return ((await db.query('SELECT total_changes() AS n')) as { n: number }[])[0].n;
}

function tablesSql(db: TestDb): string {
  return db.dialect === 'postgres'
    ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
}

/**
 * PostgreSQL has no cheap counter of this database's writes; instead the server digests each table
 * (row count and an MD5 of every row in order), so a snapshot costs one query, not a copy of each row.
 */
async function digestPg(db: TestDb, exclude: string[]): Promise<DbSnapshot> {
  const tables = ((await db.query(tablesSql(db))) as { name: string }[]).map((t) => t.name).filter((n) => !exclude.includes(n));
  const quoted = (n: string) => `"${n.replace(/"/g, '""')}"`;
  const sql = tables
    .map((n) => `SELECT '${n.replace(/'/g, "''")}' AS name, COUNT(*) AS n, md5(COALESCE(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h FROM ${quoted(n)} t`)
    .join(' UNION ALL ');
  const rows = (await db.query(sql)) as { name: string; n: number; h: string }[];
  return new Map(rows.map((r) => [r.name, [`${r.n} rows, md5 ${r.h}`]]));
}

/**
 * Reads the whole database (all tables but `exclude`), so two snapshots can be compared byte for byte.
 * Reading every row is slow next to a request, so the last snapshot is reused while SQLite reports no
 * write at all since it was taken (total_changes() unchanged); any write makes the next one a full read.
 */
export async function snapshotDb(db: TestDb, exclude: string[] = []): Promise<DbSnapshot> {
  if (db.dialect === 'postgres') return digestPg(db, exclude);
  const changes = await totalChanges(db);
  const key = exclude.join(',');
  const hit = cache.get(db);
  if (hit && hit.changes === changes && hit.exclude === key) return hit.snap;
  const tables = (await db.query(tablesSql(db))) as { name: string }[];
  const snap: DbSnapshot = new Map();
  for (const { name } of tables) {
    if (exclude.includes(name)) continue;
    const rows = (await db.query(`SELECT * FROM "${name.replace(/"/g, '""')}"`)) as Record<string, unknown>[];
    snap.set(name, rows.map(canonical).sort());
  }
  cache.set(db, { changes, exclude: key, snap });
  return snap;
}

/** What changed between two snapshots, per table: rows only before (removed) and only after (added). Empty when identical. */
export function diffDb(before: DbSnapshot, after: DbSnapshot): string[] {
  const out: string[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(table) ?? [];
    const b = after.get(table) ?? [];
    if (a.length === b.length && a.every((row, i) => row === b[i])) continue;
    const inA = new Set(a);
    const inB = new Set(b);
    const removed = a.filter((r) => !inB.has(r));
    const added = b.filter((r) => !inA.has(r));
    out.push(`${table}: ${a.length} → ${b.length} rows`);
    for (const r of removed.slice(0, 3)) out.push(`  - ${r.slice(0, 400)}`);
    for (const r of added.slice(0, 3)) out.push(`  + ${r.slice(0, 400)}`);
  }
  return out;
}
