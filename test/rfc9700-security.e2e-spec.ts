import { jest } from '@jest/globals';
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, randomInt, scryptSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Browser, forms, text } from './support/browser.js';
import type { Page } from './support/browser.js';
import { authorize, authorizeUrl, basic, delegateBank, DEMO, obtainTokens, pkce, postForm, registerClient } from './support/fixtures.js';
import type { TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import { AsUserEntity } from '../src/as/entities/as-user.entity.js';
import { BankCustomerEntity } from '../src/banks/entities/bank-customer.entity.js';
import { hang, json, paddedJson, startConnectionCounter, startLocalOrigin } from './support/local-origin.js';
import type { ConnectionCounter, LocalOrigin } from './support/local-origin.js';

/**
 * RFC 9700 (Best Current Practice for OAuth 2.0 Security), attack by attack, against the whole running
 * app; plus the browser-page, password and outbound-request protections the BCP leaves to OWASP ASVS 5.0.
 * Each test is built to fail if the protection it names is taken away. Where another suite already
 * proves a point (rfc6749-authorization-code, openid-client, person-in-control, rfc9068-bank-tokens),
 * only the angle it misses is tested here.
 */

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
const randomVerifier = (length: number) => Array.from({ length }, () => UNRESERVED[randomInt(UNRESERVED.length)]).join('');

const ATTACKER = 'https://attacker.example/cb';

/** The answer is an error page for the person: no redirect anywhere, an HTML page with a 4xx status. */
function expectErrorPage(page: Page, status?: number): void {
  expect({ status: page.status, location: page.headers.get('location') }).toEqual({ status: status ?? expect.any(Number), location: null });
  expect(page.status).toBeGreaterThanOrEqual(400);
  expect(page.status).toBeLessThan(500);
  expect(page.headers.get('content-type') ?? '').toMatch(/text\/html/);
}

/**
 * A forged form is refused: 403 for a token of another session. A form with no token at all is refused
 * before the handler runs by validation (the _csrf field is required), which answers 400 invalid_request;
 * either way nothing happens.
 */
function expectCsrfRefused(page: Page, token: string | undefined): void {
  if (token !== undefined) return expectErrorPage(page, 403);
  expectErrorPage(page);
  expect([400, 403]).toContain(page.status);
}

/** The session cookie a response sets, if any. */
function sidOf(headers: Headers): string | undefined {
  for (const c of headers.getSetCookie()) {
    const m = /^steward_sid=([^;]*)/.exec(c);
    if (m && m[1] !== '') return m[1];
  }
  return undefined;
}

function csrfOf(page: Page, actionPart: string): string {
  const form = forms(page).find((f) => f.action.includes(actionPart));
  const value = form?.fields._csrf;
  if (typeof value !== 'string' || value === '') throw new Error(`no _csrf in the form ${actionPart} on ${page.url}`);
  return value;
}

/** Date.now() moved forward for the app (which runs in this process) while `fn` runs. */
async function later<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const realNow = Date.now.bind(Date);
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + ms);
  try {
    return await fn();
  } finally {
    spy.mockRestore();
  }
}

