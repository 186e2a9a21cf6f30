import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { TokenService } from '../src/as/core/token.service.js';
import { Browser, text } from './support/browser.js';
import { authorize, authorizeUrl, basic, delegateBank, pkce, postForm, registerClient, TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/** The authorization code grant at the AS, by the sections of RFC 6749, RFC 7636, RFC 9207 and RFC 9700. */
describe('Authorization code grant', () => {
  let run: RunningApp;
  let browser: Browser;
  let client: TestClient;

  const token = (form: Record<string, string>, c: TestClient = client) =>
    postForm(`${run.baseUrl}/as/token`, form, { authorization: basic(c.client_id, c.client_secret) });

  /** A fresh code for `client`, with its verifier. */
  async function freshCode(params: Record<string, string> = {}) {
    const p = pkce();
    const back = await authorize(browser, authorizeUrl(run.baseUrl, client, { code_challenge: p.challenge, code_challenge_method: 'S256', ...params }));
    return { code: back.searchParams.get('code') as string, verifier: p.verifier, back };
  }

  beforeAll(async () => {
    run = await startApp();
    browser = new Browser();
    await delegateBank(browser, run.baseUrl, 'astoria');
    client = await registerClient(run.baseUrl);
  });
  afterAll(() => run.close());

  describe('RFC 6749 §4.1.2 authorization response (+ RFC 9207 iss)', () => {
    it('returns code, state and iss to the registered redirect URI', async () => {
      const { code, back } = await freshCode({ state: 'xyz-123' });
      expect(back.origin + back.pathname).toBe(client.redirect_uri);
      expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(back.searchParams.get('state')).toBe('xyz-123');
      expect(back.searchParams.get('iss')).toBe(`${run.baseUrl}/as`);
    });

    it('deny at consent: access_denied with state and iss, and no code', async () => {
      const p = pkce();
      const back = await authorize(browser, authorizeUrl(run.baseUrl, client, { code_challenge: p.challenge, code_challenge_method: 'S256', state: 'deny-1' }), 'deny');
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('state')).toBe('deny-1');
      expect(back.searchParams.get('iss')).toBe(`${run.baseUrl}/as`);
      expect(back.searchParams.has('code')).toBe(false);
    });

    it('an account id the person was not shown is refused with 400 and no code', async () => {
      const p = pkce();
      const url = authorizeUrl(run.baseUrl, client, { code_challenge: p.challenge, code_challenge_method: 'S256' });
      await expect(authorize(browser, url, 'allow', () => ({ resource: ['not-an-account'] }))).rejects.toThrow(/\(400\)/);
    });
  });

  describe('RFC 6749 §4.1.2.1 errors before the redirect URI is trusted', () => {
    it('an unregistered redirect_uri gets an error page, never a redirect', async () => {
      const p = pkce();
      const res = await browser.request('GET', authorizeUrl(run.baseUrl, { ...client, redirect_uri: 'https://attacker.example/cb' }, { code_challenge: p.challenge, code_challenge_method: 'S256' }));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(text(res)).toContain('Invalid redirect URI');
    });

    it('a near-miss redirect_uri (extra path, trailing slash, other case) is refused the same way', async () => {
      for (const near of [`${client.redirect_uri}/x`, `${client.redirect_uri}/`, client.redirect_uri.toUpperCase(), `${client.redirect_uri}?a=1`]) {
        const res = await browser.request('GET', authorizeUrl(run.baseUrl, { ...client, redirect_uri: near }, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
      }
    });

    it('an unknown client gets an error page', async () => {
      const res = await browser.request('GET', authorizeUrl(run.baseUrl, { ...client, client_id: 'nobody' }, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });
  });

  describe('RFC 6749 §4.1.2.1 errors redirected to the validated redirect URI', () => {
    const errorOf = async (params: Record<string, string | undefined>) => {
      const res = await browser.request('GET', authorizeUrl(run.baseUrl, client, { state: 's1', ...params }));
      expect(res.status).toBe(303);
      const back = new URL(res.headers.get('location') as string);
      expect(back.origin + back.pathname).toBe(client.redirect_uri);
      expect(back.searchParams.get('state')).toBe('s1');
      expect(back.searchParams.get('iss')).toBe(`${run.baseUrl}/as`);
      return back.searchParams.get('error');
    };

    it('RFC 7636 §4.4.1 + RFC 9700 §2.1.1: a request without PKCE is invalid_request', async () => {
      expect(await errorOf({})).toBe('invalid_request');
    });

    it('PKCE "plain" is refused: only S256', async () => {
      expect(await errorOf({ code_challenge: pkce().verifier, code_challenge_method: 'plain' })).toBe('invalid_request');
    });

    it('a code_challenge without a method (which would mean plain) is refused', async () => {
      expect(await errorOf({ code_challenge: pkce().challenge })).toBe('invalid_request');
    });

    it('response_type=token (implicit) is unsupported_response_type', async () => {
      expect(await errorOf({ response_type: 'token', code_challenge: pkce().challenge, code_challenge_method: 'S256' })).toBe('unsupported_response_type');
    });

    it('an unknown scope is invalid_scope', async () => {
      expect(await errorOf({ scope: 'accounts:write', code_challenge: pkce().challenge, code_challenge_method: 'S256' })).toBe('invalid_scope');
    });

    it('§3.1: a repeated parameter is invalid_request', async () => {
      const url = new URL(authorizeUrl(run.baseUrl, client, { state: 's1', code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      url.searchParams.append('scope', 'accounts:read');
      const res = await browser.request('GET', url.toString());
      expect(new URL(res.headers.get('location') as string).searchParams.get('error')).toBe('invalid_request');
    });
  });

  describe('RFC 6749 §4.1.3 token request', () => {
    it('redeems a code for access token, refresh token, scope, grant_id (Grant Management §5.5) and intro_endpoint, with no-store', async () => {
      const { code, verifier } = await freshCode();
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.json).toEqual({
        access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        token_type: 'Bearer',
        expires_in: expect.any(Number),
        refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        scope: 'accounts:read transactions:read',
        grant_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        intro_endpoint: `${run.baseUrl}/as/intro`,
      });
    });

    it('a replayed code is invalid_grant, and revokes the tokens the first redemption minted (§4.1.2)', async () => {
      const { code, verifier } = await freshCode();
      const form = { grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier };
      const first = await token(form);
      expect(first.status).toBe(200);
      const intro = () => fetch(`${run.baseUrl}/as/intro`, { headers: { authorization: `Bearer ${first.json.access_token}` } });
      expect((await intro()).status).toBe(200);
      const second = await token(form);
      expect(second.status).toBe(400);
      expect(second.json.error).toBe('invalid_grant');
      expect((await intro()).status).toBe(401);
      const refresh = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token as string });
      expect(refresh.json.error).toBe('invalid_grant');
    });

    it('concurrent redemptions of one code: exactly one succeeds', async () => {
      const { code, verifier } = await freshCode();
      const form = { grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier };
      const results = await Promise.all(Array.from({ length: 8 }, () => token(form)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.json.error === 'invalid_grant')).toHaveLength(7);
    });

    it('RFC 7636 §4.6: a wrong code_verifier is invalid_grant', async () => {
      const { code } = await freshCode();
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: pkce().verifier });
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('invalid_grant');
    });

    it('a missing code_verifier is invalid_request', async () => {
      const { code } = await freshCode();
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri });
      expect(res.json.error).toBe('invalid_request');
    });

    it('a redirect_uri different from the authorization request is invalid_grant', async () => {
      const { code, verifier } = await freshCode();
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: 'https://client.example/other', code_verifier: verifier });
      expect(res.json.error).toBe('invalid_grant');
    });

    it('an expired code is invalid_grant', async () => {
      const { code, verifier } = await freshCode();
      await run.db.query('UPDATE as_authorization_codes SET expires_at = ?', [Date.now() - 1]);
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier });
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('invalid_grant');
    });

    it("another client cannot redeem this client's code", async () => {
      const { code, verifier } = await freshCode();
      const other = await registerClient(run.baseUrl);
      const res = await token({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier }, other);
      expect(res.json.error).toBe('invalid_grant');
      const mine = await token({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier });
      expect(mine.status).toBe(200);
    });

    it('an unsupported grant_type is unsupported_grant_type', async () => {
      const res = await token({ grant_type: 'password', username: 'nat', password: 'nat-demo' });
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('unsupported_grant_type');
    });

    it('a JSON body is invalid_request (the token endpoint takes forms)', async () => {
      const res = await fetch(`${run.baseUrl}/as/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(client.client_id, client.client_secret) },
        body: JSON.stringify({ grant_type: 'authorization_code' }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
    });
  });

  describe('RFC 6749 §2.3 client authentication at the token endpoint', () => {
    const form = { grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://client.example/cb', code_verifier: 'v'.repeat(43) };

    it('a wrong client secret is 401 invalid_client with WWW-Authenticate and no-store', async () => {
      const res = await token(form, { ...client, client_secret: 'wrong' });
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('invalid_client');
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect(res.headers.get('cache-control')).toBe('no-store');
    });

    it('no client authentication at all is 401 invalid_client', async () => {
      const res = await postForm(`${run.baseUrl}/as/token`, form);
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('invalid_client');
    });

    it('two methods in one request (Basic and client_secret in the body) is invalid_request', async () => {
      const res = await token({ ...form, client_secret: client.client_secret });
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('invalid_request');
    });

    it('a client registered for client_secret_basic cannot use client_secret_post', async () => {
      const res = await postForm(`${run.baseUrl}/as/token`, { ...form, client_id: client.client_id, client_secret: client.client_secret });
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('invalid_client');
    });

    it('secrets are stored only as SHA-256', async () => {
      const rows = (await run.db.query('SELECT secret_hash FROM as_clients WHERE client_id = ?', [client.client_id])) as { secret_hash: string }[];
      expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].secret_hash).not.toContain(client.client_secret);
    });
  });

  describe('RFC 6749 §6 refresh (rotation per RFC 9700 §4.14.2)', () => {
    it('rotates the refresh token; reusing the old one revokes the whole grant', async () => {
      const { code, verifier } = await freshCode();
      const first = await token({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier });
      const second = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token as string });
      expect(second.status).toBe(200);
      expect(second.json.refresh_token).not.toBe(first.json.refresh_token);
      const reuse = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token as string });
      expect(reuse.json.error).toBe('invalid_grant');
      const afterReuse = await token({ grant_type: 'refresh_token', refresh_token: second.json.refresh_token as string });
      expect(afterReuse.json.error).toBe('invalid_grant');
    });

    it('the exchange is one transaction: a failure after the old refresh token is consumed leaves it working, and the grant ACTIVE', async () => {
      const { code, verifier } = await freshCode();
      const first = await token({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier });
      // A crash between the statements: the old token is already marked used when storing the new ones fails.
      const tokens = run.app.get(TokenService) as unknown as { insertTokens: () => Promise<unknown> };
      const crash = jest.spyOn(tokens, 'insertTokens').mockRejectedValueOnce(new Error('injected failure between consume and insert'));
      try {
        const lost = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token as string });
        expect(lost.status).toBe(500);
        expect(crash).toHaveBeenCalledTimes(1);
      } finally {
        crash.mockRestore();
      }
      const retried = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token as string });
      expect(retried.status).toBe(200);
      const [grant] = await run.db.query('SELECT g.status FROM as_grants g JOIN as_tokens t ON t.grant_id = g.id WHERE t.token_hash = ?', [createHash('sha256').update(retried.json.refresh_token as string).digest('hex')]);
      expect(grant).toEqual({ status: 'ACTIVE' });
      expect((await token({ grant_type: 'refresh_token', refresh_token: retried.json.refresh_token as string })).status).toBe(200);
    });

    it('a refresh cannot widen the scope', async () => {
      const { code, verifier } = await freshCode({ scope: 'accounts:read' });
      const first = await token({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier });
      expect(first.json.scope).toBe('accounts:read');
      const wider = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token as string, scope: 'accounts:read transactions:read' });
      expect(wider.json.error).toBe('invalid_scope');
    });
  });

  describe('RFC 7591 dynamic registration', () => {
    const register = (body: unknown) => fetch(`${run.baseUrl}/as/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    it.each([
      ['javascript:', 'javascript:alert(1)'],
      ['data:', 'data:text/html,hi'],
      ['a fragment', 'https://client.example/cb#x'],
      ['non-loopback http', 'http://client.example/cb'],
      ['a relative URI', '/cb'],
    ])('refuses a redirect URI with %s (invalid_redirect_uri)', async (_what, uri) => {
      const res = await register({ redirect_uris: [uri] });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_redirect_uri');
    });

    it('refuses token_endpoint_auth_method none (every client here is confidential)', async () => {
      const res = await register({ redirect_uris: ['https://client.example/cb'], token_endpoint_auth_method: 'none' });
      expect(((await res.json()) as { error: string }).error).toBe('invalid_client_metadata');
    });

    it("a client claiming a resource_server must receive its codes under it (no speaking for another bank)", async () => {
      const res = await register({ redirect_uris: ['https://attacker.example/cb'], resource_server: `${run.baseUrl}/banks/astoria`, scope: 'uma_protection' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_client_metadata');
    });

    it('issues a 256-bit secret once, never stored in the clear', async () => {
      const res = await register({ redirect_uris: ['https://client.example/cb'] });
      expect(res.status).toBe(201);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Buffer.from(body.client_secret as string, 'base64url')).toHaveLength(32);
      expect(body.client_secret_expires_at).toBe(0);
    });
  });
});
