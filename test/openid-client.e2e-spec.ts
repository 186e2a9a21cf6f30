import { Issuer, generators, errors } from 'openid-client';
import type { BaseClient, CallbackParamsType, TokenSet } from 'openid-client';
import { Browser } from './support/browser.js';
import { authorize, delegateBank } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import type { IntroEntry } from '../src/as/intro/intro.service.js';

/**
 * An independent, standards-following OAuth client library (openid-client 5, used as a black box exactly
 * as its README shows) against the AS, unmodified: discovery, dynamic registration, the code flow with
 * PKCE and RFC 9207 `iss`, refresh rotation and revocation. If the library and the AS disagree on a
 * standard, one of these fails.
 */

const REDIRECT_URI = 'https://rp.example/cb';
const SCOPE = 'accounts:read transactions:read';

const { OPError, RPError } = errors;

function wellKnown(baseUrl: string): string {
  return `${baseUrl}/.well-known/oauth-authorization-server/as`;
}

/** Registration metadata exactly as a relying party would send it. */
function rpMetadata() {
  return {
    redirect_uris: [REDIRECT_URI],
    client_name: 'openid-client RP',
    token_endpoint_auth_method: 'client_secret_basic',
    scope: SCOPE,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  };
}

/**
 * `issuer.Client.register(metadata)`, exactly as the README calls it. openid-client 5's own typings leave
 * the static `register` off `TypeOfGenericClient` (it is declared only on `BaseClient`), so the type needs a
 * cast; the runtime call is the library's, untouched.
 */
function register(issuer: Issuer<BaseClient>, metadata: Record<string, unknown> = rpMetadata()): Promise<BaseClient> {
  return (issuer.Client as unknown as typeof BaseClient).register(metadata);
}

/** Awaits a promise that must reject, and returns what it rejected with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

interface Rp {
  issuer: Issuer<BaseClient>;
  client: BaseClient;
  browser: Browser;
}

/** The person delegates two banks (Norma: one account, Astoria: two); the RP discovers and registers. */
async function setUp(run: RunningApp): Promise<Rp> {
  const browser = new Browser();
  await delegateBank(browser, run.baseUrl, 'astoria');
  await delegateBank(browser, run.baseUrl, 'norma');
  const issuer = await Issuer.discover(wellKnown(run.baseUrl));
  const client = await register(issuer);
  return { issuer, client, browser };
}

interface Attempt {
  url: string;
  state: string;
  codeVerifier: string;
}

function startAuthorization(client: BaseClient): Attempt {
  const codeVerifier = generators.codeVerifier();
  const state = generators.state();
  const url = client.authorizationUrl({ scope: SCOPE, state, code_challenge: generators.codeChallenge(codeVerifier), code_challenge_method: 'S256' });
  return { url, state, codeVerifier };
}

/** Login (already signed in) and consent in the browser; the redirect back, as the library parses it. */
async function callback(rp: Rp, attempt: Attempt, decision: 'allow' | 'deny' = 'allow'): Promise<{ redirect: URL; params: CallbackParamsType }> {
  const redirect = await authorize(rp.browser, attempt.url, decision);
  return { redirect, params: rp.client.callbackParams(redirect.toString()) };
}

async function connect(rp: Rp): Promise<TokenSet> {
  const attempt = startAuthorization(rp.client);
  const { params } = await callback(rp, attempt);
  return rp.client.oauthCallback(REDIRECT_URI, params, { state: attempt.state, code_verifier: attempt.codeVerifier });
}

/** Intro at `where` (a base URL, or the intro_endpoint itself), through the library's requestResource(). */
async function intro(rp: Rp, where: string, accessToken: string | TokenSet): Promise<{ status: number; wwwAuthenticate?: string; body: Record<string, IntroEntry> }> {
  const res = await rp.client.requestResource(where.endsWith('/as/intro') ? where : `${where}/as/intro`, accessToken);
  const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : '';
  return { status: res.statusCode ?? 0, wwwAuthenticate: res.headers['www-authenticate'], body: text ? (JSON.parse(text) as Record<string, IntroEntry>) : {} };
}

function jwtParts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')), payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) };
}

