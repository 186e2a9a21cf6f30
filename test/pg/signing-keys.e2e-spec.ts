import { setTimeout as sleep } from 'node:timers/promises';
import jwt from 'jsonwebtoken';
import { SigningKeyService } from '../../src/as/core/signing-key.service.js';
import { Browser } from '../support/browser.js';
import { delegateBank, getJson, obtainTokens, registerClient } from '../support/fixtures.js';
import { RunningApp, startApp } from '../support/app.js';
import { startRoundRobinProxy, RoundRobinProxy } from '../support/round-robin-proxy.js';
import { newStore, TEST_PG_URL, TestStore } from '../support/store.js';

if (!TEST_PG_URL) throw new Error('test/pg needs PostgreSQL: run it with npm run test:pg');

const RELOAD_S = 2;

/**
 * Signing keys shared by two instances on one database: a key one instance makes after the other started is
 * published by both before it signs, and a bank token it signs verifies through the other instance.
 */
describe('Signing keys across two instances on one PostgreSQL database', () => {
  let store: TestStore;
  let proxy: RoundRobinProxy;
  let a: RunningApp;
  let b: RunningApp;
  let accessToken: string;
  let made: string;
  let first: string;

  const kids = async (app: RunningApp) => ((await getJson(`${app.baseUrl}/as/jwks`)).json.keys as { kid: string }[]).map((k) => k.kid).sort();
  /** Intro through one instance: its first bank token and the endpoint it is for. */
  const introAt = async (app: RunningApp) => {
    const res = await getJson(`${app.baseUrl}/as/intro`, { authorization: `Bearer ${accessToken}` });
    expect(res.status).toBe(200);
    const [entry] = Object.values(res.json as Record<string, { endpoint: string; access_token: string }>);
    return { ...entry, kid: jwt.decode(entry.access_token, { complete: true })?.header.kid };
  };
  async function until(what: string, check: () => Promise<boolean>, withinMs: number): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
      await sleep(100);
    }
  }

  beforeAll(async () => {
    store = await newStore();
    proxy = await startRoundRobinProxy();
    // BANK_TOKEN_RECHECK_SECONDS=0: the bank asks the AS (through the proxy, either instance) on every call.
    const env = { ...store.env, PUBLIC_URL: proxy.url, SIGNING_KEY_RELOAD_SECONDS: String(RELOAD_S), BANK_TOKEN_RECHECK_SECONDS: '0' };
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
    proxy.backends = [a, b].map((app) => Number(new URL(app.baseUrl).port));
    const browser = new Browser();
    await delegateBank(browser, proxy.url, 'norma');
    const client = await registerClient(proxy.url);
    accessToken = (await obtainTokens(browser, proxy.url, client)).access_token as string;
  });
  afterAll(async () => {
    for (const app of [a, b]) await app?.close();
    await proxy?.close();
    await store?.drop();
  });

  it('a key made by instance B after A started is published by A within the reload interval, before anyone signs with it', async () => {
    [first] = await kids(a);
    expect(await kids(b)).toEqual([first]);
    made = await b.app.get(SigningKeyService).rotate();
    expect(made).not.toBe(first);
    expect(await kids(b)).toEqual([first, made].sort());
    // Published first: B goes on signing with the key every instance already has.
    expect((await introAt(b)).kid).toBe(first);
    await until("A's JWKS lists B's new key", async () => (await kids(a)).includes(made), 5 * RELOAD_S * 1000);
    expect(await kids(a)).toEqual([first, made].sort());
    expect(await keyRows()).toBe(2);
  });

  it('once published everywhere the new key signs, and a bank token minted through B verifies through A (its bank, its introspection)', async () => {
    await until('B signs with its new key', async () => (await introAt(b)).kid === made, 6 * RELOAD_S * 1000);
    const entry = await introAt(b);
    const path = new URL(entry.endpoint).pathname;
    // The bank on A checks the signature with the JWKS and asks the AS (either instance) each time.
    for (let i = 0; i < 4; i++) expect((await getJson(`${a.baseUrl}${path}`, { authorization: `Bearer ${entry.access_token}` })).status).toBe(200);
    expect(a.app.get(SigningKeyService).verify(entry.access_token, `${proxy.url}/as`)).toMatchObject({ aud: expect.any(String) });
    // The old key stays published for the tokens it signed.
    for (const app of [a, b]) expect(await kids(app)).toEqual([first, made].sort());
    // And A signs with the new key too.
    expect((await introAt(a)).kid).toBe(made);
  });

  async function keyRows(): Promise<number> {
    const [row] = (await a.db.query('SELECT COUNT(*) AS n FROM as_signing_keys')) as { n: string | number }[];
    return Number(row.n);
  }
});
