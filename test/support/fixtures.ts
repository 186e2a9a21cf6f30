import { createHash, randomBytes } from 'node:crypto';
import { authorizeThrough, Browser, Page } from './browser.js';

export const DEMO = { username: 'nat', password: 'nat-demo' };
export const BANK_IDS = ['norma', 'lastish', 'monami', 'astoria'] as const;

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, json, text };
}

export async function getJson(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json: json as Record<string, any>, text };
}

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uri: string;
}

/** RFC 7591 registration of a test app with an https redirect URI it never needs to serve. */
export async function registerClient(baseUrl: string, overrides: Record<string, unknown> = {}): Promise<TestClient> {
  const redirect_uri = 'https://client.example/cb';
  const res = await fetch(`${baseUrl}/as/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: 'Test App', redirect_uris: [redirect_uri], scope: 'accounts:read transactions:read', ...overrides }),
  });
  const body = (await res.json()) as { client_id: string; client_secret: string };
  if (res.status !== 201) throw new Error(`registration failed: ${JSON.stringify(body)}`);
  return { client_id: body.client_id, client_secret: body.client_secret, redirect_uri: (overrides.redirect_uris as string[] | undefined)?.[0] ?? redirect_uri };
}

/** Signs in on whatever login form the page shows (bank or AS). */
export async function signIn(browser: Browser, page: Page, actionPart: string, who = DEMO): Promise<Page> {
  return browser.submit(page, actionPart, { username: who.username, password: who.password });
}

/** Phase 1 at one bank, through its pages: sign in, delegate to the issuer, sign in at the AS, allow. */
export async function delegateBank(browser: Browser, baseUrl: string, bankId: string, issuer = `${baseUrl}/as`): Promise<Page> {
  let page = await browser.get(`${baseUrl}/banks/${bankId}`);
  if (page.html.includes(`/banks/${bankId}/login`)) page = await signIn(browser, page, `/banks/${bankId}/login`);
  page = await browser.submit(page, `/banks/${bankId}/delegate`, { issuer });
  if (/action="[^"]*\/as\/login"/.test(page.html) || page.url.includes('/as/login')) page = await signIn(browser, page, '/as/login');
  return browser.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
}

/**
 * Walks an authorization request through login and consent and returns the redirect back to the
 * client (not followed: the test client's redirect URI is not served).
 */
export function authorize(
  browser: Browser,
  authorizeUrl: string,
  decision: 'allow' | 'deny' = 'allow',
  choose?: (fields: Record<string, string | string[]>) => Record<string, string | string[]>,
  who = DEMO,
): Promise<URL> {
  return authorizeThrough(browser, authorizeUrl, { decision, choose, username: who.username, password: who.password });
}

export function authorizeUrl(baseUrl: string, client: TestClient, params: Record<string, string | undefined>): string {
  const url = new URL(`${baseUrl}/as/authorize`);
  const all: Record<string, string | undefined> = { response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope: 'accounts:read transactions:read', state: 'st-' + randomBytes(8).toString('hex'), ...params };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** Redeems a code at the token endpoint with client_secret_basic. */
export async function redeem(baseUrl: string, client: TestClient, code: string, verifier: string) {
  return postForm(`${baseUrl}/as/token`, { grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier }, { authorization: basic(client.client_id, client.client_secret) });
}

/** A full authorization for `client` with the given scope; returns the token response body. */
export async function obtainTokens(
  browser: Browser,
  baseUrl: string,
  client: TestClient,
  scope = 'accounts:read transactions:read',
  choose?: (fields: Record<string, string | string[]>) => Record<string, string | string[]>,
): Promise<Record<string, any>> {
  const p = pkce();
  const back = await authorize(browser, authorizeUrl(baseUrl, client, { scope, code_challenge: p.challenge, code_challenge_method: 'S256' }), 'allow', choose);
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${back}`);
  const res = await redeem(baseUrl, client, code, p.verifier);
  if (res.status !== 200) throw new Error(`token request failed: ${res.text}`);
  return res.json;
}

/** A bank-like resource server client (registered unless given) and a PAT (scope uma_protection) a person approved. */
export async function obtainPat(browser: Browser, baseUrl: string, resourceServer: string, name = 'Test Bank', who = DEMO, existing?: TestClient) {
  const client = existing ?? (await registerClient(baseUrl, { client_name: name, scope: 'uma_protection', resource_server: resourceServer, redirect_uris: [`${resourceServer}/callback`] }));
  const p = pkce();
  const back = await authorize(browser, authorizeUrl(baseUrl, client, { scope: 'uma_protection', code_challenge: p.challenge, code_challenge_method: 'S256' }), 'allow', undefined, who);
  const res = await redeem(baseUrl, client, back.searchParams.get('code') as string, p.verifier);
  return { client, pat: res.json.access_token as string };
}
