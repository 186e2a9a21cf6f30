import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';

/** One SQLite file (or :memory:), WAL journal, foreign keys on, schema from migrations only. */
export function dataSourceOptions(dbPath: string): DataSourceOptions {
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: dbPath,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}
