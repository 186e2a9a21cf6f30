import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { SecretBox } from '../src/common/crypto/secret-box.js';
import { sha256 } from '../src/common/crypto/secrets.js';
import { HttpClient } from '../src/common/http/http-client.js';
import { GrapherConnectionEntity } from '../src/grapher/entities/grapher-connection.entity.js';
import { TokenRefresh } from '../src/grapher/oauth/token-refresh.service.js';
import { TokenVault } from '../src/grapher/token-vault.service.js';
import { Browser, forms, text } from './support/browser.js';
import { RunningApp, startApp } from './support/app.js';
import { accountRows, connectGrapher, setUpStory as setUp } from './support/story.js';

/**
 * Coming back later: Grapher keeps the refresh token (sealed) and renews its access without the person
 * signing in again — once, however many pages ask at the same time — until the grant is revoked or
 * expires; then it says so and offers to reconnect. The key that seals survives a restart.
 */

type Row = Record<string, string | number | null>;

describe('Grapher coming back later', () => {
  let run: RunningApp;
  let browser: Browser;
  let calls: () => string[];

  const connection = async () => ((await run.db.query('SELECT * FROM grapher_connections')) as Row[])[0];
  const grapherGrants = async () =>
    (await run.db.query(`SELECT g.status FROM as_grants g JOIN as_clients c ON c.client_id = g.client_id WHERE c.client_name = 'Grapher'`)) as Row[];
  const openRefresh = (c: Row) => run.app.get(TokenVault).open(String(c.refresh_token_sealed), `grapher_connections/${c.id}/refresh_token`);
  const expireAccess = async () => run.db.query('UPDATE grapher_connections SET access_expires_at = 0');

  beforeAll(async () => {
    run = await startApp();
    browser = await setUp(run.baseUrl);
    const spy = jest.spyOn(run.app.get(HttpClient), 'json');
    calls = () => spy.mock.calls.map((c) => c[0]);
  });

  afterEach(() => {
    jest.mocked(run.app.get(HttpClient).json).mockClear();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await run.close();
  });

  it('renews an expired access token with the refresh token, without the person signing in again', async () => {
    const before = await connection();
    const oldRefresh = openRefresh(before);
    await expireAccess();
    const historyFrom = browser.history.length;
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(accountRows(page)).toBe(5);
    expect(browser.history.slice(historyFrom).map((h) => new URL(h.url).pathname)).toEqual(['/grapher/picture']);
    expect(calls().filter((u) => u.endsWith('/as/token'))).toHaveLength(1);

    const after = await connection();
    expect(after.access_token_sealed).not.toBe(before.access_token_sealed);
    expect(Number(after.access_expires_at)).toBeGreaterThan(Date.now());
    expect(Number(after.refreshed_at)).toBeGreaterThan(Date.now() - 60_000);
    // Grapher is a FAPI 2.0 client of this AS: its refresh token is DPoP-bound and not rotated (FAPI 2.0
    // §5.3.2.1 [9]); the AS names the same one again, and Grapher keeps it.
    expect(openRefresh(after)).toBe(oldRefresh);
    const tokens = (await run.db.query('SELECT revoked_at, jkt FROM as_tokens WHERE token_hash = ?', [sha256(oldRefresh)])) as Row[];
    expect(tokens).toEqual([{ revoked_at: null, jkt: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }]);
    expect(await grapherGrants()).toEqual([{ status: 'ACTIVE' }]);
  });

  it('renews once when several callers need it at the same time, so the AS never sees a refresh token twice', async () => {
    const oauth = run.app.get(TokenRefresh);
    const stale = (await run.app.get(DataSource).getRepository(GrapherConnectionEntity).find())[0];
    const outcomes = await Promise.all([oauth.refresh(stale), oauth.refresh(stale), oauth.refresh(stale), oauth.refresh(stale)]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(new Set(outcomes.map((o) => (o.ok ? o.connection.accessTokenSealed : '')))).toHaveProperty('size', 1);
    expect(calls().filter((u) => u.endsWith('/as/token'))).toHaveLength(1);
    // A caller that still holds the old row gets the renewed one, not a second refresh.
    const late = await oauth.refresh(stale);
    expect(late.ok && late.connection.accessTokenSealed).toBe(outcomes[0].ok && outcomes[0].connection.accessTokenSealed);
    expect(calls().filter((u) => u.endsWith('/as/token'))).toHaveLength(1);
    expect(await grapherGrants()).toEqual([{ status: 'ACTIVE' }]);
  });

  it('pages and exports asked for at once all draw after the access token expired', async () => {
    await expireAccess();
    const pages = await Promise.all([
      browser.get(`${run.baseUrl}/grapher/picture?months=3`),
      browser.get(`${run.baseUrl}/grapher/picture?months=12`),
      browser.request('GET', `${run.baseUrl}/grapher/export.json`),
      browser.request('GET', `${run.baseUrl}/grapher/export.csv`),
    ]);
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200]);
    expect(calls().filter((u) => u.endsWith('/as/token'))).toHaveLength(1);
    expect(await grapherGrants()).toEqual([{ status: 'ACTIVE' }]);
  });

  it('when Intro refuses an access token that has not expired yet, renews once and draws', async () => {
    await run.db.query(`UPDATE as_tokens SET revoked_at = ? WHERE kind = 'access' AND revoked_at IS NULL`, [Date.now()]);
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(accountRows(page)).toBe(5);
    expect(calls().filter((u) => u.endsWith('/as/intro'))).toHaveLength(2);
    expect(calls().filter((u) => u.endsWith('/as/token'))).toHaveLength(1);
  });

  it('finds the connection again after the session has ended, from the browser\'s "remember" cookie', async () => {
    await run.db.query(`DELETE FROM web_sessions WHERE realm = 'grapher'`);
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(accountRows(page)).toBe(5);
    const stranger = await new Browser().get(`${run.baseUrl}/grapher/picture`);
    expect(text(stranger)).toContain('Not connected');
  });

  it('revoked at the AS: says so, forgets the tokens, and reconnecting draws the picture again', async () => {
    let dashboard = await browser.get(`${run.baseUrl}/as/account`);
    const revoke = forms(dashboard).find((f) => /\/as\/account\/grants\/[^/]+\/revoke$/.test(f.action));
    expect(revoke).toBeDefined();
    dashboard = await browser.submit(dashboard, revoke!.action);
    expect(await grapherGrants()).toEqual([{ status: 'REVOKED' }]);

    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(text(page)).toContain("Grapher's access has ended");
    expect(text(page)).toContain('the grant expired or was revoked');
    expect(await run.db.query('SELECT id FROM grapher_connections')).toEqual([]);
    const reconnect = forms(page).find((f) => f.action === '/grapher/connect');
    expect(reconnect?.fields.issuer).toBe(`${run.baseUrl}/as`);
    const home = await browser.get(`${run.baseUrl}/grapher`);
    expect(text(home)).toContain('Reconnect');

    let again = await browser.submit(page, '/grapher/connect');
    expect(again.url).toContain('/as/consent/');
    again = await browser.submit(again, '/as/consent/', {}, { name: 'decision', value: 'allow' });
    expect(again.url).toBe(`${run.baseUrl}/grapher/picture`);
    expect(accountRows(again)).toBe(5);
    expect(text(again)).not.toContain("Grapher's access has ended");
  });

  it('an expired grant ends the same way: a reconnect offer, not an error', async () => {
    await run.db.query(`UPDATE as_grants SET expires_at = 1 WHERE status = 'ACTIVE'`);
    await expireAccess();
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(text(page)).toContain("Grapher's access has ended");
    const csv = await browser.request('GET', `${run.baseUrl}/grapher/export.csv`);
    expect(csv.status).toBe(403);
    expect(text(csv)).toContain('Reconnect, then export again');
  });

  it('connecting again replaces the browser\'s connection and ends the grant it replaces', async () => {
    await connectGrapher(browser, run.baseUrl);
    const first = await connection();
    // A second tab still showing the AS button posts it again.
    const home = await browser.get(`${run.baseUrl}/grapher`);
    const csrf = forms(home).find((f) => f.action === '/grapher/disconnect')!.fields._csrf as string;
    let page = await browser.go('POST', `${run.baseUrl}/grapher/connect`, { issuer: `${run.baseUrl}/as`, _csrf: csrf });
    page = await browser.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
    expect(accountRows(page)).toBe(5);
    const rows = (await run.db.query('SELECT id FROM grapher_connections')) as Row[];
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(first.id);
    expect((await grapherGrants()).filter((g) => g.status === 'ACTIVE')).toHaveLength(1);
  });

  it('Disconnect forgets the browser too', async () => {
    expect(browser.cookieNames()).toContain('grapher_remember@/grapher');
    const home = await browser.get(`${run.baseUrl}/grapher`);
    await browser.submit(home, '/grapher/disconnect');
    expect(browser.cookieNames()).not.toContain('grapher_remember@/grapher');
    expect(await run.db.query('SELECT id FROM grapher_connections')).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('Grapher across a restart (a database file, and its key)', () => {
  let dir: string;
  let port: number;
  let app: NestExpressApplication | undefined;
  const start = async (key?: string) => {
    app = await createApp({ PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, DB_PATH: join(dir, 'steward.sqlite'), GRAPHER_SECRET_KEY: key }, false);
    await app.listen(port, '127.0.0.1');
    return { db: app.get(DataSource), baseUrl: `http://localhost:${port}` };
  };
  const stop = async () => {
    await app?.close();
    app = undefined;
  };

  beforeAll(async () => {
    port = await freePort();
  });

  afterEach(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the key once beside the database (0600), and after a restart the browser comes back to its picture', async () => {
    dir = mkdtempSync(join(tmpdir(), 'steward-'));
    let { db, baseUrl } = await start();
    const browser = await setUp(baseUrl);
    const keyFile = join(dir, 'grapher-secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
    const [before] = (await db.query('SELECT * FROM grapher_connections')) as Row[];
    await stop();

    ({ db, baseUrl } = await start());
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex')).toEqual(key);
    await db.query(`DELETE FROM web_sessions WHERE realm = 'grapher'`);
    await db.query('UPDATE grapher_connections SET access_expires_at = 0');
    const page = await browser.get(`${baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(accountRows(page)).toBe(5);
    const [after] = (await db.query('SELECT * FROM grapher_connections')) as Row[];
    expect(after.id).toBe(before.id);
    const refresh = new SecretBox(key).open(String(after.refresh_token_sealed), `grapher_connections/${after.id}/refresh_token`);
    expect(await db.query('SELECT kind FROM as_tokens WHERE token_hash = ? AND revoked_at IS NULL', [sha256(refresh)])).toEqual([{ kind: 'refresh' }]);
  });

  it('takes the key from GRAPHER_SECRET_KEY when set (and writes no file); with another key it offers to reconnect instead of failing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'steward-'));
    let { db, baseUrl } = await start('ab'.repeat(32));
    const browser = await setUp(baseUrl);
    expect(() => statSync(join(dir, 'grapher-secret.key'))).toThrow();
    const [row] = (await db.query('SELECT * FROM grapher_connections')) as Row[];
    expect(new SecretBox(Buffer.alloc(32, 0xab)).open(String(row.refresh_token_sealed), `grapher_connections/${row.id}/refresh_token`)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await stop();

    ({ db, baseUrl } = await start('cd'.repeat(32)));
    const page = await browser.get(`${baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(text(page)).toContain("Grapher's access has ended");
    let again = await browser.submit(page, '/grapher/connect');
    again = await browser.submit(again, '/as/consent/', {}, { name: 'decision', value: 'allow' });
    expect(again.url).toBe(`${baseUrl}/grapher/picture`);
    expect(accountRows(again)).toBe(5);
  });
});