describe('openid-client 5 against the AS, unmodified', () => {
  describe('RFC 8414 discovery', () => {
    let run: RunningApp;
    let issuer: Issuer<BaseClient>;

    beforeAll(async () => {
      run = await startApp();
      issuer = await Issuer.discover(wellKnown(run.baseUrl));
    });
    afterAll(() => run.close());

    it('the issuer is the one the well-known URI was built from (§3, §3.3)', () => {
      // §3.1: the well-known segment is inserted between host and path, so ".../oauth-authorization-server/as" is issuer "<origin>/as".
      expect(issuer.issuer).toBe(`${run.baseUrl}/as`);
      expect(issuer.metadata.issuer).toBe(`${run.baseUrl}/as`);
    });

    it('advertises PKCE S256 and RFC 9207 iss, and nothing it does not do', () => {
      const m = issuer.metadata;
      expect(m.code_challenge_methods_supported).toEqual(['S256']);
      expect(m.authorization_response_iss_parameter_supported).toBe(true);
      expect(m.response_types_supported).toEqual(['code']);
      expect(m.grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
      expect(m.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic']));
      expect(m.scopes_supported).toEqual(expect.arrayContaining(['accounts:read', 'transactions:read']));
    });

    it('every endpoint the library will call lives under the issuer', () => {
      const m = issuer.metadata;
      expect(m.authorization_endpoint).toBe(`${run.baseUrl}/as/authorize`);
      expect(m.token_endpoint).toBe(`${run.baseUrl}/as/token`);
      expect(m.registration_endpoint).toBe(`${run.baseUrl}/as/register`);
      expect(m.revocation_endpoint).toBe(`${run.baseUrl}/as/revoke`);
      expect(m.jwks_uri).toBe(`${run.baseUrl}/as/jwks`);
      expect(m.intro_endpoint).toBe(`${run.baseUrl}/as/intro`);
      // The library derives the revocation auth methods from the AS's own list.
      expect(m.revocation_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic']));
    });
  });

  describe('RFC 7591 registration', () => {
    let run: RunningApp;
    let issuer: Issuer<BaseClient>;

    beforeAll(async () => {
      run = await startApp();
      issuer = await Issuer.discover(wellKnown(run.baseUrl));
    });
    afterAll(() => run.close());

    it('issuer.Client.register() gets a client_id and secret and echoes the metadata (§3.2.1)', async () => {
      const client = await register(issuer);
      expect(typeof client.client_id).toBe('string');
      expect((client.client_id as string).length).toBeGreaterThan(0);
      expect(typeof client.client_secret).toBe('string');
      expect((client.client_secret as string).length).toBeGreaterThan(0);
      const m = client.metadata;
      expect(m.redirect_uris).toEqual([REDIRECT_URI]);
      expect(m.client_name).toBe('openid-client RP');
      expect(m.token_endpoint_auth_method).toBe('client_secret_basic');
      expect(m.grant_types).toEqual(['authorization_code', 'refresh_token']);
      expect(m.response_types).toEqual(['code']);
      expect(m.scope).toBe(SCOPE);
      expect(m.client_secret_expires_at).toBe(0);
      expect(typeof m.client_id_issued_at).toBe('number');
    });

    it('two registrations are two clients', async () => {
      const a = await register(issuer);
      const b = await register(issuer);
      expect(a.client_id).not.toBe(b.client_id);
      expect(a.client_secret).not.toBe(b.client_secret);
    });

    it('refused metadata comes back as an RFC 7591 §3.2.2 error the library raises as OPError', async () => {
      const err = await rejection(register(issuer, { ...rpMetadata(), redirect_uris: ['http://rp.example/cb'] }));
      expect(err).toBeInstanceOf(OPError);
      expect((err as InstanceType<typeof OPError>).error).toBe('invalid_redirect_uri');
      expect((err as InstanceType<typeof OPError>).response?.statusCode).toBe(400);
    });
  });

  describe('RFC 6749 §4.1 + RFC 7636 + RFC 9207 via openid-client', () => {
    let run: RunningApp;
    let rp: Rp;
    let tokens: TokenSet;
    let entries: Record<string, IntroEntry>;

    beforeAll(async () => {
      run = await startApp();
      rp = await setUp(run);
    });
    afterAll(() => run.close());

    it('client.authorizationUrl() builds a code request with PKCE S256 at the authorization endpoint', () => {
      const attempt = startAuthorization(rp.client);
      const url = new URL(attempt.url);
      expect(`${url.origin}${url.pathname}`).toBe(`${run.baseUrl}/as/authorize`);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('client_id')).toBe(rp.client.client_id);
      expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
      expect(url.searchParams.get('scope')).toBe(SCOPE);
      expect(url.searchParams.get('state')).toBe(attempt.state);
      expect(url.searchParams.get('code_challenge')).toBe(generators.codeChallenge(attempt.codeVerifier));
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    });

    it('consent redirects back with code, state and iss; oauthCallback() checks iss and redeems the code', async () => {
      const attempt = startAuthorization(rp.client);
      const { redirect, params } = await callback(rp, attempt);
      expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
      expect(params.code).toEqual(expect.any(String));
      expect(params.state).toBe(attempt.state);
      expect(params.iss).toBe(`${run.baseUrl}/as`); // RFC 9207 §2
      tokens = await rp.client.oauthCallback(REDIRECT_URI, params, { state: attempt.state, code_verifier: attempt.codeVerifier });
      expect(tokens.access_token).toEqual(expect.any(String));
      expect(tokens.token_type).toBe('Bearer');
      expect(tokens.expires_in).toBeGreaterThan(0);
      expect(tokens.expires_at).toEqual(expect.any(Number));
      expect(tokens.refresh_token).toEqual(expect.any(String));
      expect(tokens.refresh_token).not.toBe(tokens.access_token);
      expect(tokens.scope).toBe(SCOPE);
      expect(tokens.id_token).toBeUndefined();
      expect(tokens.intro_endpoint).toBe(`${run.baseUrl}/as/intro`);
    });

    it('Intro, called with the library, lists Norma and both Bank of Astoria accounts, each with a bank token', async () => {
      // The RP learns where Intro is from the token response, not from configuration.
      const res = await intro(rp, tokens.intro_endpoint as string, tokens);
      expect(res.status).toBe(200);
      entries = res.body;
      const labels = Object.keys(entries).sort();
      expect(labels).toHaveLength(3);
      expect(labels).toContain('Norma Securities');
      const astoria = labels.filter((l) => /^Bank of Astoria — .+/.test(l));
      expect(astoria).toHaveLength(2);
      for (const [label, e] of Object.entries(entries)) {
        const bankId = label.startsWith('Norma') ? 'norma' : 'astoria';
        expect(e.endpoint).toMatch(new RegExp(`^${run.baseUrl}/banks/${bankId}/fdx/v6/accounts/[^/]+$`));
        expect(e.access_token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
        expect(e.token_type).toBe('Bearer');
        expect(e.expires_in).toBeGreaterThan(0);
        expect(e.scope.split(' ').every((s) => SCOPE.split(' ').includes(s))).toBe(true);
        expect(e.scope).toContain('accounts:read');
        const { header, payload } = jwtParts(e.access_token);
        expect(header.typ).toBe('at+jwt');
        expect(payload.iss).toBe(`${run.baseUrl}/as`);
        expect(payload.aud).toBe(`${run.baseUrl}/banks/${bankId}`);
        expect(payload.client_id).toBe(rp.client.client_id);
      }
    });

    it('a bank token from Intro opens its account: 200 FDX account JSON', async () => {
      const e = Object.entries(entries).find(([l]) => l.startsWith('Bank of Astoria'))![1];
      const res = await rp.client.requestResource(e.endpoint, e.access_token);
      expect(res.statusCode).toBe(200);
      const account = JSON.parse((res.body as Buffer).toString('utf8')) as Record<string, any>;
      expect(account.accountId).toBe(e.endpoint.split('/').pop());
      expect(account.accountCategory).toEqual(expect.stringMatching(/_ACCOUNT$/));
      expect(account.currency?.currencyCode).toEqual(expect.any(String));
    });

    it("a bank token does not open another bank's account", async () => {
      const norma = entries['Norma Securities'];
      const astoria = Object.entries(entries).find(([l]) => l.startsWith('Bank of Astoria'))![1];
      const res = await rp.client.requestResource(astoria.endpoint, norma.access_token);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('invalid_token');
    });

    it('a deny at consent comes back as access_denied with state and iss; the library raises OPError', async () => {
      const attempt = startAuthorization(rp.client);
      const { redirect, params } = await callback(rp, attempt, 'deny');
      expect(redirect.searchParams.get('error')).toBe('access_denied');
      expect(redirect.searchParams.get('code')).toBeNull();
      expect(params.state).toBe(attempt.state);
      expect(params.iss).toBe(`${run.baseUrl}/as`);
      const err = await rejection(rp.client.oauthCallback(REDIRECT_URI, params, { state: attempt.state, code_verifier: attempt.codeVerifier }));
      expect(err).toBeInstanceOf(OPError);
      expect((err as InstanceType<typeof OPError>).error).toBe('access_denied');
      expect((err as InstanceType<typeof OPError>).state).toBe(attempt.state);
    });

    it('a tampered or missing iss makes the library refuse before it spends the code (RFC 9207 §2.4)', async () => {
      const attempt = startAuthorization(rp.client);
      const { params } = await callback(rp, attempt);
      const checks = { state: attempt.state, code_verifier: attempt.codeVerifier };

      const tampered = await rejection(rp.client.oauthCallback(REDIRECT_URI, { ...params, iss: 'https://mix-up.example/as' }, checks));
      expect(tampered).toBeInstanceOf(RPError);
      expect((tampered as Error).message).toMatch(/iss mismatch/);

      const { iss: _dropped, ...withoutIss } = params;
      const missing = await rejection(rp.client.oauthCallback(REDIRECT_URI, withoutIss, checks));
      expect(missing).toBeInstanceOf(RPError);
      expect((missing as Error).message).toMatch(/iss missing/);

      // The code never left the client, so the genuine response still redeems it.
      const ok = await rp.client.oauthCallback(REDIRECT_URI, params, checks);
      expect(ok.access_token).toEqual(expect.any(String));
    });

    it('a state mismatch makes the library refuse (RFC 6749 §10.12)', async () => {
      const attempt = startAuthorization(rp.client);
      const { params } = await callback(rp, attempt);
      const err = await rejection(rp.client.oauthCallback(REDIRECT_URI, params, { state: generators.state(), code_verifier: attempt.codeVerifier }));
      expect(err).toBeInstanceOf(RPError);
      expect((err as Error).message).toMatch(/state mismatch/);
    });

    it('a wrong code_verifier is invalid_grant (RFC 7636 §4.6)', async () => {
      const attempt = startAuthorization(rp.client);
      const { params } = await callback(rp, attempt);
      const err = await rejection(rp.client.oauthCallback(REDIRECT_URI, params, { state: attempt.state, code_verifier: generators.codeVerifier() }));
      expect(err).toBeInstanceOf(OPError);
      expect((err as InstanceType<typeof OPError>).error).toBe('invalid_grant');
    });

    it('a code redeemed twice is invalid_grant, and the tokens it gave stop working (RFC 6749 §4.1.2)', async () => {
      const attempt = startAuthorization(rp.client);
      const { params } = await callback(rp, attempt);
      const checks = { state: attempt.state, code_verifier: attempt.codeVerifier };
      const first = await rp.client.oauthCallback(REDIRECT_URI, params, checks);
      expect((await intro(rp, run.baseUrl, first)).status).toBe(200);
      const err = await rejection(rp.client.oauthCallback(REDIRECT_URI, params, checks));
      expect(err).toBeInstanceOf(OPError);
      expect((err as InstanceType<typeof OPError>).error).toBe('invalid_grant');
      const after = await intro(rp, run.baseUrl, first);
      expect(after.status).toBe(401);
      expect(after.wwwAuthenticate).toContain('invalid_token');
    });

    it('the first connection is untouched by all of that', async () => {
      expect((await intro(rp, run.baseUrl, tokens)).status).toBe(200);
    });
  });

  describe('RFC 6749 §6 refresh rotation (RFC 9700 §4.14.2)', () => {
    let run: RunningApp;
    let rp: Rp;
    let t0: TokenSet;
    let t1: TokenSet;

    beforeAll(async () => {
      run = await startApp();
      rp = await setUp(run);
      t0 = await connect(rp);
    });
    afterAll(() => run.close());

    it('client.refresh() returns new tokens and a rotated refresh token', async () => {
      t1 = await rp.client.refresh(t0);
      expect(t1.access_token).toEqual(expect.any(String));
      expect(t1.access_token).not.toBe(t0.access_token);
      expect(t1.refresh_token).toEqual(expect.any(String));
      expect(t1.refresh_token).not.toBe(t0.refresh_token);
      expect(t1.token_type).toBe('Bearer');
      expect(t1.expires_in).toBeGreaterThan(0);
      // §6: an omitted scope is the scope originally granted.
      expect(t1.scope).toBe(SCOPE);
      expect(t1.intro_endpoint).toBe(`${run.baseUrl}/as/intro`);
      const res = await intro(rp, run.baseUrl, t1);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toHaveLength(3);
    });

    it('the refresh token is bound to its client (§6): another client presenting it gets invalid_grant', async () => {
      const other = await register(rp.issuer);
      const err = await rejection(other.refresh(t1.refresh_token as string));
      expect(err).toBeInstanceOf(OPError);
      expect((err as InstanceType<typeof OPError>).error).toBe('invalid_grant');
      // …and the attempt did not spend it or end the grant.
      expect((await intro(rp, run.baseUrl, t1)).status).toBe(200);
    });

    it('a refresh cannot widen the scope (§6): invalid_scope', async () => {
      const err = await rejection(rp.client.refresh(t1, { exchangeBody: { scope: `${SCOPE} uma_protection` } }));
      expect(err).toBeInstanceOf(OPError);
      expect((err as InstanceType<typeof OPError>).error).toBe('invalid_scope');
      expect((await intro(rp, run.baseUrl, t1)).status).toBe(200);
    });

    it('reusing the rotated-out refresh token is invalid_grant, and the whole grant is revoked', async () => {
      const err = await rejection(rp.client.refresh(t0));
      expect(err).toBeInstanceOf(OPError);
      expect((err as InstanceType<typeof OPError>).error).toBe('invalid_grant');
      const res = await intro(rp, run.baseUrl, t1);
      expect(res.status).toBe(401);
      expect(res.wwwAuthenticate).toContain('invalid_token');
      const again = await rejection(rp.client.refresh(t1));
      expect(again).toBeInstanceOf(OPError);
      expect((again as InstanceType<typeof OPError>).error).toBe('invalid_grant');
    });

    it('a narrowed refresh narrows the access token but not the new refresh token (§6)', async () => {
      const fresh = await connect(rp);
      const narrow = await rp.client.refresh(fresh, { exchangeBody: { scope: 'accounts:read' } });
      expect(narrow.scope).toBe('accounts:read');
      // "If a new refresh token is issued, the refresh token scope MUST be identical to that of the
      // refresh token included by the client in the request": a later refresh without scope gets it all back.
      const back = await rp.client.refresh(narrow);
      expect(back.scope).toBe(SCOPE);
    });
  });

  describe('RFC 7009 revocation', () => {
    let run: RunningApp;
    let rp: Rp;

    beforeAll(async () => {
      run = await startApp();
      rp = await setUp(run);
    });
    afterAll(() => run.close());

    it('client.revoke(access_token) succeeds and the access token stops working at Intro', async () => {
      const t = await connect(rp);
      expect((await intro(rp, run.baseUrl, t)).status).toBe(200);
      await expect(rp.client.revoke(t.access_token as string, 'access_token')).resolves.toBeUndefined();
      const res = await intro(rp, run.baseUrl, t);
      expect(res.status).toBe(401);
      expect(res.wwwAuthenticate).toContain('invalid_token');
    });

    it('client.revoke(refresh_token) succeeds; the refresh token is dead and so is every access token of the grant (§2.1)', async () => {
      const t = await connect(rp);
      expect((await intro(rp, run.baseUrl, t)).status).toBe(200);
      await expect(rp.client.revoke(t.refresh_token as string)).resolves.toBeUndefined();
      const err = await rejection(rp.client.refresh(t));
      expect(err).toBeInstanceOf(OPError);
      expect((err as InstanceType<typeof OPError>).error).toBe('invalid_grant');
      expect((await intro(rp, run.baseUrl, t)).status).toBe(401);
    });

    it('revoking an unknown token still succeeds (§2.2)', async () => {
      await expect(rp.client.revoke('not-a-token-this-as-ever-issued')).resolves.toBeUndefined();
    });

    it("another client revoking this client's token gets 200 but revokes nothing (§2.1)", async () => {
      const t = await connect(rp);
      const other = await register(rp.issuer);
      await expect(other.revoke(t.refresh_token as string)).resolves.toBeUndefined();
      expect((await intro(rp, run.baseUrl, t)).status).toBe(200);
      const t2 = await rp.client.refresh(t);
      expect(t2.access_token).toEqual(expect.any(String));
    });

    it('a wrong client secret is invalid_client (§2.2.1)', async () => {
      const impostor = new rp.issuer.Client({ client_id: rp.client.client_id as string, client_secret: 'wrong-secret', token_endpoint_auth_method: 'client_secret_basic' });
      const err = await rejection(impostor.revoke('whatever'));
      expect(err).toBeInstanceOf(OPError);
      expect((err as InstanceType<typeof OPError>).error).toBe('invalid_client');
      expect((err as InstanceType<typeof OPError>).response?.statusCode).toBe(401);
    });
  });
});
