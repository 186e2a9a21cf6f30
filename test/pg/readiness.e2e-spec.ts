import pg from 'pg';
import { getJson } from '../support/fixtures.js';
import { RunningApp, startApp } from '../support/app.js';
import { newStore, TEST_PG_URL, TestStore } from '../support/store.js';

if (!TEST_PG_URL) throw new Error('test/pg needs PostgreSQL: run it with npm run test:pg');

/**
 * /readyz on PostgreSQL: 503 while the database is read-only (as a replica is) or refuses connections, 200
 * again once it takes writes; /healthz answers 200 throughout. The database is changed from outside, as an
 * operator would, and the app's connections are dropped so that the pool opens new ones under the change.
 */
describe('/readyz on PostgreSQL: read-only or unreachable database → 503, then ready again', () => {
  let store: TestStore;
  let run: RunningApp;
  let name: string;

  async function admin(sql: string): Promise<void> {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
  /** Closes every connection the app holds to its database (the pool replaces them on the next query). */
  const dropConnections = () => admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
  const readyz = () => getJson(`${run.baseUrl}/readyz`);

  beforeAll(async () => {
    store = await newStore();
    name = new URL(store.env.DATABASE_URL).pathname.slice(1);
    run = await startApp(store.env);
  });
  afterAll(async () => {
    await admin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await run?.close();
    await store?.drop();
  });

  it('ready on a writable database', async () => {
    expect(await readyz()).toMatchObject({ status: 200, json: { status: 'ready' } });
  });

  it('a read-only database (default_transaction_read_only, as on a replica): 503 with the reason, /healthz 200', async () => {
    await admin(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    try {
      await dropConnections();
      // The first query may meet a connection the pool has not yet seen closed; readiness must settle on 503.
      await readyz();
      const res = await readyz();
      expect(res.status).toBe(503);
      expect(res.json.reason).toMatch(/database not writable: .*read-only transaction/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect((await getJson(`${run.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await admin(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
    }
    await dropConnections();
    await readyz();
    expect((await readyz()).status).toBe(200);
  });

  it('a database that refuses connections: 503, then ready again once it accepts them', async () => {
    await admin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
    try {
      await dropConnections();
      await readyz();
      const res = await readyz();
      expect(res.status).toBe(503);
      expect(res.json.reason).toMatch(/database not writable/);
      expect((await getJson(`${run.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await admin(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
    }
    await readyz();
    expect((await readyz()).status).toBe(200);
  });
});
