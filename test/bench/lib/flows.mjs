// The story's steps over real HTTP, with the same scripted browser the demo and the e2e suites use.
import { createHash, randomBytes } from 'node:crypto';
import { authorizeThrough, Browser, forms } from '../../../dist/src/demo/robot-browser.js';
import { createDpopProof, newDpopKey } from '../../../dist/src/common/dpop/dpop-proof.js';

export { Browser, createDpopProof, forms, newDpopKey };
export const NAT = { username: 'nat', password: 'nat-demo' };
export const STORY_BANKS = ['norma', 'lastish', 'monami', 'astoria'];

export function extraBankIds(count) {
  return Array.from({ length: count }, (_, i) => `bank${String(i + 5).padStart(2, '0')}`);
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function basic(id, secret) {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

async function expectOk(res, what) {
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

export async function postForm(url, form, headers = {}) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
}

/** Phase 1 at one bank through its pages: sign in, delegate to the AS, sign in there if needed, allow. */
export async function delegateBank(browser, base, bankId) {
  let page = await browser.get(`${base}/banks/${bankId}`);
  if (page.html.includes(`/banks/${bankId}/login`)) page = await browser.submit(page, `/banks/${bankId}/login`, NAT);
  page = await browser.submit(page, `/banks/${bankId}/delegate`, { issuer: `${base}/as` });
  if (/action="[^"]*\/as\/login"/.test(page.html)) page = await browser.submit(page, '/as/login', NAT);
  page = await browser.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
  if (page.status !== 200 || !/Done: \d+ account\(s\)/.test(page.html)) throw new Error(`delegation at ${bankId} did not finish: ${page.url} ${page.status}`);
  return page;
}

export async function registerClient(base, overrides = {}) {
  const redirect_uri = 'https://client.example/cb';
  const body = { client_name: 'Bench App', redirect_uris: [redirect_uri], scope: 'accounts:read transactions:read', ...overrides };
  const res = await fetch(`${base}/as/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await expectOk(res, 'registration');
  return { client_id: json.client_id, client_secret: json.client_secret, redirect_uri: body.redirect_uris[0] };
}

/** Authorization code flow with PKCE through sign-in and consent, then the code redeemed: the token response. */
export async function obtainTokens(browser, base, client, { scope = 'accounts:read transactions:read', choose } = {}) {
  const p = pkce();
  const url = new URL(`${base}/as/authorize`);
  const params = { response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope, state: randomBytes(8).toString('hex'), code_challenge: p.challenge, code_challenge_method: 'S256' };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const back = await authorizeThrough(browser, url.toString(), { ...NAT, choose });
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${back}`);
  const res = await postForm(`${base}/as/token`, { grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: p.verifier }, { authorization: basic(client.client_id, client.client_secret) });
  return expectOk(res, 'token request');
}

/** The code flow of a DPoP client (RFC 9449): the code redeemed with a proof of `key`, with the AS's nonce (§8). */
export async function obtainDpopTokens(browser, base, client, key) {
  const p = pkce();
  const url = new URL(`${base}/as/authorize`);
  const params = { response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope: 'accounts:read transactions:read', code_challenge: p.challenge, code_challenge_method: 'S256' };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const back = await authorizeThrough(browser, url.toString(), NAT);
  const form = { grant_type: 'authorization_code', code: back.searchParams.get('code'), redirect_uri: client.redirect_uri, code_verifier: p.verifier };
  const send = (nonce) => postForm(`${base}/as/token`, form, { authorization: basic(client.client_id, client.client_secret), dpop: createDpopProof(key, 'POST', `${base}/as/token`, { nonce }) });
  let res = await send();
  if (res.status === 400) res = await send(res.headers.get('dpop-nonce') ?? undefined);
  return expectOk(res, 'DPoP token request');
}

/** Intro with a DPoP-bound token: every bank token it gives is bound to the same key. */
export async function dpopIntro(base, accessToken, key) {
  const url = `${base}/as/intro`;
  return expectOk(await fetch(url, { headers: { authorization: `DPoP ${accessToken}`, dpop: createDpopProof(key, 'GET', url, { accessToken }) } }), 'Intro (DPoP)');
}

export async function intro(base, accessToken) {
  return expectOk(await fetch(`${base}/as/intro`, { headers: { authorization: `Bearer ${accessToken}` } }), 'Intro');
}

/**
 * A resource server with `count` accounts registered through the UMA API (PAT-protected), each endpoint
 * under the PAT client's resource_server. Returns the new resource ids.
 */
export async function registerUmaResources(browser, base, count, resourceServer = 'https://bench-bank.invalid') {
  const client = await registerClient(base, { client_name: 'Bench Bank', scope: 'uma_protection', resource_server: resourceServer, redirect_uris: [`${resourceServer}/callback`] });
  const pat = (await obtainTokens(browser, base, client, { scope: 'uma_protection' })).access_token;
  const ids = [];
  for (let i = 1; i <= count; i++) {
    const res = await fetch(`${base}/as/uma/resource_set`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pat}`, 'content-type': 'application/json' },
      body: JSON.stringify({ resource_scopes: ['accounts:read', 'transactions:read'], name: `Bench account ${i}`, type: 'checking', endpoint: `${resourceServer}/fdx/v6/accounts/${1000 + i}` }),
    });
    ids.push((await expectOk(res, 'resource registration'))._id);
  }
  return ids;
}

/** The consent form's accounts narrowed to `ids`. */
export const onlyResources = (ids) => (fields) => ({ ...fields, resource: ids });

/** What Grapher does per account: the account, then every page of transactions for the last 12 months. */
export async function readAccount(entry) {
  if (new URL(entry.endpoint).hostname !== '127.0.0.1') throw new Error(`not a loopback endpoint, not called: ${entry.endpoint}`);
  const headers = { authorization: `Bearer ${entry.access_token}` };
  await expectOk(await fetch(entry.endpoint, { headers }), `bank ${entry.endpoint}`);
  const now = new Date();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
  let offset = '0';
  let n = 0;
  while (offset !== undefined) {
    const url = `${entry.endpoint}/transactions?${new URLSearchParams({ startTime: since, offset, limit: '500' })}`;
    const body = await expectOk(await fetch(url, { headers }), `bank ${url}`);
    n += body.transactions.length;
    offset = body.page?.nextOffset;
  }
  return n;
}
