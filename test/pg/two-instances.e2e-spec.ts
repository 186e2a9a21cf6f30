import { randomBytes } from 'node:crypto';
import { Browser, forms } from '../support/browser.js';
import { getJson, obtainTokens, registerClient } from '../support/fixtures.js';
import { RunningApp, startApp } from '../support/app.js';
import { startRoundRobinProxy, RoundRobinProxy } from '../support/round-robin-proxy.js';
import { accountRows, setUpStory } from '../support/story.js';
import { newStore, TEST_PG_URL, TestStore } from '../support/store.js';

if (!TEST_PG_URL) throw new Error('test/pg needs PostgreSQL: run it with npm run test:pg');

/**
 * Two instances on one PostgreSQL database behind a round-robin load balancer: every request of the
 * story lands on one or the other, and the story holds.
 */
describe('Two instances behind a round-robin proxy, one PostgreSQL database', () => {
  let store: TestStore;
  let proxy: RoundRobinProxy;
  let apps: RunningApp[];
  let browser: Browser;
  const grapherGrants = async () =>
    (await apps[0].db.query(`SELECT g.status FROM as_grants g JOIN as_clients c ON c.client_id = g.client_id WHERE c.client_name = 'Grapher'`)) as { status: string }[];

  beforeAll(async () => {
    store = await newStore();
    proxy = await startRoundRobinProxy();
    apps = await Promise.all([0, 1].map(() => startApp({ ...store.env, PUBLIC_URL: proxy.url })));
    proxy.backends = apps.map((a) => Number(new URL(a.baseUrl).port));
  });
  afterAll(async () => {
    for (const app of apps ?? []) await app.close();
    await proxy?.close();
    await store?.drop();
  });

  it('the whole story, each request on the next instance: delegation at four banks, consent, Intro, every bank, the picture', async () => {
    browser = await setUpStory(proxy.url);
    const page = await browser.get(`${proxy.url}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(accountRows(page)).toBe(5);
    expect(new Set(proxy.served)).toEqual(new Set(proxy.backends));
  });

  it('concurrent pictures after the access token expired: one refresh across both instances, the grant stays ACTIVE', async () => {
    for (let round = 0; round < 3; round++) {
      await apps[0].db.query('UPDATE grapher_connections SET access_expires_at = 0');
      const pages = await Promise.all([0, 1, 2, 3].map(() => browser.get(`${proxy.url}/grapher/picture`)));
      expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200]);
      for (const p of pages) expect(accountRows(p)).toBe(5);
      expect(await grapherGrants()).toEqual([{ status: 'ACTIVE' }]);
    }
  });

  it('every instance publishes every key (the same JWKS from each)', async () => {
    const sets = await Promise.all(apps.map(async (a) => JSON.stringify((await getJson(`${a.baseUrl}/as/jwks`)).json)));
    expect(sets[0]).toBe(sets[1]);
    expect(JSON.parse(sets[0]).keys.length).toBeGreaterThan(0);
  });

  it('a bank token minted by one instance (Intro) is accepted by the bank on the other', async () => {
    const client = await registerClient(proxy.url);
    const tokens = await obtainTokens(browser, proxy.url, client);
    const intro = (await getJson(`${apps[0].baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json as Record<string, { endpoint: string; access_token: string }>;
    const entries = Object.values(intro);
    expect(entries.length).toBe(5);
    for (const entry of entries) {
      const onOther = new URL(entry.endpoint).pathname;
      const res = await getJson(`${apps[1].baseUrl}${onOther}`, { authorization: `Bearer ${entry.access_token}` });
      expect(res.status).toBe(200);
    }
  });

  it('a revocation pushed to one instance of a bank (SSF) is refused by the bank on both instances, long before the recheck bound', async () => {
    const client = await registerClient(proxy.url);
    const tokens = await obtainTokens(browser, proxy.url, client);
    const intro = (await getJson(`${proxy.url}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json as Record<string, { endpoint: string; access_token: string }>;
    const norma = Object.values(intro).find((e) => e.endpoint.includes('/banks/norma/'))!;
    const path = new URL(norma.endpoint).pathname;
    const status = async (app: RunningApp) => (await fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${norma.access_token}` } })).status;
    for (const app of apps) expect(await status(app)).toBe(200);
    const started = Date.now();
    const revoked = await fetch(`${proxy.url}/as/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}` },
      body: `token=${tokens.refresh_token}`,
    });
    expect(revoked.status).toBe(200);
    // The push lands on one instance through the proxy; the other reads it from the database within a second or so.
    for (const app of apps) {
      while ((await status(app)) === 200 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 50));
      expect(await status(app)).toBe(401);
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('throttling holds across instances: 5 wrong passwords per username, wherever they land, then 429', async () => {
    const b = new Browser();
    const page = await b.get(`${proxy.url}/as/login`);
    const csrf = forms(page).find((f) => f.action.includes('/as/login'))?.fields._csrf as string;
    const username = `mallory-${randomBytes(3).toString('hex')}`;
    const statuses: number[] = [];
    const landed = proxy.served.length;
    for (let i = 1; i <= 10; i++) statuses.push((await b.request('POST', `${proxy.url}/as/login`, { username, password: `wrong-${i}`, _csrf: csrf })).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429, 429, 429, 429, 429]);
    expect(new Set(proxy.served.slice(landed))).toEqual(new Set(proxy.backends));
  });
});
