import { MIGRATIONS } from '../../src/database/migrations.js';
import { getJson } from '../support/fixtures.js';
import { RunningApp, startApp } from '../support/app.js';
import { newStore, TEST_PG_URL, TestStore } from '../support/store.js';

if (!TEST_PG_URL) throw new Error('test/pg needs PostgreSQL: run it with npm run test:pg');

describe('Instances starting together on one empty PostgreSQL database', () => {
  let store: TestStore;
  let apps: RunningApp[] = [];
  beforeAll(async () => {
    store = await newStore();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await store.drop();
  });

  it('three instances started at once all come up: migrations run once (under a lock), seeding happens once', async () => {
    apps = await Promise.all([0, 1, 2].map(() => startApp(store.env)));
    for (const app of apps) expect((await getJson(`${app.baseUrl}/healthz`)).status).toBe(200);
    const db = apps[0].db;
    expect(await db.query('SELECT name FROM migrations ORDER BY id')).toEqual(MIGRATIONS.map((m) => ({ name: m.name })));
    expect(await db.query('SELECT username FROM as_users')).toEqual([{ username: 'nat' }]);
    expect(await db.query('SELECT bank_id, COUNT(*) AS n FROM bank_customers GROUP BY bank_id ORDER BY bank_id')).toEqual(
      ['astoria', 'lastish', 'monami', 'norma'].map((bank_id) => ({ bank_id, n: 1 })),
    );
  });

  it('one signing key, created once, published by every instance', async () => {
    expect(await apps[0].db.query('SELECT COUNT(*) AS n FROM as_signing_keys')).toEqual([{ n: 1 }]);
    const sets = await Promise.all(apps.map(async (app) => (await getJson(`${app.baseUrl}/as/jwks`)).json.keys.map((k: { kid: string }) => k.kid)));
    expect(new Set(sets.map((s) => JSON.stringify(s))).size).toBe(1);
    expect(sets[0]).toHaveLength(1);
  });
});
