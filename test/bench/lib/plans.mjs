import Database from 'better-sqlite3';

/**
 * EXPLAIN QUERY PLAN for every distinct SELECT, UPDATE and DELETE a server prepared: which of them read a
 * whole table ("SCAN t") instead of searching an index, and which sort with a temporary b-tree.
 */
export function checkPlans(dbPath, statements) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const shapes = new Map();
  for (const sql of statements) {
    // The AS's signing keys are read whole on purpose (a handful of rows, once per SIGNING_KEY_RELOAD_SECONDS).
    if (!/^\s*(SELECT|UPDATE|DELETE)\b/i.test(sql) || /sqlite_master|sqlite_sequence|"migrations"|temporary_|PRAGMA|"as_signing_keys"/i.test(sql)) continue;
    shapes.set(sql.replace(/\b\d{6,}\b/g, 'N'), sql);
  }
  const scans = [];
  const sorts = [];
  let failed = 0;
  for (const [shape, sql] of shapes) {
    try {
      const params = (sql.match(/\?/g) ?? []).map(() => null);
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((r) => r.detail);
      const short = shape.replace(/"\w+"\."(\w+)" AS "\w+"/g, '$1').slice(0, 160);
      for (const step of plan) {
        const scan = /^SCAN (\w+)(?! USING (COVERING )?INDEX)/.exec(step);
        if (scan && scan[1] !== 'dummy_table') scans.push({ table: scan[1], sql: short });
        if (/TEMP B-TREE/.test(step)) sorts.push({ step, sql: short });
      }
    } catch {
      failed++;
    }
  }
  db.close();
  return { statements: shapes.size, scans, sorts, failed };
}
