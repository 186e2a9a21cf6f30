import { Browser } from './support/browser.js';
import { delegateBank, obtainTokens, registerClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import { PurgeScheduler } from '../src/common/retention/purge-scheduler.js';

const DAY_MS = 24 * 3600 * 1000;
const count = async (run: RunningApp, table: string, where = '1 = 1') => Number((await run.db.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`))[0].n);

/** What is past keeping is deleted: expired codes, tokens and sessions, and activity older than its retention. */
describe('Retention', () => {
  let run: RunningApp;
  let tokens: Record<string, any>;

  beforeAll(async () => {
    run = await startApp({ ACTIVITY_RETENTION_DAYS: '30' });
    const browser = new Browser();
    await delegateBank(browser, run.baseUrl, 'norma');
    tokens = await obtainTokens(browser, run.baseUrl, await registerClient(run.baseUrl));
  }, 120_000);
  afterAll(() => run.close());

  it('a purge deletes what expired and keeps what is still of use', async () => {
    const now = Date.now();
    expect(tokens.refresh_token).toBeDefined();
    // Age one row of each kind; the others stay as they are (live).
    await run.db.query(`UPDATE as_tokens SET expires_at = ${now - 1000} WHERE kind = 'access'`);
    await run.db.query(`UPDATE as_authorization_codes SET expires_at = ${now - 2 * DAY_MS}`);
    await run.db.query(`UPDATE web_sessions SET expires_at = ${now - 1000} WHERE realm = 'bank:norma'`);
    const oldest = (await run.db.query('SELECT MIN(id) AS id FROM as_activity'))[0].id as number;
    await run.db.query(`UPDATE as_activity SET at = ${now - 31 * DAY_MS} WHERE id = ${oldest}`);
    const before = { activity: await count(run, 'as_activity'), sessions: await count(run, 'web_sessions') };

    const deleted = await run.app.get(PurgeScheduler).runOnce(now);

    expect(await count(run, 'as_tokens', "kind = 'access'")).toBe(0);
    // The refresh tokens (the bank's PAT's and the app's), unexpired, stay.
    expect(await count(run, 'as_tokens', "kind = 'refresh'")).toBe(2);
    expect(await count(run, 'as_authorization_codes')).toBe(0);
    expect(await count(run, 'web_sessions', "realm = 'bank:norma'")).toBe(0);
    expect(await count(run, 'web_sessions', "realm = 'as'")).toBe(1);
    expect(await count(run, 'as_activity', `id = ${oldest}`)).toBe(0);
    expect(await count(run, 'as_activity')).toBe(before.activity - 1);
    expect(deleted).toMatchObject({ tokens: 2, codes: 2, activity: 1, sessions: before.sessions - 1 });
  });

  it('a used code stays a day past its expiry, so a late replay still revokes what it issued', async () => {
    const now = Date.now();
    const browser = new Browser();
    await obtainTokens(browser, run.baseUrl, await registerClient(run.baseUrl));
    await run.db.query(`UPDATE as_authorization_codes SET expires_at = ${now - DAY_MS + 60_000}`);
    await run.app.get(PurgeScheduler).runOnce(now);
    expect(await count(run, 'as_authorization_codes')).toBe(1);
  });

  it('purges run one at a time', async () => {
    const scheduler = run.app.get(PurgeScheduler);
    let active = 0;
    let overlapped = false;
    scheduler.register({
      name: 'probe',
      purge: async () => {
        overlapped ||= active > 0;
        active++;
        await new Promise((r) => setTimeout(r, 50));
        active--;
        return 0;
      },
    });
    await Promise.all([scheduler.runOnce(), scheduler.runOnce(), scheduler.runOnce()]);
    expect(overlapped).toBe(false);
  });

  it('runs by itself every PURGE_INTERVAL_SECONDS', async () => {
    const other = await startApp({ PURGE_INTERVAL_SECONDS: '1' });
    try {
      await other.db.query(`INSERT INTO web_sessions (id_hash, realm, data, expires_at) VALUES ('${'a'.repeat(64)}', 'as', '{}', 1)`);
      const deadline = Date.now() + 5000;
      while ((await count(other, 'web_sessions')) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await count(other, 'web_sessions')).toBe(0);
    } finally {
      await other.close();
    }
  }, 120_000);
});

describe('A page view by an anonymous visitor writes no session row', () => {
  let run: RunningApp;
  beforeAll(async () => {
    run = await startApp();
  }, 120_000);
  afterAll(() => run.close());

  const pages = ['/as/login', '/as', '/banks/norma', '/grapher', '/grapher/picture', '/'];

  it('50 visitors viewing the sign-in forms and home pages leave no row; their forms carry a token from a cookie', async () => {
    for (let i = 0; i < 50; i++) {
      const page = await new Browser().get(`${run.baseUrl}${pages[i % pages.length]}`);
      expect(page.status).toBe(200);
    }
    expect(await count(run, 'web_sessions')).toBe(0);
    const res = await fetch(`${run.baseUrl}/as/login`);
    expect(res.headers.get('set-cookie')).toMatch(/^steward_csrf=[\w-]{43}; Path=\/as; HttpOnly; SameSite=Lax$/);
    expect(await res.text()).toMatch(/name="_csrf" value="[\w-]{43}"/);
  });

  it('the anonymous form token is checked against its cookie (double-submit): without the cookie, or with another, 403', async () => {
    const res = await fetch(`${run.baseUrl}/as/login`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const token = /name="_csrf" value="([\w-]+)"/.exec(await res.text())![1];
    const post = (headers: Record<string, string>) =>
      fetch(`${run.baseUrl}/as/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ _csrf: token, username: 'nat', password: 'nat-demo' }) });
    expect((await post({})).status).toBe(403);
    expect((await post({ cookie: `steward_csrf=${'x'.repeat(43)}` })).status).toBe(403);
    expect(await count(run, 'web_sessions')).toBe(0);
    const signedIn = await post({ cookie });
    expect(signedIn.status).toBe(303);
    // Signed in: now there is something to keep, and the anonymous token is dropped.
    expect(signedIn.headers.getSetCookie().join('\n')).toMatch(/steward_sid=[\w-]+; Max-Age=\d+; Path=\/as;[^\n]*\n?[^]*steward_csrf=; Path=\/as;/);
    expect(await count(run, 'web_sessions')).toBe(1);
  });

  it('a session created while anonymous keeps the forms already shown working (a failed sign-in, then the right password)', async () => {
    const browser = new Browser();
    let page = await browser.get(`${run.baseUrl}/as/login`);
    page = await browser.submit(page, '/as/login', { username: 'nat', password: 'wrong' });
    expect(page.html).toContain('Wrong username or password');
    page = await browser.submit(page, '/as/login', { username: 'nat', password: 'nat-demo' });
    expect(page.url).toBe(`${run.baseUrl}/as/account`);
  });
});
