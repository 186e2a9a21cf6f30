import { setTimeout as sleep } from 'node:timers/promises';
import jwt from 'jsonwebtoken';
import { hashPassword } from '../src/common/crypto/secrets.js';
import { Browser, forms, text } from './support/browser.js';
import {
  authorize,
  authorizeUrl,
  BANK_IDS,
  basic,
  delegateBank,
  getJson,
  obtainPat,
  obtainTokens,
  pkce,
  postForm,
  registerClient,
  TestClient,
} from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

const BOUND_S = 1;

/** Issue 3: the person sees and controls, in one place, who may read what — and revocation reaches every bank. */
describe('The person stays in control', () => {
  let run: RunningApp;
  let browser: Browser;
  let client: TestClient;

  const intro = (token: string) => fetch(`${run.baseUrl}/as/intro`, { headers: { authorization: `Bearer ${token}` } });
  const introMap = async (token: string) => (await (await intro(token)).json()) as Record<string, { endpoint: string; access_token: string }>;
  const bankGet = (entry: { endpoint: string; access_token: string }, path = '') => fetch(entry.endpoint + path, { headers: { authorization: `Bearer ${entry.access_token}` } });
  const grantsOf = (clientId: string) => run.db.query('SELECT * FROM as_grants WHERE client_id = ? ORDER BY created_at', [clientId]) as Promise<Record<string, any>[]>;
  const bankClient = async (bankId: string) => ((await run.db.query('SELECT client_id, client_secret FROM bank_as_clients WHERE bank_id = ?', [bankId])) as { client_id: string; client_secret: string }[])[0];
  const introspectAs = async (bankId: string, token: string) => {
    const c = await bankClient(bankId);
    return (await postForm(`${run.baseUrl}/as/introspect`, { token }, { authorization: basic(c.client_id, c.client_secret) })).json;
  };
  const consentPage = async (c: TestClient) => {
    const p = pkce();
    const page = await browser.get(authorizeUrl(run.baseUrl, c, { code_challenge: p.challenge, code_challenge_method: 'S256' }));
    return { page, verifier: p.verifier };
  };

  beforeAll(async () => {
    // CLIENT_PROFILE=plain: the banks keep a client secret, which introspectAs uses to ask as a bank.
    run = await startApp({ BANK_TOKEN_RECHECK_SECONDS: String(BOUND_S), CLIENT_PROFILE: 'plain' });
    browser = new Browser();
    for (const bank of BANK_IDS) await delegateBank(browser, run.baseUrl, bank);
    client = await registerClient(run.baseUrl, { client_name: 'Budget <b>Buddy</b>' });
  });
  afterAll(() => run.close());

  describe('Consent that says what it grants', () => {
    it('shows the app (unverified, with its id and redirect host), each account, the scopes in words, the window and the duration', async () => {
      const { page } = await consentPage(client);
      const t = text(page);
      expect(t).toContain('Budget <b>Buddy</b> wants your data at:');
      expect(page.html).not.toContain('<b>Buddy</b>');
      expect(t).toContain('is not verified');
      expect(t).toContain(client.client_id);
      expect(t).toContain('client.example');
      for (const label of ['Norma Securities — Self-Directed Brokerage ••5394', 'Monami Card — Monami Cash Rewards Visa ••1204', 'Bank of Astoria — Astoria Everyday Checking ••9874']) {
        expect(t).toContain(label);
      }
      expect(t).toContain('See your transactions');
      const form = forms(page).find((f) => f.action.includes('/as/consent/'))!;
      expect(page.html.match(/name="history_months" value="(\d+)"/g)).toHaveLength(3);
      expect(page.html).toMatch(/name="duration" value="once"/);
      expect(page.html).toMatch(/name="duration" value="until_revoked"/);
      expect(form.fields.resource).toHaveLength(5);
    });

    it('the chosen window and duration reach the grant, Intro and the bank', async () => {
      const c = await registerClient(run.baseUrl);
      const tokens = await obtainTokens(browser, run.baseUrl, c, 'accounts:read transactions:read', () => ({ history_months: '3', duration: '30d' }));
      const [grant] = await grantsOf(c.client_id);
      expect(grant).toMatchObject({ history_months: 3, duration: '30d', status: 'ACTIVE' });
      expect(grant.expires_at - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
      expect(grant.expires_at - Date.now()).toBeLessThanOrEqual(30 * 24 * 3600 * 1000);

      const checking = Object.values(await introMap(tokens.access_token)).find((e) => e.endpoint.endsWith('/8879874'))!;
      const claims = jwt.decode(checking.access_token) as jwt.JwtPayload;
      const from = new Date(`${claims.history_from}T00:00:00Z`);
      const threeMonthsAgo = new Date();
      threeMonthsAgo.setUTCMonth(threeMonthsAgo.getUTCMonth() - 3);
      expect(Math.abs(from.getTime() - threeMonthsAgo.getTime())).toBeLessThan(3 * 24 * 3600 * 1000);

      const res = await bankGet(checking, '/transactions?startTime=2000-01-01&limit=500');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { transactions: { postedTimestamp: string }[] };
      expect(body.transactions.length).toBeGreaterThan(0);
      expect(body.transactions.every((tx) => tx.postedTimestamp >= `${claims.history_from}T00:00:00.000Z`)).toBe(true);
    });

    it('"one time" gives no refresh token and at most an hour', async () => {
      const c = await registerClient(run.baseUrl);
      const tokens = await obtainTokens(browser, run.baseUrl, c, 'accounts:read', () => ({ duration: 'once' }));
      expect(tokens.refresh_token).toBeUndefined();
      expect(tokens.expires_in).toBeLessThanOrEqual(3600);
    });

    it.each([
      ['a window that was not offered', { history_months: '7' }],
      ['a duration that was not offered', { duration: 'forever' }],
    ])('%s is refused with 400 and no code', async (_what, values) => {
      const c = await registerClient(run.baseUrl);
      const p = pkce();
      await expect(authorize(browser, authorizeUrl(run.baseUrl, c, { code_challenge: p.challenge, code_challenge_method: 'S256' }), 'allow', () => values)).rejects.toThrow(/\(400\)/);
      expect(await grantsOf(c.client_id)).toHaveLength(0);
    });

    it('an expired grant stops Intro and shows as EXPIRED', async () => {
      const c = await registerClient(run.baseUrl, { client_name: 'Short Lived' });
      const tokens = await obtainTokens(browser, run.baseUrl, c);
      await run.db.query('UPDATE as_grants SET expires_at = ? WHERE client_id = ?', [Date.now() - 1000, c.client_id]);
      expect((await intro(tokens.access_token)).status).toBe(401);
      const page = await browser.get(`${run.baseUrl}/as/account`);
      expect(page.html).toMatch(/Short Lived <span class="status status-EXPIRED">EXPIRED<\/span>/);
    });
  });

  describe('Revocation that reaches every bank', () => {
    async function connected(name: string) {
      const c = await registerClient(run.baseUrl, { client_name: name });
      const tokens = await obtainTokens(browser, run.baseUrl, c);
      const map = await introMap(tokens.access_token);
      const norma = Object.values(map).find((e) => e.endpoint.includes('/banks/norma/'))!;
      expect((await bankGet(norma)).status).toBe(200);
      // Introspected once while valid, so the AS remembers its signature check: revocation must still win.
      expect(await introspectAs('norma', norma.access_token)).toMatchObject({ active: true });
      return { c, tokens, norma };
    }

    async function expectEverythingStopped(tokens: Record<string, any>, c: TestClient, norma: { endpoint: string; access_token: string }) {
      expect((await intro(tokens.access_token)).status).toBe(401);
      const refresh = await postForm(`${run.baseUrl}/as/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, { authorization: basic(c.client_id, c.client_secret) });
      expect(refresh.json.error).toBe('invalid_grant');
      expect(await introspectAs('norma', norma.access_token)).toEqual({ active: false });
      // The documented bound: a bank serves an already issued token for at most BANK_TOKEN_RECHECK_SECONDS.
      await sleep(BOUND_S * 1000 + 200);
      const res = await bankGet(norma);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }

    it('revoking on the dashboard (CSRF-protected) stops Intro, refresh, introspection and the bank within the bound', async () => {
      const { c, tokens, norma } = await connected('Dashboard Revoked');
      let page = await browser.get(`${run.baseUrl}/as/account`);
      const [grant] = await grantsOf(c.client_id);
      const action = `/as/account/grants/${grant.id}/revoke`;
      const forged = await browser.request('POST', `${run.baseUrl}${action}`, { _csrf: 'forged' });
      expect(forged.status).toBe(403);
      expect((await grantsOf(c.client_id))[0].status).toBe('ACTIVE');
      page = await browser.submit(page, action);
      expect(text(page)).toContain('Dashboard Revoked can no longer read your data');
      expect((await grantsOf(c.client_id))[0].status).toBe('REVOKED');
      await expectEverythingStopped(tokens, c, norma);
    });

    it('RFC 7009: the client revoking its refresh token ends the grant the same way', async () => {
      const { c, tokens, norma } = await connected('Self Revoked');
      const res = await postForm(`${run.baseUrl}/as/revoke`, { token: tokens.refresh_token, token_type_hint: 'refresh_token' }, { authorization: basic(c.client_id, c.client_secret) });
      expect(res.status).toBe(200);
      await expectEverythingStopped(tokens, c, norma);
    });

    it("RFC 7009 §2.1: a client cannot revoke another client's token, and an unknown token answers 200", async () => {
      const { tokens } = await connected('Victim');
      const other = await registerClient(run.baseUrl);
      const res = await postForm(`${run.baseUrl}/as/revoke`, { token: tokens.refresh_token }, { authorization: basic(other.client_id, other.client_secret) });
      expect(res.status).toBe(200);
      expect((await intro(tokens.access_token)).status).toBe(200);
      const unknown = await postForm(`${run.baseUrl}/as/revoke`, { token: 'nothing-like-a-token' }, { authorization: basic(other.client_id, other.client_secret) });
      expect(unknown.status).toBe(200);
    });

    it('removing an account on the dashboard drops it from Intro, and its bank token stops within the bound', async () => {
      const { tokens } = await connected('Sees Removal');
      const before = await introMap(tokens.access_token);
      const monami = Object.values(before).find((e) => e.endpoint.includes('/banks/monami/'))!;
      const [resource] = (await run.db.query(`SELECT id FROM as_resources WHERE endpoint LIKE '%/banks/monami/%'`)) as { id: string }[];
      let page = await browser.get(`${run.baseUrl}/as/account`);
      page = await browser.submit(page, `/as/account/resources/${resource.id}/remove`);
      expect(text(page)).toContain('The account was removed');
      const after = await introMap(tokens.access_token);
      expect(Object.keys(after)).toHaveLength(Object.keys(before).length - 1);
      expect(Object.values(after).some((e) => e.endpoint.includes('/banks/monami/'))).toBe(false);
      expect(await introspectAs('monami', monami.access_token)).toEqual({ active: false });
      await sleep(BOUND_S * 1000 + 200);
      expect((await bankGet(monami)).status).toBe(401);
    });
  });

  describe('Stopping delegation at the bank', () => {
    it('the bank deletes the resource at the AS with its PAT and stops accepting tokens for the account at once', async () => {
      const c = await registerClient(run.baseUrl);
      const tokens = await obtainTokens(browser, run.baseUrl, c);
      const lastish = Object.values(await introMap(tokens.access_token)).find((e) => e.endpoint.includes('/banks/lastish/'))!;
      expect((await bankGet(lastish)).status).toBe(200);
      let page = await browser.get(`${run.baseUrl}/banks/lastish`);
      page = await browser.submit(page, '/banks/lastish/accounts/436922/undelegate');
      expect(text(page)).toContain('is no longer delegated');
      expect(text(page)).toContain('not delegated');
      expect((await bankGet(lastish)).status).toBe(401);
      expect(await run.db.query(`SELECT id FROM as_resources WHERE endpoint LIKE '%/banks/lastish/%'`)).toEqual([]);
      const map = await introMap(tokens.access_token);
      expect(Object.keys(map).some((k) => k.startsWith('Lastish'))).toBe(false);
    });
  });

  describe('Activity log', () => {
    it('records consents, tokens, Intro calls, bank introspections and revocations, with app and bank', async () => {
      const page = await browser.get(`${run.baseUrl}/as/account`);
      const rows = page.html.match(/<tr class="activity-[a-z_]+">[^]*?<\/tr>/g) ?? [];
      const kinds = new Set(rows.map((r) => /activity-([a-z_]+)/.exec(r)![1]));
      for (const kind of ['consent_given', 'tokens_issued', 'intro_called', 'bank_introspection', 'grant_revoked', 'resource_removed']) expect(kinds).toContain(kind);
      const t = text(page);
      expect(t).toContain('You revoked this connection on your dashboard');
      expect(t).toContain('The app disconnected itself (RFC 7009 revocation)');
      expect(t).toMatch(/Norma Securities checked a token: no longer valid/);
      expect(rows.some((r) => r.includes('activity-intro_called') && r.includes('Bank of Astoria'))).toBe(true);
    });

    it('the dashboard shows each app with its accounts, scopes, window, expiry and last use', async () => {
      const page = await browser.get(`${run.baseUrl}/as/account`);
      const victim = /<article class="grant ">\s*<h3>Victim[^]*?<\/article>/.exec(page.html)?.[0];
      expect(victim).toBeDefined();
      const t = text({ ...page, html: victim! });
      expect(t).toContain('ACTIVE');
      expect(t).toContain('Norma Securities — Self-Directed Brokerage ••5394');
      expect(t).toContain('See your transactions');
      expect(t).toContain('12 months back');
      // Readable times, with the exact instant for the browser to put in local time.
      expect(t).toMatch(/90 days, until \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC/);
      expect(t).toMatch(/Last used \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC/);
      expect(victim).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T[\d:.]+Z">/);
      expect(victim).toContain('/revoke');
    });
  });

  describe('UMA 2.0 resource registration across people', () => {
    it("another person's PAT for the same bank sees none of Nat's resources and cannot touch them", async () => {
      await run.db.query("INSERT INTO as_users (id, username, display_name, password_hash, created_at) VALUES ('ada', 'ada', 'Ada', ?, ?)", [await hashPassword('ada-demo'), Date.now()]);
      const rs = 'https://bank-x.example';
      const nat = await obtainPat(browser, run.baseUrl, rs, 'Bank X');
      const created = await fetch(`${run.baseUrl}/as/uma/resource_set`, {
        method: 'POST',
        headers: { authorization: `Bearer ${nat.pat}`, 'content-type': 'application/json' },
        body: JSON.stringify({ resource_scopes: ['accounts:read'], name: 'Nat at X', endpoint: `${rs}/a/1` }),
      });
      const { _id } = (await created.json()) as { _id: string };
      const ada = await obtainPat(new Browser(), run.baseUrl, rs, 'Bank X', { username: 'ada', password: 'ada-demo' }, nat.client);
      const asAda = (method: string, url: string) => fetch(url, { method, headers: { authorization: `Bearer ${ada.pat}` } });
      expect(await (await asAda('GET', `${run.baseUrl}/as/uma/resource_set`)).json()).toEqual([]);
      expect((await asAda('GET', `${run.baseUrl}/as/uma/resource_set/${_id}`)).status).toBe(404);
      expect((await asAda('DELETE', `${run.baseUrl}/as/uma/resource_set/${_id}`)).status).toBe(404);
      const still = await getJson(`${run.baseUrl}/as/uma/resource_set/${_id}`, { authorization: `Bearer ${nat.pat}` });
      expect(still.json.name).toBe('Nat at X');
    });
  });
});
