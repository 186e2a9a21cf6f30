import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { NulSafeClient } from './pg-client.js';
import type { Party } from '../config/app-config.js';
import { migrationsFor } from './migrations.js';

export interface StoreSettings {
  /** PostgreSQL when set. */
  databaseUrl?: string;
  /** Otherwise this SQLite file (or :memory:). */
  dbPath: string;
  /** The parties whose tables this process migrates (PARTIES); all when not given. */
  parties?: ReadonlySet<Party>;
}

/**
 * PostgreSQL (DATABASE_URL, several instances may share it) or one SQLite file (WAL journal, foreign keys
 * on). The schema comes from migrations only, run by migrate() under a lock once the store is open.
 */
export function dataSourceOptions(store: StoreSettings): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: migrationsFor(store.parties), migrationsRun: false, synchronize: false } as const;
  if (store.databaseUrl) {
    // parseInt8: bigint columns (our millisecond instants) and COUNT(*) come back as numbers, as on SQLite.
    return { type: 'postgres', url: store.databaseUrl, parseInt8: true, extra: { max: 10, Client: NulSafeClient }, ...common };
  }
  if (store.dbPath !== ':memory:') mkdirSync(dirname(store.dbPath), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: store.dbPath,
    ...common,
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}
