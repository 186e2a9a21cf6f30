import { setTimeout as sleep } from 'node:timers/promises';
import { hashPassword } from '../src/common/crypto/secrets.js';
import { Browser, text } from './support/browser.js';
import { authorize, authorizeUrl, basic, delegateBank, getJson, pkce, postForm, redeem, registerClient, TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

const GM = 'grant_management_query';
const SCOPES = `accounts:read transactions:read ${GM}`;
/** The fallback bound, long: a bank refusing well inside it was told by push. */
const RECHECK_S = 60;

type Entry = { endpoint: string; access_token: string };
type Choose = (fields: Record<string, string | string[]>) => Record<string, string | string[]>;

/**
 * Grant Management for OAuth 2.0 (FAPI WG draft) §5: grant_management_action create, merge and replace,
 * pushed (RFC 9126) or at the authorization endpoint, with the §5.4 errors, and what a replace that takes
 * accounts away means at the banks (§11: propagated out of band, here by SSF push).
 */
describe('Grant Management for OAuth 2.0: create, merge and replace (§5.2)', () => {
  let run: RunningApp;
  let browser: Browser;
  /** Each bank's accounts registered at the AS, by bank id; and each account's endpoint. */
  const accounts: Record<string, string[]> = {};
  const endpointOf: Record<string, string> = {};

  const push = (c: TestClient, form: Record<string, string>) => postForm(`${run.baseUrl}/as/par`, form, { authorization: basic(c.client_id, c.client_secret) });
  const viaRequestUri = (c: TestClient, requestUri: string) => `${run.baseUrl}/as/authorize?${new URLSearchParams({ client_id: c.client_id, request_uri: requestUri })}`;
  const only = (...banks: string[]): Choose => (fields) => ({ ...fields, resource: banks.flatMap((b) => accounts[b]) });

  /** PAR, consent (choosing accounts), code exchange: the token response. */
  async function authorizeByPar(c: TestClient, extra: Record<string, string>, choose?: Choose, who = browser): Promise<Record<string, any>> {
    const p = pkce();
    const pushed = await push(c, { response_type: 'code', redirect_uri: c.redirect_uri, scope: SCOPES, code_challenge: p.challenge, code_challenge_method: 'S256', ...extra });
    if (pushed.status !== 201) throw new Error(`PAR refused: ${pushed.text}`);
    const back = await authorize(who, viaRequestUri(c, pushed.json.request_uri as string), 'allow', choose);
    const res = await redeem(run.baseUrl, c, back.searchParams.get('code')!, p.verifier);
    if (res.status !== 200) throw new Error(`token request failed: ${res.text}`);
    return res.json;
  }
  const intro = async (token: string) => (await getJson(`${run.baseUrl}/as/intro`, { authorization: `Bearer ${token}` })) as { status: number; json: Record<string, Entry> };
  const banksIn = (map: Record<string, Entry>) => [...new Set(Object.values(map).map((e) => /\/banks\/([^/]+)\//.exec(e.endpoint)![1]))].sort();
  const atBank = (map: Record<string, Entry>, bank: string) => Object.values(map).find((e) => e.endpoint.includes(`/banks/${bank}/`))!;
  const forAccount = (map: Record<string, Entry>, id: string) => Object.values(map).find((e) => e.endpoint === endpointOf[id])!;
  const bankGet = (e: Entry) => fetch(e.endpoint, { headers: { authorization: `Bearer ${e.access_token}` } });
  const grantQuery = async (id: string, token: string) => (await getJson(`${run.baseUrl}/as/grants/${id}`, { authorization: `Bearer ${token}` })).json;
  const refresh = (c: TestClient, token: string) => postForm(`${run.baseUrl}/as/token`, { grant_type: 'refresh_token', refresh_token: token }, { authorization: basic(c.client_id, c.client_secret) });

  beforeAll(async () => {
    run = await startApp({ BANK_TOKEN_RECHECK_SECONDS: String(RECHECK_S) });
    browser = new Browser();
    for (const bank of ['norma', 'astoria']) await delegateBank(browser, run.baseUrl, bank);
    const rows = (await run.db.query('SELECT r.id, r.endpoint, c.resource_server FROM as_resources r JOIN as_clients c ON c.client_id = r.client_id ORDER BY r.id')) as { id: string; endpoint: string; resource_server: string }[];
    for (const r of rows) {
      (accounts[r.resource_server.split('/').pop()!] ??= []).push(r.id);
      endpointOf[r.id] = r.endpoint;
    }
  }, 60_000);
  afterAll(() => run.close());

  it('§7.1: the metadata offers query, revoke, create, merge and replace, and does not require an action', async () => {
    const meta = (await getJson(`${run.baseUrl}/.well-known/oauth-authorization-server/as`)).json;
    expect(meta.grant_management_actions_supported).toEqual(['query', 'revoke', 'create', 'merge', 'replace']);
    expect(meta.grant_management_action_required).toBe(false);
  });

  it('create: a fresh grant beside the client’s existing one, its own grant_id', async () => {
    const c = await registerClient(run.baseUrl, { scope: SCOPES });
    const first = await authorizeByPar(c, {});
    const second = await authorizeByPar(c, { grant_management_action: 'create' });
    expect(second.grant_id).not.toBe(first.grant_id);
    expect((await grantQuery(first.grant_id, first.access_token)).status).toBe('ACTIVE');
    expect((await grantQuery(second.grant_id, second.access_token)).status).toBe('ACTIVE');
  }, 30_000);

  it('merge: the new consent joins the grant (scopes, accounts), the same grant_id; its old refresh token no longer works', async () => {
    const c = await registerClient(run.baseUrl, { scope: SCOPES });
    const before = await authorizeByPar(c, { scope: `accounts:read ${GM}` }, only('norma'));
    expect(banksIn((await intro(before.access_token)).json)).toEqual(['norma']);
    // The consent page says this request changes an existing grant, and what it holds today.
    const p = pkce();
    const pushed = await push(c, { response_type: 'code', redirect_uri: c.redirect_uri, scope: 'transactions:read', code_challenge: p.challenge, code_challenge_method: 'S256', grant_management_action: 'merge', grant_id: before.grant_id });
    expect(pushed.status).toBe(201);
    const consent = await browser.get(viaRequestUri(c, pushed.json.request_uri as string));
    expect(text(consent)).toContain('This request changes a connection you already have');
    expect(text(consent)).toContain(before.grant_id);
    expect(text(consent)).toMatch(/added to it; it keeps what it already has/);
    const back = await browser.submit(consent, '/as/consent/', only('astoria')({}), { name: 'decision', value: 'allow' }, false);
    const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
    const after = (await redeem(run.baseUrl, c, code, p.verifier)).json as Record<string, any>;

    expect(after.grant_id).toBe(before.grant_id);
    expect(after.scope.split(' ').sort()).toEqual(['accounts:read', GM, 'transactions:read'].sort());
    expect(banksIn((await intro(after.access_token)).json)).toEqual(['astoria', 'norma']);
    const grant = await grantQuery(after.grant_id, after.access_token);
    expect(grant.scopes[0].resource).toEqual(expect.arrayContaining([expect.stringContaining('/banks/norma/'), expect.stringContaining('/banks/astoria/')]));
    expect((await refresh(c, before.refresh_token)).json.error).toBe('invalid_grant');
    expect((await refresh(c, after.refresh_token)).status).toBe(200);
    expect(Number(((await run.db.query('SELECT COUNT(*) AS n FROM as_grants WHERE client_id = ?', [c.client_id])) as { n: number | string }[])[0].n)).toBe(1);
  }, 30_000);

  it('replace: the grant becomes exactly the new consent, same grant_id; each bank stops the accounts taken out at once (SETs pushed), the account kept still opens', async () => {
    expect(accounts.astoria).toHaveLength(2); // Astoria holds two accounts: one is kept, one taken out.
    const [kept, dropped] = accounts.astoria;
    const c = await registerClient(run.baseUrl, { scope: SCOPES });
    const before = await authorizeByPar(c, {}, only('norma', 'astoria'));
    const oldMap = (await intro(before.access_token)).json;
    expect(banksIn(oldMap)).toEqual(['astoria', 'norma']);
    for (const id of [...accounts.norma, kept, dropped]) expect((await bankGet(forAccount(oldMap, id))).status).toBe(200);

    const after = await authorizeByPar(c, { scope: `accounts:read ${GM}`, grant_management_action: 'replace', grant_id: before.grant_id }, (f) => ({ ...f, resource: [kept] }));
    const replacedAt = Date.now();
    expect(after.grant_id).toBe(before.grant_id);
    expect(after.scope.split(' ').sort()).toEqual(['accounts:read', GM].sort());
    // Intro hands out only what the grant holds now; the old access and refresh tokens are ended.
    const newMap = (await intro(after.access_token)).json;
    expect(Object.values(newMap).map((e) => e.endpoint)).toEqual([endpointOf[kept]]);
    expect((await intro(before.access_token)).status).toBe(401);
    expect((await refresh(c, before.refresh_token)).json.error).toBe('invalid_grant');
    // Norma (no account left: session-revoked) and Astoria (one of two taken out: grant-resource-removed) heard
    // it by push, and refuse the old tokens of the accounts taken out well inside the recheck bound.
    const removed = [...accounts.norma, dropped];
    for (const id of removed) {
      let status = 200;
      while (status === 200 && Date.now() - replacedAt < 5000) {
        status = (await bankGet(forAccount(oldMap, id))).status;
        if (status === 200) await sleep(25);
      }
      expect(status).toBe(401);
      expect((await bankGet(forAccount(oldMap, id))).headers.get('www-authenticate')).toContain('security event');
    }
    expect(Date.now() - replacedAt).toBeLessThan(RECHECK_S * 1000);
    const heard = (await run.db.query('SELECT bank_id, grant_id FROM bank_revoked_grants WHERE grant_id LIKE ? ORDER BY bank_id', [`${before.grant_id}%`])) as { bank_id: string; grant_id: string }[];
    expect(heard).toEqual([
      { bank_id: 'astoria', grant_id: `${before.grant_id} ${dropped}` },
      { bank_id: 'norma', grant_id: before.grant_id },
    ]);
    // The account kept still opens, with the old bank token and with a new one.
    expect((await bankGet(forAccount(oldMap, kept))).status).toBe(200);
    expect((await bankGet(forAccount(newMap, kept))).status).toBe(200);
    const grant = await grantQuery(after.grant_id, after.access_token);
    expect(grant.scopes).toHaveLength(1);
    expect(grant.scopes[0].scope.split(' ').sort()).toEqual(['accounts:read', GM].sort());
    expect(grant.scopes[0].resource).toEqual([endpointOf[kept]]);
  }, 30_000);

  describe('§5.4 errors', () => {
    let c: TestClient;
    let own: Record<string, any>;
    const base = () => ({ response_type: 'code', redirect_uri: c.redirect_uri, scope: SCOPES, ...(() => { const p = pkce(); return { code_challenge: p.challenge, code_challenge_method: 'S256' }; })() });

    beforeAll(async () => {
      c = await registerClient(run.baseUrl, { scope: SCOPES });
      own = await authorizeByPar(c, {});
    }, 30_000);

    it.each([
      ['merge without grant_id', { grant_management_action: 'merge' }],
      ['replace without grant_id', { grant_management_action: 'replace' }],
      ['grant_id without an action', { grant_id: 'x' }],
      ['grant_id with create', { grant_management_action: 'create', grant_id: 'x' }],
      ['an action this AS does not know', { grant_management_action: 'update' }],
      ['the action twice', { grant_management_action: ['merge', 'replace'] }],
    ])('%s: invalid_request at PAR, nothing kept', async (_name, extra) => {
      const form = new URLSearchParams(base());
      for (const [k, v] of Object.entries(extra)) for (const one of [v].flat()) form.append(k, one.replace('x', own.grant_id));
      const kept = async () => Number(((await run.db.query('SELECT COUNT(*) AS n FROM as_pushed_requests')) as { n: number | string }[])[0].n);
      const before = await kept();
      const res = await fetch(`${run.baseUrl}/as/par`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(c.client_id, c.client_secret) }, body: form.toString() });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
      expect(await kept()).toBe(before);
    });

    it('another client’s grant_id, or an unknown or ended one: invalid_grant_id, at PAR and at the authorization endpoint', async () => {
      const other = await registerClient(run.baseUrl, { scope: SCOPES, client_name: 'Other App' });
      for (const grantId of [own.grant_id, 'no-such-grant']) {
        const res = await push(other, { ...base(), grant_management_action: 'merge', grant_id: grantId });
        expect(res.status).toBe(400);
        expect(res.json.error).toBe('invalid_grant_id');
      }
      // Front channel (a client that may skip PAR): the error goes back to the client by redirect.
      const back = await authorize(browser, authorizeUrl(run.baseUrl, other, { scope: SCOPES, ...pkceParams(), grant_management_action: 'replace', grant_id: own.grant_id }));
      expect(back.searchParams.get('error')).toBe('invalid_grant_id');
      expect(back.searchParams.get('code')).toBeNull();
      // An ended grant cannot be changed either.
      const ended = await authorizeByPar(c, {});
      await browser.submit(await browser.get(`${run.baseUrl}/as/account`), `/as/account/grants/${ended.grant_id}/revoke`);
      expect((await push(c, { ...base(), grant_management_action: 'merge', grant_id: ended.grant_id })).json.error).toBe('invalid_grant_id');
    }, 30_000);

    it('the front channel takes the actions too: merge at /as/authorize keeps the grant_id', async () => {
      const p = pkce();
      const back = await authorize(browser, authorizeUrl(run.baseUrl, c, { scope: SCOPES, code_challenge: p.challenge, code_challenge_method: 'S256', grant_management_action: 'merge', grant_id: own.grant_id }));
      const res = await redeem(run.baseUrl, c, back.searchParams.get('code')!, p.verifier);
      expect(res.json.grant_id).toBe(own.grant_id);
      own = res.json as Record<string, any>;
    }, 30_000);

    it('a grant of another person: invalid_grant_id at consent, and the grant is unchanged', async () => {
      await run.db.query('INSERT INTO as_users (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)', ['ada', 'ada', 'Ada', await hashPassword('ada-demo'), Date.now()]);
      const ada = new Browser();
      const p = pkce();
      const pushed = await push(c, { response_type: 'code', redirect_uri: c.redirect_uri, scope: GM, code_challenge: p.challenge, code_challenge_method: 'S256' });
      const adaBack = await authorize(ada, viaRequestUri(c, pushed.json.request_uri as string), 'allow', undefined, { username: 'ada', password: 'ada-demo' });
      const adas = (await redeem(run.baseUrl, c, adaBack.searchParams.get('code')!, p.verifier)).json as Record<string, any>;
      // Nat, signed in, is asked to merge into Ada's grant: the client names it, the person does not match.
      const pushedForNat = await push(c, { ...base(), scope: GM, grant_management_action: 'merge', grant_id: adas.grant_id });
      expect(pushedForNat.status).toBe(201);
      const back = await authorize(browser, viaRequestUri(c, pushedForNat.json.request_uri as string));
      expect(back.searchParams.get('error')).toBe('invalid_grant_id');
      expect(back.searchParams.get('code')).toBeNull();
      expect((await grantQuery(adas.grant_id, adas.access_token)).scopes).toEqual([{ scope: GM }]);
    }, 30_000);
  });
});

function pkceParams(): Record<string, string> {
  const p = pkce();
  return { code_challenge: p.challenge, code_challenge_method: 'S256' };
}
