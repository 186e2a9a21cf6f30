import type { DataSource } from 'typeorm';
import { withDbLock } from './db-lock.js';
import { RETIRED_MIGRATIONS } from './migrations.js';

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

/** Runs pending migrations exactly once, however many instances start together on one store. */
export async function migrate(db: DataSource): Promise<void> {
  await withDbLock(db, 'steward:migrations', async () => {
    await refuseRetiredSchema(db);
    await db.runMigrations({ transaction: 'all' });
  });
}
