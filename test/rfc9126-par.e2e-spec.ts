import { Browser } from './support/browser.js';
import { authorize, authorizeUrl, basic, delegateBank, pkce, postForm, redeem, registerClient } from './support/fixtures.js';
import type { TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import { sha256 } from '../src/common/crypto/secrets.js';

/**
 * RFC 9126 (OAuth 2.0 Pushed Authorization Requests), section by section, with a client_secret_basic client
 * (PAR is open to every client; FAPI 2.0's use of it is in fapi2.e2e-spec.ts).
 */
describe('RFC 9126 pushed authorization requests', () => {
  let run: RunningApp;
  let baseUrl: string;
  let issuer: string;
  let client: TestClient;
  let browser: Browser;

  beforeAll(async () => {
    run = await startApp();
    baseUrl = run.baseUrl;
    issuer = `${baseUrl}/as`;
    client = await registerClient(baseUrl);
    browser = new Browser();
    await delegateBank(browser, baseUrl, 'astoria'); // an account to share, and a session at the AS
  }, 60_000);
  afterAll(() => run?.close());

  const push = async (form: Record<string, string>, who: TestClient = client) => {
    const res = await postForm(`${issuer}/par`, form, { authorization: basic(who.client_id, who.client_secret) });
    return { ...res, json: res.json as Record<string, any> };
  };
  const request = (p = pkce(), extra: Record<string, string> = {}) => ({
    response_type: 'code',
    redirect_uri: client.redirect_uri,
    scope: 'accounts:read transactions:read',
    state: 'pushed-state',
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  const viaRequestUri = (requestUri: string, who: TestClient = client, extra: Record<string, string> = {}) => {
    const url = new URL(`${issuer}/authorize`);
    url.searchParams.set('client_id', who.client_id);
    url.searchParams.set('request_uri', requestUri);
    for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
    return url.toString();
  };

  it('§5: the metadata names the endpoint, and does not require PAR of every client (FAPI=off)', async () => {
    const meta = (await (await fetch(`${baseUrl}/.well-known/oauth-authorization-server/as`)).json()) as Record<string, unknown>;
    expect(meta.pushed_authorization_request_endpoint).toBe(`${issuer}/par`);
    expect(meta.require_pushed_authorization_requests).toBe(false);
  });

  it('§2.2: 201 with a request_uri and expires_in under 600 s (FAPI 2.0 §5.3.2.2 [12]), not cached', async () => {
    const res = await push(request());
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.json.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
    expect(res.json.expires_in).toBeGreaterThan(0);
    expect(res.json.expires_in).toBeLessThan(600);
  });

  it('§4: the pushed parameters are the request; the query adds nothing but client_id and request_uri', async () => {
    const p = pkce();
    const { json } = await push(request(p, { scope: 'accounts:read' }));
    // A query that tries to widen the scope, change the state and send the code elsewhere counts for nothing.
    const back = await authorize(browser, viaRequestUri(json.request_uri, client, { scope: 'accounts:read transactions:read', state: 'query-state', redirect_uri: 'https://attacker.example/cb' }));
    expect(back.origin + back.pathname).toBe(client.redirect_uri);
    expect(back.searchParams.get('state')).toBe('pushed-state');
    expect(back.searchParams.get('iss')).toBe(issuer);
    const tokens = await redeem(baseUrl, client, back.searchParams.get('code')!, p.verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.json.scope).toBe('accounts:read');
  }, 30_000);

  it('§2.2, §4: a request_uri is used once', async () => {
    const { json } = await push(request());
    await authorize(browser, viaRequestUri(json.request_uri));
    const again = await browser.request('GET', viaRequestUri(json.request_uri));
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
  }, 30_000);

  it('§2.2: a request_uri is bound to the client that pushed it', async () => {
    const other = await registerClient(baseUrl, { client_name: 'Other App' });
    const { json } = await push(request());
    const page = await browser.request('GET', viaRequestUri(json.request_uri, other));
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    // …and is still there for its own client afterwards.
    expect((await authorize(browser, viaRequestUri(json.request_uri))).searchParams.get('code')).toBeTruthy();
  }, 30_000);

  it('§4: an expired request_uri is refused', async () => {
    const { json } = await push(request());
    await run.db.query('UPDATE as_pushed_requests SET expires_at = ? WHERE request_uri_hash = ?', [Date.now() - 1, sha256(json.request_uri)]);
    expect((await browser.request('GET', viaRequestUri(json.request_uri))).status).toBe(400);
  });

  it('§2.2 "unguessable": the store keeps only the SHA-256 of a request_uri', async () => {
    const { json } = await push(request());
    const rows = await run.db.query('SELECT * FROM as_pushed_requests WHERE request_uri_hash = ?', [sha256(json.request_uri)]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(json.request_uri.split(':').pop());
  });

  describe('§2.1, §2.3: refusals', () => {
    it('no client authentication: 401 invalid_client', async () => {
      const res = await postForm(`${issuer}/par`, { ...request(), client_id: client.client_id });
      expect(res.status).toBe(401);
      expect(res.json.error).toBe('invalid_client');
    });
    it('a request_uri inside a pushed request: 400 invalid_request', async () => {
      const res = await push(request(undefined, { request_uri: 'urn:ietf:params:oauth:request_uri:x' }));
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('invalid_request');
    });
    it('an unregistered redirect_uri: 400 invalid_request (an error answer, never a redirect)', async () => {
      const res = await push(request(undefined, { redirect_uri: 'https://attacker.example/cb' }));
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('invalid_request');
    });
    it('the request is validated as an authorization request: scope, PKCE, response_type', async () => {
      expect((await push(request(undefined, { scope: 'everything' }))).json.error).toBe('invalid_scope');
      expect((await push(request(undefined, { code_challenge_method: 'plain' }))).json.error).toBe('invalid_request');
      expect((await push(request(undefined, { response_type: 'token' }))).json.error).toBe('unsupported_response_type');
    });
    it('a client_id other than the authenticated client: 400 invalid_request', async () => {
      const res = await push({ ...request(), client_id: 'someone-else' });
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('invalid_request');
    });
  });

  describe('§6: require_pushed_authorization_requests as client metadata', () => {
    let strict: TestClient;
    beforeAll(async () => {
      strict = await registerClient(baseUrl, { client_name: 'PAR-only App', require_pushed_authorization_requests: true });
    });

    it('registration echoes it', async () => {
      const res = await fetch(`${issuer}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: ['https://client.example/cb'], require_pushed_authorization_requests: true }),
      });
      expect(((await res.json()) as Record<string, unknown>).require_pushed_authorization_requests).toBe(true);
    });

    it('its front-channel request is refused by redirect with invalid_request (§4) and iss; its pushed one works', async () => {
      const p = pkce();
      const front = await browser.request('GET', authorizeUrl(baseUrl, strict, { code_challenge: p.challenge, code_challenge_method: 'S256' }));
      expect(front.status).toBe(303);
      const location = new URL(front.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('iss')).toBe(issuer);
      const { json } = await push({ ...request(p), redirect_uri: strict.redirect_uri }, strict);
      const back = await authorize(browser, viaRequestUri(json.request_uri, strict));
      expect((await redeem(baseUrl, strict, back.searchParams.get('code')!, p.verifier)).status).toBe(200);
    }, 30_000);

    it('a non-boolean value is refused at registration', async () => {
      const res = await fetch(`${issuer}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: ['https://client.example/cb'], require_pushed_authorization_requests: 'yes' }),
      });
      expect(res.status).toBe(400);
    });
  });
});
