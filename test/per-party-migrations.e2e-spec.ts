import { DataSource } from 'typeorm';
import type { Party } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { migrate } from '../src/database/migrate.js';
import { SPLIT_SCHEMA_PARTS } from '../src/database/migrations.js';
import { execSql } from '../src/database/sql.js';
import { newStore, TEST_DIALECT, TestStore } from './support/store.js';

/** One table of each part of the schema: what every process keeps, and each party's own (first and latest). */
const PROBES = ['web_sessions', 'throttle_counters', 'as_users', 'as_grant_resources', 'bank_customers', 'bank_revoked_grants', 'grapher_connections', 'grapher_category_overrides'];

/** Issue 11 item 4: a process migrates only its parties' tables (PARTIES); the others' come with their processes. */
describe(`Migrations per party (${TEST_DIALECT})`, () => {
  let store: TestStore;
  const open = (parties?: Party[]) =>
    new DataSource(dataSourceOptions({ databaseUrl: store.env.DATABASE_URL, dbPath: store.env.DB_PATH as string, parties: parties && new Set(parties) })).initialize();
  /** Migrates as a process serving `parties` (all when not given) would, and says which probe tables exist then. */
  const migrateAs = async (parties?: Party[]) => {
    const db = await open(parties);
    try {
      await migrate(db);
      const runner = db.createQueryRunner();
      const present = [];
      for (const table of PROBES) if (await runner.hasTable(table)) present.push(table);
      await runner.release();
      return { present, pending: await db.showMigrations() };
    } finally {
      await db.destroy();
    }
  };

  beforeAll(async () => {
    store = await newStore(true);
  });
  afterAll(() => store?.drop());

  it("PARTIES=as on an empty database creates the AS's tables and the shared ones, none of the banks' or Grapher's", async () => {
    expect((await migrateAs(['as'])).present).toEqual(['web_sessions', 'throttle_counters', 'as_users', 'as_grant_resources']);
  });

  it('PARTIES=banks on the same database adds the banks\' tables; a process of every party then adds Grapher\'s, and nothing is left to run', async () => {
    expect((await migrateAs(['banks'])).present).toEqual(['web_sessions', 'throttle_counters', 'as_users', 'as_grant_resources', 'bank_customers', 'bank_revoked_grants']);
    const all = await migrateAs();
    expect(all.present).toEqual(PROBES);
    expect(all.pending).toBe(false);
  });

  it('a database migrated when one migration created every party\'s tables upgrades in place: the party parts are recorded as done, nothing is created twice', async () => {
    const db = await open();
    try {
      // What such a database records: the one portable-schema migration and the later ones, not the parts.
      const names = SPLIT_SCHEMA_PARTS.map((p) => p.name);
      await execSql(db.manager, `DELETE FROM migrations WHERE name IN (${names.map(() => '?').join(', ')})`, names);
      expect(await db.showMigrations()).toBe(true);
      await migrate(db);
      expect(await db.showMigrations()).toBe(false);
      const recorded = (await execSql<{ name: string }>(db.manager, 'SELECT name FROM migrations')).rows.map((r) => r.name);
      expect(names.filter((n) => recorded.includes(n))).toEqual(names);
    } finally {
      await db.destroy();
    }
  });
});
