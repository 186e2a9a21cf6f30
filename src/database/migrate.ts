import type { DataSource } from 'typeorm';
import { withDbLock } from './db-lock.js';
import { RETIRED_MIGRATIONS, SPLIT_SCHEMA_PARTS } from './migrations.js';

export class RetiredSchemaError extends Error {}

/** A store that ran the SQLite-only migrations of older versions cannot be upgraded in place. */
async function refuseRetiredSchema(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    if (!(await runner.hasTable('migrations'))) return;
    const rows = (await runner.query('SELECT name FROM migrations')) as { name: string }[];
    const old = rows.map((r) => r.name).filter((n) => RETIRED_MIGRATIONS.includes(n));
    if (old.length > 0) {
      throw new RetiredSchemaError(
        `This database was created by an older Steward (${old.join(', ')}), before the portable schema. ` +
          'Delete the SQLite file (DB_PATH, default ./data/steward.sqlite) and start again: the demo data is created afresh.',
      );
    }
  } finally {
    await runner.release();
  }
}

/**
 * A database migrated before the portable schema was split per party holds every party's tables under one
 * record (PortableSchema1765000000000): each party part whose tables are there is recorded as done.
 */
async function adoptSplitSchema(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    if (!(await runner.hasTable('migrations'))) return;
    const done = new Set(((await runner.query('SELECT name FROM migrations')) as { name: string }[]).map((r) => r.name));
    if (!done.has('PortableSchema1765000000000')) return;
    for (const part of SPLIT_SCHEMA_PARTS) {
      if (done.has(part.name) || !(await runner.hasTable(part.table))) continue;
      const timestamp = Number(/\d{13}$/.exec(part.name)?.[0]);
      await runner.query(db.options.type === 'postgres' ? 'INSERT INTO migrations (timestamp, name) VALUES ($1, $2)' : 'INSERT INTO migrations (timestamp, name) VALUES (?, ?)', [timestamp, part.name]);
    }
  } finally {
    await runner.release();
  }
}

/** Runs pending migrations exactly once, however many instances start together on one store. */
export async function migrate(db: DataSource): Promise<void> {
  await withDbLock(db, 'steward:migrations', async () => {
    await refuseRetiredSchema(db);
    await adoptSplitSchema(db);
    await db.runMigrations({ transaction: 'all' });
  });
}