describe('RFC 9700 OAuth 2.0 Security Best Current Practice', () => {
  let run: RunningApp;
  let base: string;
  /** Nat's browser: signed in at the AS and at Astoria, Astoria's accounts delegated to the AS. */
  let nat: Browser;
  let client: TestClient;
  /** A local origin the app trusts (TRUSTED_LOCAL_ORIGINS): a fake AS, and documents too big or too slow. */
  let origin: LocalOrigin;

  const count = async (table: string, where = '1 = 1', params: unknown[] = []) =>
    Number(((await run.db.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params)) as { n: number }[])[0].n);

  const tokenEndpoint = (c: TestClient, form: Record<string, string>, secret = c.client_secret) =>
    postForm(`${base}/as/token`, form, { authorization: basic(c.client_id, secret) });

  const redeemWith = (c: TestClient, code: string, verifier: string) =>
    tokenEndpoint(c, { grant_type: 'authorization_code', code, redirect_uri: c.redirect_uri, code_verifier: verifier });

  /** A code for `c` issued to Nat for this S256 challenge. */
  async function codeFor(c: TestClient, challenge: string): Promise<string> {
    const back = await authorize(nat, authorizeUrl(base, c, { code_challenge: challenge, code_challenge_method: 'S256' }));
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code: ${back.toString()}`);
    return code;
  }

  /** Starts a real Grapher flow in `b` and walks it through the AS; returns the redirect back to Grapher, not followed. */
  async function grapherCallback(b: Browser): Promise<URL> {
    const home = await b.get(`${base}/grapher`);
    const started = await b.submit(home, '/grapher/connect', { issuer: `${base}/as` }, undefined, false);
    if (started.status !== 303) throw new Error(`Grapher did not start a flow: ${started.status} ${text(started).slice(0, 300)}`);
    const back = await authorize(b, new URL(started.headers.get('location') as string, started.url).toString());
    if (back.pathname !== '/grapher/callback') throw new Error(`unexpected redirect back: ${back.toString()}`);
    return back;
  }

  let grapher: Promise<{ browser: Browser; callback: Page; picture: Page }> | undefined;
  /** One browser connected to the AS through Grapher (shared by the page checks). */
  function connectedGrapher() {
    grapher ??= (async () => {
      const browser = new Browser();
      const back = await grapherCallback(browser);
      const callback = await browser.request('GET', back.toString());
      if (callback.status !== 303) throw new Error(`Grapher callback failed: ${callback.status} ${text(callback).slice(0, 300)}`);
      const picture = await browser.get(new URL(callback.headers.get('location') as string, back).toString());
      if (picture.status !== 200) throw new Error(`picture failed: ${picture.status}`);
      return { browser, callback, picture };
    })();
    return grapher;
  }

  let pageSet: Promise<Record<string, Page>> | undefined;
  /** Every kind of page a person sees, fetched once: every party, signed in and out, and an error page. */
  function allPages() {
    pageSet ??= (async () => {
      const anon = new Browser();
      const p = pkce();
      const toConsent = await nat.request('GET', authorizeUrl(base, client, { code_challenge: p.challenge, code_challenge_method: 'S256' }));
      const g = await connectedGrapher();
      return {
        landing: await anon.get(`${base}/`),
        'AS login': await anon.get(`${base}/as/login`),
        consent: await nat.get(new URL(toConsent.headers.get('location') as string, toConsent.url).toString()),
        dashboard: await nat.get(`${base}/as/account`),
        'bank home, signed out': await anon.get(`${base}/banks/astoria`),
        'bank home, signed in': await nat.get(`${base}/banks/astoria`),
        'Grapher home, not connected': await anon.get(`${base}/grapher`),
        'Grapher home, connected': await g.browser.get(`${base}/grapher`),
        'Grapher picture': g.picture,
        'error page': await anon.get(`${base}/as/authorize?client_id=nobody`),
      };
    })();
    return pageSet;
  }

  const plain = (url: string, sid?: string, form?: Record<string, string>, cookie = sid ? `steward_sid=${sid}` : undefined) =>
    fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(cookie ? { cookie } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });

  const cookiesOf = async (b: string) => {
    const out: Record<string, string[]> = {};
    for (const [party, path] of [
      ['as', '/as/login'],
      ['bank', '/banks/astoria'],
      ['grapher', '/grapher'],
    ]) {
      out[party] = (await plain(`${b}${path}`)).headers.getSetCookie();
    }
    return out;
  };
  const expectedPath: Record<string, string> = { as: '/as', bank: '/banks/astoria', grapher: '/grapher' };

  beforeAll(async () => {
    origin = await startLocalOrigin();
    run = await startApp({ TRUSTED_LOCAL_ORIGINS: origin.origin });
    base = run.baseUrl;
    nat = new Browser();
    const page = await delegateBank(nat, base, 'astoria');
    if (page.status !== 200) throw new Error(`delegation at Astoria failed: ${page.status}`);
    client = await registerClient(base);
  }, 60_000);

  afterAll(async () => {
    await run?.close();
    await origin?.close();
  });

  describe('§4.1 Insufficient Redirect URI Validation', () => {
    it('§4.1.3 exact string matching: near-misses by scheme, port, host, userinfo, path encoding or fragment get an error page, never a redirect', async () => {
      // The suite rfc6749-authorization-code tries extra path, trailing slash, case and query; these are the rest.
      const nearMisses = [
        'http://client.example/cb',
        'https://client.example:443/cb',
        'https://client.example:8443/cb',
        'https://client.example.attacker.example/cb',
        'https://client.example@attacker.example/cb',
        'https://attacker.example@client.example/cb',
        'https://client.example/cb/../cb',
        'https://client.example/%63b',
        'https://client.example/cb#x',
        'https://client.example/cb%23',
        'https://CLIENT.EXAMPLE/cb',
        ' https://client.example/cb',
      ];
      for (const uri of nearMisses) {
        const res = await nat.request('GET', authorizeUrl(base, { ...client, redirect_uri: uri }, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
        expect({ uri, status: res.status, location: res.headers.get('location') }).toEqual({ uri, status: 400, location: null });
      }
    });

    it('an unregistered redirect_uri is checked before anything else: a request that is also wrong in other ways is still an error page, not an error redirect', async () => {
      const bad = { ...client, redirect_uri: ATTACKER };
      for (const params of [
        {}, // no PKCE
        { code_challenge: pkce().verifier, code_challenge_method: 'plain' },
        { response_type: 'token', code_challenge: pkce().challenge, code_challenge_method: 'S256' },
        { scope: 'everything', code_challenge: pkce().challenge, code_challenge_method: 'S256' },
      ]) {
        expectErrorPage(await nat.request('GET', authorizeUrl(base, bad, params)), 400);
      }
    });

    it('a missing redirect_uri is an error page', async () => {
      expectErrorPage(await nat.request('GET', authorizeUrl(base, { ...client, redirect_uri: undefined as unknown as string }, { redirect_uri: undefined, code_challenge: pkce().challenge, code_challenge_method: 'S256' })), 400);
    });

    it('§2.6 registration refuses more dangerous redirect URIs (the rfc6749 suite has javascript:, data:, fragment, http, relative), and stores nothing', async () => {
      const before = await count('as_clients');
      for (const uri of [
        'JAVASCRIPT:alert(1)',
        'vbscript:msgbox(1)',
        'file:///etc/passwd',
        'ftp://client.example/cb',
        'https://client.example/cb#',
        'http://localhost.attacker.example/cb',
        'http://127.0.0.1.attacker.example/cb',
      ]) {
        const res = await fetch(`${base}/as/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [uri] }) });
        expect({ uri, status: res.status, error: ((await res.json()) as { error?: string }).error }).toEqual({ uri, status: 400, error: 'invalid_redirect_uri' });
      }
      // One bad URI among good ones refuses the whole registration.
      const mixed = await fetch(`${base}/as/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: ['https://client.example/ok', 'javascript:alert(1)'] }),
      });
      expect(mixed.status).toBe(400);
      expect(await count('as_clients')).toBe(before);
      // The control: loopback http (native apps, RFC 8252 §7.3) is accepted, so the refusals above are specific.
      const loopback = await fetch(`${base}/as/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:8080/cb', 'http://localhost:8080/cb', 'http://[::1]:8080/cb'] }),
      });
      expect(loopback.status).toBe(201);
    });
  });

  describe('§4.11 Open Redirection', () => {
    describe('§4.11.2 Authorization Server as Open Redirector', () => {
      it('an unknown, missing or repeated client_id with an attacker redirect_uri never redirects, whatever else the request says', async () => {
        const unknown = { client_id: 'nobody', client_secret: '', redirect_uri: ATTACKER };
        const cases = [
          authorizeUrl(base, unknown, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }),
          authorizeUrl(base, unknown, {}),
          authorizeUrl(base, unknown, { response_type: 'token', prompt: 'none' }),
          authorizeUrl(base, { ...unknown, client_id: '' }, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }),
          authorizeUrl(base, { ...unknown, client_id: undefined as unknown as string }, { client_id: undefined, code_challenge: pkce().challenge, code_challenge_method: 'S256' }),
        ];
        const repeated = new URL(authorizeUrl(base, { ...client, redirect_uri: ATTACKER }, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
        repeated.searchParams.append('client_id', client.client_id);
        cases.push(repeated.toString());
        for (const url of cases) {
          const res = await nat.request('GET', url);
          expectErrorPage(res, 400);
          expect(res.html).not.toContain('attacker.example');
        }
      });
    });
  });

  describe('§4.5 Authorization Code Injection (the code itself)', () => {
    it('a code lives at most 60 s: expires_at − now ≤ 60 000 ms right after issue', async () => {
      const code = await codeFor(client, pkce().challenge);
      const now = Date.now();
      const rows = (await run.db.query('SELECT expires_at FROM as_authorization_codes WHERE code_hash = ?', [sha256hex(code)])) as { expires_at: number }[];
      expect(rows).toHaveLength(1);
      expect(rows[0].expires_at - now).toBeLessThanOrEqual(60_000);
      expect(rows[0].expires_at - now).toBeGreaterThan(45_000);
    });

    it('a code is stored only as its SHA-256', async () => {
      const code = await codeFor(client, pkce().challenge);
      const rows = (await run.db.query('SELECT * FROM as_authorization_codes')) as Record<string, unknown>[];
      expect(JSON.stringify(rows)).not.toContain(code);
      expect(rows.some((r) => r.code_hash === sha256hex(code))).toBe(true);
    });
  });

  describe('§4.8 PKCE Downgrade Attack (with §2.1.1: PKCE required, S256 only)', () => {
    it('§4.8.2: a code issued for an S256 challenge is not redeemed with the challenge itself as a "plain" verifier', async () => {
      const p = pkce();
      const code = await codeFor(client, p.challenge);
      const downgraded = await redeemWith(client, code, p.challenge);
      expect(downgraded.status).toBe(400);
      expect(downgraded.json.error).toBe('invalid_grant');
      // The refusal was about the verifier: the genuine one still redeems the (unspent) code.
      expect((await redeemWith(client, code, p.verifier)).status).toBe(200);
    });

    it('RFC 7636 §4.1 verifier syntax: 42 or 129 characters, or a character outside [A-Za-z0-9-._~], is refused even though its S256 matches', async () => {
      for (const verifier of [randomVerifier(42), randomVerifier(129), `${randomVerifier(42)}+`, `${randomVerifier(42)}/`, `${randomVerifier(42)}=`, `${randomVerifier(42)} `]) {
        const code = await codeFor(client, s256(verifier));
        const res = await redeemWith(client, code, verifier);
        expect({ length: verifier.length, status: res.status }).toEqual({ length: verifier.length, status: 400 });
        expect(['invalid_grant', 'invalid_request']).toContain(res.json.error);
      }
      // The control: the boundaries 43 and 128 are accepted.
      for (const verifier of [randomVerifier(43), randomVerifier(128)]) {
        const code = await codeFor(client, s256(verifier));
        expect((await redeemWith(client, code, verifier)).status).toBe(200);
      }
    });

    it('RFC 7636 §4.2 challenge syntax: a challenge that is not 43–128 unreserved characters is invalid_request, sent back to the client', async () => {
      for (const challenge of ['a'.repeat(42), 'a'.repeat(129), `${'a'.repeat(42)}+`, `${'a'.repeat(42)}=`]) {
        const res = await nat.request('GET', authorizeUrl(base, client, { state: 'pkce-syntax', code_challenge: challenge, code_challenge_method: 'S256' }));
        expect(res.status).toBe(303);
        const back = new URL(res.headers.get('location') as string);
        expect(back.origin + back.pathname).toBe(client.redirect_uri);
        expect(back.searchParams.get('error')).toBe('invalid_request');
        expect(back.searchParams.has('code')).toBe(false);
      }
    });

    it('the method is "S256" exactly: "s256" or "SHA256" is refused', async () => {
      for (const method of ['s256', 'SHA256', 'S256 ']) {
        const res = await nat.request('GET', authorizeUrl(base, client, { state: 'm', code_challenge: pkce().challenge, code_challenge_method: method }));
        expect(new URL(res.headers.get('location') as string).searchParams.get('error')).toBe('invalid_request');
      }
    });
  });

  describe('§2.5 Client Authentication', () => {
    it('an unknown client, an empty secret or malformed Basic credentials: 401 invalid_client with WWW-Authenticate at the token, revocation and introspection endpoints', async () => {
      const endpoints: [string, Record<string, string>][] = [
        ['/as/token', { grant_type: 'authorization_code', code: 'x', redirect_uri: client.redirect_uri, code_verifier: 'v'.repeat(43) }],
        ['/as/revoke', { token: 'x' }],
        ['/as/introspect', { token: 'x' }],
      ];
      const auths = [basic('nobody', 'anything'), basic(client.client_id, ''), `Basic ${Buffer.from('no-colon-here').toString('base64')}`];
      for (const [path, form] of endpoints) {
        for (const authorization of auths) {
          const res = await postForm(`${base}${path}`, form, { authorization });
          expect({ path, authorization, status: res.status, error: res.json.error }).toEqual({ path, authorization, status: 401, error: 'invalid_client' });
          expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
          expect(res.headers.get('cache-control')).toContain('no-store');
        }
      }
    });
  });

  describe('§4.4 Mix-Up Attacks and §4.7 Cross-Site Request Forgery at Grapher (/grapher/callback)', () => {
    const connections = () => count('grapher_connections');
    const codeConsumed = async (callback: URL) => {
      const rows = (await run.db.query('SELECT consumed_at FROM as_authorization_codes WHERE code_hash = ?', [sha256hex(callback.searchParams.get('code') as string)])) as { consumed_at: number | null }[];
      return rows[0]?.consumed_at !== null;
    };
    const withParam = (url: URL, name: string, value: string | undefined) => {
      const u = new URL(url);
      if (value === undefined) u.searchParams.delete(name);
      else u.searchParams.set(name, value);
      return u.toString();
    };

    it('setup: the genuine callback carries code, state and the AS issuer as iss', async () => {
      const back = await grapherCallback(new Browser());
      expect(back.searchParams.get('iss')).toBe(`${base}/as`);
      expect(back.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(back.searchParams.get('code')).toBeTruthy();
    });

    for (const [what, name, value] of [
      ['§4.4.2.1 a wrong iss (another AS answering for this flow)', 'iss', 'https://attacker.example/as'],
      ['§4.4.2.1 a missing iss', 'iss', undefined],
      ['§4.7.1 a wrong state', 'state', 'attacker-state-0000000000000000000000000000'],
      ['§4.7.1 a missing state', 'state', undefined],
    ] as const) {
      it(`${what}: an error page, no tokens kept, the code never spent; the flow is used up, so the genuine answer afterwards is refused too`, async () => {
        const b = new Browser();
        const back = await grapherCallback(b);
        const before = await connections();
        expectErrorPage(await b.request('GET', withParam(back, name, value)), 400);
        expect(await connections()).toBe(before);
        expect(await codeConsumed(back)).toBe(false);
        // Grapher's SignInService.finish clears the flow on every refusal: one answer per flow (RFC 9700 §4.7.1 one-time state).
        expectErrorPage(await b.request('GET', back.toString()), 400);
        expect(await connections()).toBe(before);
      });
    }

    it('§4.7 no flow in this browser: the same callback URL replayed from a second browser is an error page and keeps nothing; the browser that started the flow still completes it', async () => {
      const starter = new Browser();
      const back = await grapherCallback(starter);
      const before = await connections();

      const attacker = new Browser();
      await attacker.get(`${base}/grapher`); // a Grapher session of its own, with no flow in it
      expectErrorPage(await attacker.request('GET', back.toString()), 400);
      expectErrorPage(await new Browser().request('GET', back.toString()), 400); // no Grapher session at all
      expect(await connections()).toBe(before);
      expect(await codeConsumed(back)).toBe(false);

      const done = await starter.request('GET', back.toString());
      expect(done.status).toBe(303);
      expect(new URL(done.headers.get('location') as string, base).pathname).toBe('/grapher/picture');
      expect(await connections()).toBe(before + 1);
      expect(await codeConsumed(back)).toBe(true);
    });

    it('§4.7.1 state is one-time: replaying the completed callback in the same browser is refused and keeps nothing more', async () => {
      const b = new Browser();
      const back = await grapherCallback(b);
      expect((await b.request('GET', back.toString())).status).toBe(303);
      const before = await connections();
      expectErrorPage(await b.request('GET', back.toString()), 400);
      expect(await connections()).toBe(before);
    });
  });

  describe('§4.7 Cross-Site Request Forgery on the pages (OWASP ASVS 5.0 V3): a token on every form', () => {
    /** A valid token from someone else's session: what a cross-site attacker could put in a forged form. */
    async function attackersToken(): Promise<string> {
      const mallory = new Browser();
      return csrfOf(await mallory.get(`${base}/as/login`), '/as/login');
    }

    it('every <form method="post"> on every page carries a non-empty _csrf of at least 128 bits, the same within a page, different per browser', async () => {
      const pages = await allPages();
      const seen = new Map<string, string>();
      for (const [name, page] of Object.entries(pages)) {
        expect({ name, status: page.status }).toEqual({ name, status: name === 'error page' ? 400 : 200 });
        const postForms = forms(page).filter((f) => f.method.toLowerCase() === 'post');
        const raw = (page.html.match(/<form\b[^>]*method="post"/gi) ?? []).length;
        expect({ name, parsed: postForms.length }).toEqual({ name, parsed: raw });
        if (!['landing', 'error page'].includes(name)) expect({ name, forms: postForms.length > 0 }).toEqual({ name, forms: true });
        const tokens = new Set<string>();
        for (const f of postForms) {
          const token = f.fields._csrf;
          expect({ name, action: f.action, csrf: typeof token === 'string' && token.length >= 22 }).toEqual({ name, action: f.action, csrf: true });
          tokens.add(token as string);
        }
        expect(tokens.size).toBeLessThanOrEqual(1);
        if (tokens.size) seen.set(name, [...tokens][0]);
      }
      // AS pages of two browsers (Nat's and an anonymous one) carry different tokens.
      expect(seen.get('AS login')).not.toBe(seen.get('dashboard'));
    });

    it('AS login: a POST with another session\'s token or none is refused and does not sign in', async () => {
      const b = new Browser();
      const page = await b.get(`${base}/as/login`);
      for (const _csrf of [await attackersToken(), undefined]) {
        const res = await b.request('POST', `${base}/as/login`, { username: DEMO.username, password: DEMO.password, ...(_csrf ? { _csrf } : {}) });
        expectCsrfRefused(res, _csrf);
        const account = await b.request('GET', `${base}/as/account`);
        expect(account.status).toBe(303);
        expect(account.headers.get('location')).toContain('/as/login');
      }
      // The control: with its own token the same form signs in.
      const ok = await b.request('POST', `${base}/as/login`, { username: DEMO.username, password: DEMO.password, _csrf: csrfOf(page, '/as/login') });
      expect(ok.status).toBe(303);
      expect((await b.request('GET', `${base}/as/account`)).status).toBe(200);
    });

    it('consent: a forged "Allow" is refused and issues no grant and no code; the genuine form still works', async () => {
      const c = await registerClient(base);
      const toConsent = await nat.request('GET', authorizeUrl(base, c, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      const page = await nat.get(new URL(toConsent.headers.get('location') as string, toConsent.url).toString());
      const form = forms(page).find((f) => f.action.includes('/as/consent/'))!;
      const action = new URL(form.action, page.url).toString();
      for (const _csrf of [await attackersToken(), undefined]) {
        const fields = { ...form.fields, decision: 'allow' } as Record<string, string | string[]>;
        if (_csrf) fields._csrf = _csrf;
        else delete fields._csrf;
        expectCsrfRefused(await nat.request('POST', action, fields), _csrf);
        expect(await count('as_grants', 'client_id = ?', [c.client_id])).toBe(0);
        expect(await count('as_authorization_codes', 'client_id = ?', [c.client_id])).toBe(0);
      }
      const ok = await nat.request('POST', action, { ...form.fields, decision: 'allow' });
      expect(ok.status).toBe(303);
      expect(new URL(ok.headers.get('location') as string).searchParams.get('code')).toBeTruthy();
    });

    it('dashboard: a forged "Revoke access" is refused and the grant keeps working', async () => {
      const c = await registerClient(base);
      const tokens = await obtainTokens(nat, base, c);
      const [grant] = (await run.db.query('SELECT id FROM as_grants WHERE client_id = ?', [c.client_id])) as { id: string }[];
      const action = `${base}/as/account/grants/${grant.id}/revoke`;
      const dashboard = await nat.get(`${base}/as/account`);
      expect(forms(dashboard).some((f) => new URL(f.action, base).toString() === action)).toBe(true);
      for (const _csrf of [await attackersToken(), undefined]) {
        expectCsrfRefused(await nat.request('POST', action, _csrf ? { _csrf } : {}), _csrf);
        const [row] = (await run.db.query('SELECT revoked_at FROM as_grants WHERE id = ?', [grant.id])) as { revoked_at: number | null }[];
        expect(row.revoked_at).toBeNull();
        expect((await fetch(`${base}/as/intro`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(200);
      }
    });

    it('bank: a forged "Delegate my accounts" is refused and sends the person nowhere', async () => {
      const home = await nat.get(`${base}/banks/astoria`);
      expect(text(home)).toContain('Welcome');
      const mallory = new Browser();
      const foreign = csrfOf(await mallory.get(`${base}/banks/astoria`), '/banks/astoria/login');
      const before = await count('as_clients');
      for (const _csrf of [foreign, undefined]) {
        expectCsrfRefused(await nat.request('POST', `${base}/banks/astoria/delegate`, { issuer: `${base}/as`, ...(_csrf ? { _csrf } : {}) }), _csrf);
      }
      expect(await count('as_clients')).toBe(before);
      // The control: its own token starts the delegation (a redirect to the AS).
      const ok = await nat.request('POST', `${base}/banks/astoria/delegate`, { issuer: `${base}/as`, _csrf: csrfOf(home, '/banks/astoria/delegate') });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toContain('/as/authorize');
    });

    it('Grapher: a forged "AS" (connect) or "Disconnect" is refused and changes nothing', async () => {
      const { browser: connected } = await connectedGrapher();
      const mallory = new Browser();
      const foreign = csrfOf(await mallory.get(`${base}/grapher`), '/grapher/connect');

      const fresh = new Browser();
      await fresh.get(`${base}/grapher`);
      for (const _csrf of [foreign, undefined]) {
        expectCsrfRefused(await fresh.request('POST', `${base}/grapher/connect`, { issuer: `${base}/as`, ...(_csrf ? { _csrf } : {}) }), _csrf);
      }

      const before = await count('grapher_connections');
      for (const _csrf of [foreign, undefined]) {
        expectCsrfRefused(await connected.request('POST', `${base}/grapher/disconnect`, _csrf ? { _csrf } : {}), _csrf);
      }
      expect(await count('grapher_connections')).toBe(before);
      const home = await connected.get(`${base}/grapher`);
      expect(text(home)).toContain('Connected to your AS');
    });
  });

  describe('Sessions and cookies (OWASP ASVS 5.0 V7; RFC 6265bis SameSite)', () => {

    /**
     * A session from before sign-in: viewing the form keeps nothing (its token rides in the steward_csrf cookie);
     * a wrong password does (the message for the next page), so the browser has a session id to renew.
     */
    const preLoginSession = async (pageUrl: string, loginUrl: string) => {
      const page = await plain(pageUrl);
      expect(sidOf(page.headers)).toBeUndefined();
      const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('steward_csrf='))!.split(';')[0];
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
      const failed = await plain(loginUrl, undefined, { username: DEMO.username, password: 'wrong', _csrf: csrf }, csrfCookie);
      expect(failed.status).toBe(303);
      return { sid: sidOf(failed.headers) as string, csrf };
    };

    it('AS: the session id is renewed at sign-in, and the old cookie no longer signs anyone in', async () => {
      const { sid: before, csrf } = await preLoginSession(`${base}/as/login`, `${base}/as/login`);
      expect(before).toBeDefined();
      const login = await plain(`${base}/as/login`, before, { username: DEMO.username, password: DEMO.password, _csrf: csrf });
      expect(login.status).toBe(303);
      const after = sidOf(login.headers) as string;
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      const withOld = await plain(`${base}/as/account`, before);
      expect(withOld.status).toBe(303);
      expect(withOld.headers.get('location')).toContain('/as/login');
      expect((await plain(`${base}/as/account`, after)).status).toBe(200);
    });

    it('bank: the session id is renewed at sign-in, and the old cookie no longer signs anyone in', async () => {
      const { sid: before, csrf } = await preLoginSession(`${base}/banks/astoria`, `${base}/banks/astoria/login`);
      expect(before).toBeDefined();
      const login = await plain(`${base}/banks/astoria/login`, before, { username: DEMO.username, password: DEMO.password, _csrf: csrf });
      expect(login.status).toBe(303);
      const after = sidOf(login.headers) as string;
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      const withOld = await (await plain(`${base}/banks/astoria`, before)).text();
      expect(withOld).toContain('/banks/astoria/login');
      expect(withOld).not.toContain('Welcome');
      expect(await (await plain(`${base}/banks/astoria`, after)).text()).toContain('Welcome');
    });


    it('over http: every cookie is HttpOnly, SameSite=Lax, scoped to its party\'s path, and not Secure', async () => {
      for (const [party, cookies] of Object.entries(await cookiesOf(base))) {
        expect({ party, n: cookies.length > 0 }).toEqual({ party, n: true });
        for (const c of cookies) {
          expect(c).toMatch(/;\s*HttpOnly/i);
          expect(c).toMatch(/;\s*SameSite=Lax/i);
          expect(c).toMatch(new RegExp(`;\\s*Path=${expectedPath[party]}(;|$)`));
          expect(c).not.toMatch(/;\s*Secure/i);
        }
      }
    });
  });

  describe('§4.16 Clickjacking', () => {
    it('every page (and the JSON endpoints) says X-Frame-Options: DENY and CSP frame-ancestors \'none\'', async () => {
      const pages = await allPages();
      const extra = {
        metadata: await fetch(`${base}/.well-known/oauth-authorization-server/as`),
        'token error': await fetch(`${base}/as/token`, { method: 'POST' }),
        '404': await fetch(`${base}/no/such/page`, { headers: { accept: 'text/html' } }),
      };
      const all: [string, Headers][] = [...Object.entries(pages).map(([k, p]) => [k, p.headers] as [string, Headers]), ...Object.entries(extra).map(([k, r]) => [k, r.headers] as [string, Headers])];
      for (const [name, headers] of all) {
        expect({ name, xfo: headers.get('x-frame-options') }).toEqual({ name, xfo: 'DENY' });
        const csp = headers.get('content-security-policy') ?? '';
        expect({ name, frameAncestors: /(^|;)\s*frame-ancestors 'none'\s*(;|$)/.test(csp) }).toEqual({ name, frameAncestors: true });
      }
    });
  });

  describe('§4.2 Credential Leakage via Referer Headers', () => {
    it('Referrer-Policy: no-referrer on every page, on the authorization response that carries the code, and on Grapher\'s callback', async () => {
      const pages = await allPages();
      const { callback } = await connectedGrapher();
      // The authorization response itself (the 303 with ?code=…), after a consent POST.
      const c = await registerClient(base);
      const toConsent = await nat.request('GET', authorizeUrl(base, c, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      const consent = await nat.get(new URL(toConsent.headers.get('location') as string, toConsent.url).toString());
      const response = await nat.submit(consent, '/as/consent/', {}, { name: 'decision', value: 'allow' }, false);
      expect(new URL(response.headers.get('location') as string).searchParams.get('code')).toBeTruthy();
      for (const [name, page] of [...Object.entries(pages), ['authorization response', response], ['Grapher callback', callback]] as [string, Page][]) {
        expect({ name, policy: page.headers.get('referrer-policy') }).toEqual({ name, policy: 'no-referrer' });
      }
    });
  });

  describe('Cross-site scripting (OWASP ASVS 5.0 V3; RFC 7591 §5: client metadata is self-asserted)', () => {
    const directive = (csp: string, name: string) =>
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find(([n]) => n === name)
        ?.slice(1);

    it('the CSP allows no inline or eval\'d script, and no page has an inline script or event handler', async () => {
      for (const [name, page] of Object.entries(await allPages())) {
        const csp = page.headers.get('content-security-policy') ?? '';
        const scriptSrc = directive(csp, 'script-src') ?? directive(csp, 'default-src');
        expect({ name, scriptSrc: !!scriptSrc }).toEqual({ name, scriptSrc: true });
        expect({ name, inline: scriptSrc!.some((s) => ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:'].includes(s)) }).toEqual({ name, inline: false });
        // Data blocks (<script type="application/json">) are not script; anything else must come from a src.
        const inlineScripts = [...page.html.matchAll(/<script\b([^>]*)>/gi)].filter(([, attrs]) => !/\bsrc=/i.test(attrs) && !/\btype="application\/(ld\+)?json"/i.test(attrs));
        expect({ name, inlineScripts: inlineScripts.map(([tag]) => tag) }).toEqual({ name, inlineScripts: [] });
        expect({ name, handler: /<[a-z][^>]*\son[a-z]+\s*=/i.test(page.html) }).toEqual({ name, handler: false });
        expect({ name, jsUrl: /(href|src|action)\s*=\s*"\s*javascript:/i.test(page.html) }).toEqual({ name, jsUrl: false });
      }
    });

    it('a client_name carrying script is escaped on the consent page (marked unverified), on the dashboard and in the activity log', async () => {
      const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'';
      const c = await registerClient(base, { client_name: hostile });
      const toConsent = await nat.request('GET', authorizeUrl(base, c, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      const consent = await nat.get(new URL(toConsent.headers.get('location') as string, toConsent.url).toString());
      expect(consent.status).toBe(200);
      expect(text(consent)).toContain(hostile); // shown, as text
      expect(text(consent)).toMatch(/not verified/);
      const allowed = await nat.submit(consent, '/as/consent/', {}, { name: 'decision', value: 'allow' }, false);
      expect(allowed.status).toBe(303);
      const dashboard = await nat.get(`${base}/as/account`);
      expect(text(dashboard)).toContain(hostile);
      for (const page of [consent, dashboard]) {
        expect(page.html).not.toContain('<script>alert(1)');
        expect(page.html).not.toContain('<img src=x');
        expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      }
    });
  });

  describe('§4.12 307 Redirect', () => {
    it('a POST carrying credentials is answered 303 (never 307/308), at the AS and at a bank, success or failure', async () => {
      for (const [loginPage, action] of [
        [`${base}/as/login`, '/as/login'],
        [`${base}/banks/astoria`, '/banks/astoria/login'],
      ]) {
        for (const password of ['not-the-password', DEMO.password]) {
          const b = new Browser();
          const page = await b.get(loginPage);
          const res = await b.submit(page, action, { username: DEMO.username, password }, undefined, false);
          expect({ action, password, status: res.status }).toEqual({ action, password, status: 303 });
        }
      }
    });
  });

  describe('Passwords (OWASP ASVS 5.0 V6; RFC 9700 §2.4 keeps them at the AS)', () => {
    const SCRYPT = /^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/;

    it('stored as scrypt at OWASP\'s minimum (N=2^17, r=8, p=1) with a 128-bit salt, in as_users and bank_customers, salted per row', async () => {
      const as = (await run.db.query('SELECT password_hash FROM as_users')) as { password_hash: string }[];
      const banks = (await run.db.query("SELECT password_hash FROM bank_customers WHERE username = 'nat'")) as { password_hash: string }[];
      expect(as.length).toBeGreaterThan(0);
      expect(banks.length).toBe(4);
      for (const { password_hash } of [...as, ...banks]) {
        expect(password_hash).toMatch(SCRYPT);
        expect(password_hash).not.toContain(DEMO.password);
      }
      // One password, five rows, five different hashes.
      expect(new Set([...as, ...banks].map((r) => r.password_hash)).size).toBe(as.length + banks.length);
    });

    it('a hash made with older parameters (N=2^15) still signs in, and is replaced by one with today\'s at that sign-in, at the AS and at a bank', async () => {
      // scrypt N=2^15, r=8, p=1 of DEMO.password, as Steward stored it before (salt 16 zero bytes).
      const salt = Buffer.alloc(16);
      const key = scryptSync(DEMO.password, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
      const old = `scrypt$32768$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
      const users = run.db.source.getRepository(AsUserEntity);
      const customers = run.db.source.getRepository(BankCustomerEntity);
      await users.update({ username: DEMO.username }, { passwordHash: old });
      await customers.update({ username: DEMO.username, bankId: 'lastish' }, { passwordHash: old });
      for (const [loginPage, action] of [
        [`${base}/as/login`, '/as/login'],
        [`${base}/banks/lastish`, '/banks/lastish/login'],
      ]) {
        const b = new Browser();
        const res = await b.submit(await b.get(loginPage), action, { username: DEMO.username, password: DEMO.password }, undefined, false);
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).not.toContain('login');
      }
      const as = await users.findOneByOrFail({ username: DEMO.username });
      const bank = await customers.findOneByOrFail({ username: DEMO.username, bankId: 'lastish' });
      for (const hash of [as.passwordHash, bank.passwordHash]) {
        expect(hash).toMatch(SCRYPT);
        expect(hash).not.toBe(old);
      }
    });

    it('a wrong password and an unknown user get the same answer, at the AS and at a bank (no user enumeration)', async () => {
      for (const [loginPage, action] of [
        [`${base}/as/login`, '/as/login'],
        [`${base}/banks/astoria`, '/banks/astoria/login'],
      ]) {
        const answers: { status: number; location: string | null; text: string }[] = [];
        for (const username of [DEMO.username, `nobody-${randomBytes(4).toString('hex')}`]) {
          const b = new Browser();
          const page = await b.get(loginPage);
          const res = await b.submit(page, action, { username, password: 'not-the-password' }, undefined, false);
          const next = await b.get(new URL(res.headers.get('location') as string, res.url).toString());
          answers.push({ status: res.status, location: res.headers.get('location'), text: text(next) });
        }
        expect(answers[0].text).toContain('Wrong username or password');
        expect(answers[1]).toEqual(answers[0]);
      }
    });
  });

  describe('Outbound requests: no SSRF, timeouts and size bounds (outside RFC 9700; OWASP ASVS 5.0)', () => {
    let counter: ConnectionCounter;
    beforeAll(async () => {
      counter = await startConnectionCounter();
      origin.route('/.well-known/webfinger', (req, res, url) => {
        const resource = url.searchParams.get('resource') ?? '';
        // A genuine answer naming this AS, but 2 MB of it: only the size bound stops Grapher from following it.
        const links = { subject: resource, links: [{ rel: 'http://openid.net/specs/connect/1.0/issuer', href: `${base}/as` }] };
        if (resource.startsWith('acct:chunked@')) return paddedJson(links, 2 * 1024 * 1024, false)(req, res, url);
        if (resource.startsWith('acct:declared@')) return paddedJson(links, 2 * 1024 * 1024, true)(req, res, url);
        if (resource.startsWith('acct:silent@')) return hang(req, res, url);
        json({ links: [] })(req, res, url);
      });
    });
    afterAll(() => counter?.close());

    const privateTargets = () => [
      'https://127.0.0.1/as',
      'https://10.0.0.1/as',
      'https://[::1]/as',
      'https://169.254.169.254/as',
      'acct:nat@10.0.0.1',
      // A listener on loopback that counts connections: a name that resolves there, the same address
      // written as a decimal integer, and IPv4-mapped IPv6.
      `https://127.0.0.1:${counter.port}/as`,
      `https://localhost:${counter.port}/as`,
      `https://2130706433:${counter.port}/as`,
      `https://[::ffff:127.0.0.1]:${counter.port}/as`,
      `acct:nat@localhost:${counter.port}`,
    ];

    const expectRefusedAddress = (page: Page, target: string) => {
      expect({ target, status: page.status, location: page.headers.get('location') }).toEqual({ target, status: expect.any(Number), location: null });
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect({ target, says: /refused/i.test(text(page)) && /SSRF/.test(text(page)) }).toEqual({ target, says: true });
    };

    it('Grapher\'s AS field: a private, loopback or link-local address is refused with a page that says so, and nothing is dialled', async () => {
      const b = new Browser();
      const home = await b.get(`${base}/grapher`);
      for (const target of privateTargets()) {
        expectRefusedAddress(await b.submit(home, '/grapher/connect', { issuer: target }, undefined, false), target);
      }
      expect(counter.connections).toBe(0);
    });

    it('a bank\'s delegate field: the same addresses are refused the same way, and nothing is dialled', async () => {
      const home = await nat.get(`${base}/banks/astoria`);
      for (const target of privateTargets()) {
        expectRefusedAddress(await nat.submit(home, '/banks/astoria/delegate', { issuer: target }, undefined, false), target);
      }
      expect(counter.connections).toBe(0);
    });

    it('a trusted local origin answering 2 MB of WebFinger (chunked, or with its length declared) gets a clear error page, quickly', async () => {
      const b = new Browser();
      const home = await b.get(`${base}/grapher`);
      for (const who of ['chunked', 'declared']) {
        const started = Date.now();
        const page = await b.submit(home, '/grapher/connect', { issuer: `acct:${who}@127.0.0.1:${origin.port}` }, undefined, false);
        expect(Date.now() - started).toBeLessThan(6_000);
        expect(page.status).toBeGreaterThanOrEqual(400);
        expect(page.headers.get('location')).toBeNull();
        expect(text(page)).toMatch(/larger than \d+ bytes/);
      }
    });

    it('Grapher\'s code exchange goes through the same guard: a token_endpoint on a private address is refused and never dialled; one that hangs times out', async () => {
      const fakeAs = (name: string, tokenEndpoint: string) => {
        const issuer = `${origin.origin}/${name}`;
        origin.route(`/.well-known/oauth-authorization-server/${name}`, json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: tokenEndpoint, jwks_uri: `${issuer}/jwks`, registration_endpoint: `${issuer}/register`, code_challenge_methods_supported: ['S256'], authorization_response_iss_parameter_supported: true }));
        origin.route(`/${name}/register`, json({ client_id: `grapher-at-${name}`, client_secret: 'x'.repeat(43) }, 201));
        return issuer;
      };
      origin.route('/hanging-token', hang);
      for (const [issuer, says] of [
        [fakeAs('ssrf-token', `http://127.0.0.1:${counter.port}/token`), /refused.*SSRF/],
        [fakeAs('slow-token', `${origin.origin}/hanging-token`), /no answer within \d+ ms/],
      ] as const) {
        const b = new Browser();
        const started = await b.submit(await b.get(`${base}/grapher`), '/grapher/connect', { issuer }, undefined, false);
        const authorizeAt = new URL(started.headers.get('location') as string);
        expect(authorizeAt.origin + authorizeAt.pathname).toBe(`${issuer}/authorize`);
        const back = `${base}/grapher/callback?code=some-code&state=${authorizeAt.searchParams.get('state')}&iss=${encodeURIComponent(issuer)}`;
        const page = await b.get(back);
        expect({ issuer, status: page.status }).toEqual({ issuer, status: 502 });
        expect({ issuer, says: says.test(text(page)) }).toEqual({ issuer, says: true });
      }
      expect(counter.connections).toBe(0);
    }, 30_000);

    it('a trusted local origin that never answers gets a clear error page within ~6 s, not a hang', async () => {
      const b = new Browser();
      const home = await b.get(`${base}/grapher`);
      const started = Date.now();
      const page = await b.submit(home, '/grapher/connect', { issuer: `acct:silent@127.0.0.1:${origin.port}` }, undefined, false);
      expect(Date.now() - started).toBeLessThan(6_500);
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect(page.headers.get('location')).toBeNull();
      expect(text(page)).toMatch(/no answer within \d+ ms/);
    });
  });

  describe('§2.3 Access Token Privilege Restriction at the banks: an AS is trusted per account, not per bank (RFC 9068 §4)', () => {
    // A second AS that Astoria trusts — for another customer's account — with its own ES256 key.
    const FAKE_KID = 'fake-as-key-1';
    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const fakePrivatePem = keys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    let fakeIssuer: string;
    let natResourceId: string;
    const MALLORY_ACCOUNT = '9990001';
    const SLOW_ACCOUNT = '9990002';
    const BIG_ACCOUNT = '9990003';
    const accountUrl = (id: string) => `${base}/banks/astoria/fdx/v6/accounts/${id}`;
    const bankGet = (id: string, token: string) => fetch(accountUrl(id), { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });

    function claims(resourceId: string, iss: string, overrides: Record<string, unknown> = {}) {
      const now = Math.floor(Date.now() / 1000);
      return { iss, sub: 'someone', aud: `${base}/banks/astoria`, client_id: 'some-app', scope: 'accounts:read transactions:read', resource_id: resourceId, grant_id: 'g-1', jti: randomBytes(12).toString('base64url'), iat: now, exp: now + 300, ...overrides };
    }
    const fakeSigned = (payload: Record<string, unknown>, kid = FAKE_KID) => jwt.sign(payload, fakePrivatePem, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'at+jwt', kid } });

    beforeAll(async () => {
      fakeIssuer = `${origin.origin}/as`;
      const meta = (issuer: string) => ({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
      });
      origin.route('/.well-known/oauth-authorization-server/as', json(meta(fakeIssuer)));
      origin.route('/as/jwks', json({ keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid: FAKE_KID, alg: 'ES256', use: 'sig' }] }));
      origin.route('/.well-known/oauth-authorization-server/slow', hang);
      // Valid metadata for an AS whose keys would verify the token, but 2 MB of it: only the size bound refuses it.
      origin.route('/.well-known/oauth-authorization-server/big', paddedJson({ ...meta(`${origin.origin}/big`), jwks_uri: `${fakeIssuer}/jwks` }, 2 * 1024 * 1024, false));

      // A second Astoria customer, whose accounts are delegated to other authorization servers.
      await run.db.query("INSERT INTO bank_customers (bank_id, username, display_name, password_hash) VALUES ('astoria', 'mallory', 'Mallory Example', 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')");
      const [{ id }] = (await run.db.query("SELECT id FROM bank_customers WHERE bank_id = 'astoria' AND username = 'mallory'")) as { id: number }[];
      for (const [accountId, issuer] of [
        [MALLORY_ACCOUNT, fakeIssuer],
        [SLOW_ACCOUNT, `${origin.origin}/slow`],
        [BIG_ACCOUNT, `${origin.origin}/big`],
      ]) {
        await run.db.query(
          "INSERT INTO bank_accounts (bank_id, account_id, customer_id, account_category, account_type, account_number_display, product_name, nickname, status, currency_code, current_balance, credit_line, balance_as_of) VALUES ('astoria', ?, ?, 'DEPOSIT_ACCOUNT', 'CHECKING', ?, 'Mallory Checking', NULL, 'OPEN', 'USD', 100, NULL, ?)",
          [accountId, id, accountId.slice(-4), new Date().toISOString()],
        );
        await run.db.query('INSERT INTO bank_delegations (bank_id, account_id, customer_id, issuer, resource_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', ['astoria', accountId, id, issuer, `res-${accountId}`, Date.now()]);
      }
      const [nats] = (await run.db.query("SELECT resource_id FROM bank_delegations WHERE bank_id = 'astoria' AND account_id = '8879874'")) as { resource_id: string }[];
      natResourceId = nats.resource_id;
    });

    it('the control: a token the other AS signs for its own customer\'s account opens that account', async () => {
      const res = await bankGet(MALLORY_ACCOUNT, fakeSigned(claims(`res-${MALLORY_ACCOUNT}`, fakeIssuer)));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { accountId: string }).accountId).toBe(MALLORY_ACCOUNT);
    });

    it('a token the other AS signs for Nat\'s account (delegated to Nat\'s AS), every other claim right, is 401 invalid_token', async () => {
      const res = await bankGet('8879874', fakeSigned(claims(natResourceId, fakeIssuer)));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
      // …and the same with Nat's AS named as iss but the other AS's key: the signature cannot match.
      expect((await bankGet('8879874', fakeSigned(claims(natResourceId, `${base}/as`)))).status).toBe(401);
    });

    it('the other way round: a token Nat\'s AS signs for the other customer\'s account is 401 invalid_token', async () => {
      const [row] = (await run.db.query('SELECT private_pem, kid FROM as_signing_keys')) as { private_pem: string; kid: string }[];
      const asSigned = jwt.sign(claims(`res-${MALLORY_ACCOUNT}`, `${base}/as`), createPrivateKey(row.private_pem), { algorithm: 'ES256', header: { alg: 'ES256', typ: 'at+jwt', kid: row.kid } });
      const res = await bankGet(MALLORY_ACCOUNT, asSigned);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('outbound bounds at the bank: an AS whose metadata never answers, or is 2 MB, fails closed (401) within ~6 s', async () => {
      for (const [accountId, issuer] of [
        [SLOW_ACCOUNT, `${origin.origin}/slow`],
        [BIG_ACCOUNT, `${origin.origin}/big`],
      ]) {
        const started = Date.now();
        const res = await bankGet(accountId, fakeSigned(claims(`res-${accountId}`, issuer)));
        expect({ accountId, status: res.status }).toEqual({ accountId, status: 401 });
        expect(Date.now() - started).toBeLessThan(6_500);
      }
    });
  });

  // These start apps of their own, so they run last.
  describe('In apps of their own (run last)', () => {
    describe('§2.5 Client Authentication: guessing secrets is throttled (the lock lives in the process)', () => {
      let locked: RunningApp;
      beforeAll(async () => {
        locked = await startApp();
      }, 60_000);
      afterAll(() => locked?.close());

      it('11 wrong secrets within a minute: the 11th is 429 temporarily_unavailable with Retry-After, and then even the right secret is refused until the minute has passed', async () => {
        const c = await registerClient(locked.baseUrl);
        const other = await registerClient(locked.baseUrl);
        const form = { grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: c.redirect_uri, code_verifier: 'v'.repeat(43) };
        const token = (who: TestClient, secret: string) => postForm(`${locked.baseUrl}/as/token`, form, { authorization: basic(who.client_id, secret) });

        // The control: the right secret authenticates (invalid_grant is about the made-up code).
        expect((await token(c, c.client_secret)).json.error).toBe('invalid_grant');
        for (let i = 1; i <= 10; i++) {
          const res = await token(c, `wrong-${i}`);
          expect({ attempt: i, status: res.status, error: res.json.error }).toEqual({ attempt: i, status: 401, error: 'invalid_client' });
        }
        const eleventh = await token(c, 'wrong-11');
        expect(eleventh.status).toBe(429);
        expect(eleventh.json.error).toBe('temporarily_unavailable');
        const retryAfter = Number(eleventh.headers.get('retry-after'));
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);

        const right = await token(c, c.client_secret);
        expect(right.status).toBe(429);
        expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
        // The lock is the client's, wherever it authenticates, and only that client's.
        expect((await postForm(`${locked.baseUrl}/as/revoke`, { token: 'x' }, { authorization: basic(c.client_id, c.client_secret) })).status).toBe(429);
        expect((await token(other, other.client_secret)).json.error).toBe('invalid_grant');

        // Once the minute has passed, the right secret works again.
        const afterWindow = await later(61_000, () => token(c, c.client_secret));
        expect(afterWindow.json.error).toBe('invalid_grant');
      });
    });

    describe('Passwords (OWASP ASVS 5.0 V6): guessing is throttled (the lock lives in the process)', () => {
      let locked: RunningApp;
      beforeAll(async () => {
        locked = await startApp();
      }, 60_000);
      afterAll(() => locked?.close());

      for (const [where, loginPage, action, home, signedIn] of [
        ['AS', '/as/login', '/as/login', '/as/account', (p: Page) => p.status === 200 && p.url.endsWith('/as/account')],
        ['bank', '/banks/astoria', '/banks/astoria/login', '/banks/astoria', (p: Page) => p.status === 200 && text(p).includes('Welcome')],
      ] as const) {
        it(`${where}: the 6th wrong password for a username within 15 minutes → 429 page with Retry-After; the right password is refused too until the window has passed`, async () => {
          const L = locked.baseUrl;
          const b = new Browser();
          const csrf = csrfOf(await b.get(`${L}${loginPage}`), action);
          const attempt = (password: string, username: string = DEMO.username) => b.request('POST', `${L}${action}`, { username, password, _csrf: csrf });
          for (let i = 1; i <= 5; i++) {
            const res = await attempt(`wrong-${i}`);
            expect({ attempt: i, status: res.status }).toEqual({ attempt: i, status: 303 });
          }
          const sixth = await attempt('wrong-6');
          expect(sixth.status).toBe(429);
          expect(sixth.headers.get('content-type')).toMatch(/text\/html/);
          const retryAfter = Number(sixth.headers.get('retry-after'));
          expect(Number.isInteger(retryAfter)).toBe(true);
          expect(retryAfter).toBeGreaterThan(0);
          expect(retryAfter).toBeLessThanOrEqual(15 * 60);
          expect(text(sixth)).toMatch(/too many/i);

          const right = await attempt(DEMO.password);
          expect(right.status).toBe(429);
          expect(signedIn(await b.get(`${L}${home}`))).toBe(false);
          // Only this username is locked.
          expect((await attempt('wrong', `someone-else-${randomBytes(3).toString('hex')}`)).status).toBe(303);

          const afterWindow = await later(15 * 60_000 + 1_000, () => attempt(DEMO.password));
          expect(afterWindow.status).toBe(303);
          expect(signedIn(await b.get(`${L}${home}`))).toBe(true);
        });
      }
    });

    describe('Sessions and cookies (OWASP ASVS 5.0 V7): Secure when PUBLIC_URL is https', () => {
      let secure: RunningApp;
      beforeAll(async () => {
        secure = await startApp({ PUBLIC_URL: 'https://steward.test' });
      }, 60_000);
      afterAll(() => secure?.close());

      it('every cookie is also Secure', async () => {
        // startApp listens on 127.0.0.1 whatever PUBLIC_URL says, so its http baseUrl still reaches it.
        for (const [party, cookies] of Object.entries(await cookiesOf(secure.baseUrl))) {
          expect({ party, n: cookies.length > 0 }).toEqual({ party, n: true });
          for (const c of cookies) {
            expect(c).toMatch(/;\s*Secure/i);
            expect(c).toMatch(/;\s*HttpOnly/i);
            expect(c).toMatch(/;\s*SameSite=Lax/i);
            expect(c).toMatch(new RegExp(`;\\s*Path=${expectedPath[party]}(;|$)`));
          }
        }
      });
    });
  });
});
