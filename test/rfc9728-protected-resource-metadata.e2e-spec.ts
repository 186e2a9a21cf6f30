import * as oauth from 'oauth4webapi';
import { Browser } from './support/browser.js';
import { delegateBank, getJson, obtainTokens, registerClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import type { IntroEntry } from '../src/as/intro/intro.service.js';

/**
 * RFC 9728 (OAuth 2.0 Protected Resource Metadata) at every bank: a document for the bank and for each
 * account resource, and a resource_metadata pointer in every 401/403 (§5.1) — so that a client holding
 * only a bank account's URL finds the AS that guards it. Read with oauth4webapi, unmodified.
 */

const CHECKING = '8879874';
const NORMA_BROKERAGE = '5835394';
const insecure = { [oauth.allowInsecureRequests]: true };

describe('RFC 9728 protected resource metadata at the banks', () => {
  let run: RunningApp;
  let baseUrl: string;
  let issuer: string;
  let astoriaToken: string;
  const bankUrl = (bank: string) => `${baseUrl}/banks/${bank}`;
  const accountUrl = (bank: string, account: string) => `${bankUrl(bank)}/fdx/v6/accounts/${account}`;
  const wellKnown = (resource: string) => {
    const u = new URL(resource);
    return `${u.origin}/.well-known/oauth-protected-resource${u.pathname}`;
  };

  beforeAll(async () => {
    run = await startApp();
    baseUrl = run.baseUrl;
    issuer = `${baseUrl}/as`;
    const browser = new Browser();
    // Astoria is delegated to the AS; Norma is not.
    const page = await delegateBank(browser, baseUrl, 'astoria');
    if (page.status !== 200) throw new Error(`delegation failed: ${page.status}`);
    const client = await registerClient(baseUrl);
    const tokens = await obtainTokens(browser, baseUrl, client, 'accounts:read');
    const intro = (await getJson(`${baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json as Record<string, IntroEntry>;
    astoriaToken = Object.values(intro).find((e) => e.endpoint === accountUrl('astoria', CHECKING))!.access_token;
  }, 60_000);

  afterAll(() => run?.close());

  describe('§2, §3: the documents', () => {
    it("a bank's document: resource is the bank's URL, its scopes and header-only bearer method, and no AS (each account has its own)", async () => {
      const rs = await oauth.processResourceDiscoveryResponse(new URL(bankUrl('astoria')), await oauth.resourceDiscoveryRequest(new URL(bankUrl('astoria')), insecure));
      expect(rs).toMatchObject({ resource: bankUrl('astoria'), scopes_supported: ['accounts:read', 'transactions:read'], bearer_methods_supported: ['header'] });
      // RFC 9728 §2 with RFC 9449: the proofs it checks; DPoP is not required of every client.
      expect(rs).toMatchObject({ dpop_signing_alg_values_supported: ['ES256', 'PS256', 'EdDSA'], dpop_bound_access_tokens_required: false });
      expect(rs.authorization_servers).toBeUndefined();
    });

    it('a delegated account names the AS it is delegated to, for the account and for its transactions', async () => {
      for (const resource of [accountUrl('astoria', CHECKING), `${accountUrl('astoria', CHECKING)}/transactions`]) {
        const res = await getJson(wellKnown(resource));
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.headers.get('cache-control')).toContain('no-store');
        expect(res.json).toMatchObject({ resource, authorization_servers: [issuer], scopes_supported: ['accounts:read', 'transactions:read'] });
      }
    });

    it('an account that is not delegated, an unknown account and an unknown bank: 404', async () => {
      expect((await getJson(wellKnown(accountUrl('norma', NORMA_BROKERAGE)))).status).toBe(404);
      expect((await getJson(wellKnown(accountUrl('astoria', 'nope')))).status).toBe(404);
      expect((await getJson(wellKnown(bankUrl('nobank')))).status).toBe(404);
    });
  });

  describe('§5.1 and RFC 6750 §3.1: the challenges', () => {
    async function challengeOf(url: string, token?: string) {
      const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status, www: res.headers.get('www-authenticate') ?? '' };
    }

    it('a request with no credentials: 401, a Bearer challenge with realm and resource_metadata but no error code', async () => {
      const { status, www } = await challengeOf(accountUrl('astoria', CHECKING));
      expect(status).toBe(401);
      expect(www).toMatch(/^Bearer realm="bank-astoria"/);
      expect(www).toContain(`resource_metadata="${wellKnown(accountUrl('astoria', CHECKING))}"`);
      expect(www).not.toContain('error=');
    });

    it('an invalid token: 401 invalid_token naming the metadata of the very URL requested (§3.3)', async () => {
      const url = `${accountUrl('astoria', CHECKING)}/transactions`;
      const { status, www } = await challengeOf(`${url}?limit=5`, 'a.b.c');
      expect(status).toBe(401);
      expect(www).toContain('error="invalid_token"');
      expect(www).toContain(`resource_metadata="${wellKnown(url)}"`);
    });

    it('insufficient scope: 403 with resource_metadata', async () => {
      const url = `${accountUrl('astoria', CHECKING)}/transactions`;
      const { status, www } = await challengeOf(url, astoriaToken);
      expect(status).toBe(403);
      expect(www).toContain('error="insufficient_scope"');
      expect(www).toContain(`resource_metadata="${wellKnown(url)}"`);
    });

    it("an account's 401 even where the account is not delegated names its metadata URL", async () => {
      const { status, www } = await challengeOf(accountUrl('norma', NORMA_BROKERAGE), 'a.b.c');
      expect(status).toBe(401);
      expect(www).toContain(`resource_metadata="${wellKnown(accountUrl('norma', NORMA_BROKERAGE))}"`);
    });
  });

  it("a strict client holding only an account's URL finds the person's AS: 401 → resource_metadata → authorization_servers → RFC 8414 metadata", async () => {
    const resource = new URL(accountUrl('astoria', CHECKING));
    const err = await oauth.protectedResourceRequest('not.a.token', 'GET', resource, undefined, undefined, insecure).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    const [challenge] = (err as oauth.WWWAuthenticateChallengeError).cause;
    expect(challenge.scheme).toBe('bearer');
    const metadataUrl = new URL(challenge.parameters.resource_metadata!);
    const rs = await oauth.processResourceDiscoveryResponse(resource, await fetch(metadataUrl));
    expect(rs.authorization_servers).toEqual([issuer]);
    const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer), { algorithm: 'oauth2', ...insecure }));
    expect(as.issuer).toBe(issuer);
    expect(as.token_endpoint).toBe(`${issuer}/token`);
  });
});
