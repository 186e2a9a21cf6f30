import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { MIGRATIONS } from '../src/database/migrations.js';
import { GrantResources1770600000000 } from '../src/database/migrations/1770600000000-grant-resources.js';
import { execSql } from '../src/database/sql.js';
import { newStore, TEST_DIALECT, TestStore } from './support/store.js';

const GRANT = 'INSERT INTO as_grants (id, client_id, user_id, scope, resource_ids, status, duration, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** The grant ↔ resource join table replaces the JSON column, and the grants of an older store keep their accounts. */
describe(`Migration to as_grant_resources (${TEST_DIALECT})`, () => {
  let store: TestStore;
  let db: DataSource;
  const open = async (migrations: typeof MIGRATIONS) => {
    const options = dataSourceOptions({ databaseUrl: store.env.DATABASE_URL, dbPath: store.env.DB_PATH });
    db = await new DataSource({ ...options, migrations } as typeof options).initialize();
    await db.runMigrations({ transaction: 'all' });
  };
  const rows = async (text: string) => (await execSql(db.manager, text)).rows;

  beforeAll(async () => {
    store = await newStore(true);
    const before = MIGRATIONS.indexOf(GrantResources1770600000000);
    await open(MIGRATIONS.slice(0, before));
    const grant = (id: string, resourceIds: string) => execSql(db.manager, GRANT, [id, 'app', 'nat', 'accounts:read', resourceIds, 'ACTIVE', '30d', 1]);
    await grant('g1', '["r1","r2"]');
    await grant('g2', '["r2"]');
    await grant('g3', '[]');
    await db.destroy();
    // Up to this migration, so that it is the last one (the one undone below).
    await open(MIGRATIONS.slice(0, before + 1));
  });
  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await store?.drop();
  });

  it("copies each grant's resource ids into rows of as_grant_resources and drops the JSON column", async () => {
    expect(await rows('SELECT grant_id, resource_id FROM as_grant_resources ORDER BY grant_id, resource_id')).toEqual([
      { grant_id: 'g1', resource_id: 'r1' },
      { grant_id: 'g1', resource_id: 'r2' },
      { grant_id: 'g2', resource_id: 'r2' },
    ]);
    expect((await rows('SELECT * FROM as_grants ORDER BY id')).map((g) => [g.id, 'resource_ids' in g])).toEqual([
      ['g1', false],
      ['g2', false],
      ['g3', false],
    ]);
  });

  it('"the grants that share resource r2" is a lookup of the join table', async () => {
    expect(await rows("SELECT grant_id FROM as_grant_resources WHERE resource_id = 'r2' ORDER BY grant_id")).toEqual([{ grant_id: 'g1' }, { grant_id: 'g2' }]);
  });

  it('undoing the migration puts the ids back as JSON arrays', async () => {
    await db.undoLastMigration({ transaction: 'all' });
    const back = await rows('SELECT id, resource_ids FROM as_grants ORDER BY id');
    expect(back.map((g) => [g.id, (JSON.parse(g.resource_ids as string) as string[]).sort()])).toEqual([
      ['g1', ['r1', 'r2']],
      ['g2', ['r2']],
      ['g3', []],
    ]);
    await db.runMigrations({ transaction: 'all' });
    expect(await rows('SELECT COUNT(*) AS n FROM as_grant_resources')).toEqual([{ n: 3 }]);
  });
});
