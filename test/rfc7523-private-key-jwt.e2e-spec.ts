import { Browser } from './support/browser.js';
import { authorize, authorizeUrl, basic, delegateBank, pkce, postForm } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import { json, startLocalOrigin } from './support/local-origin.js';
import type { LocalOrigin } from './support/local-origin.js';
import { assertionFields, clientAssertion, KeyedClient, newClientKey, registerKeyedClient } from './support/fapi.js';
import { JWT_BEARER_ASSERTION } from '../src/as/core/client-assertion.service.js';
import { sha256 } from '../src/common/crypto/secrets.js';

/**
 * RFC 7523 §2.2 and §3 (JWT client authentication, "private_key_jwt" of OIDC Core §9) with FAPI 2.0's
 * audience rule (§5.3.2.1 [8]: the issuer, as a string). A token request with a refresh token that does
 * not exist is the probe: authenticated → 400 invalid_grant; not → 401 invalid_client.
 */
describe('RFC 7523 private_key_jwt client authentication', () => {
  let run: RunningApp;
  let keysServer: LocalOrigin;
  let issuer: string;
  let client: KeyedClient;
  const probe = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(`${issuer}/token`, { grant_type: 'refresh_token', refresh_token: 'no-such-token', ...fields }, headers);
  const expectRefused = async (fields: Record<string, string>, reason: RegExp) => {
    const res = await probe(fields);
    expect({ status: res.status, error: res.json.error }).toEqual({ status: 401, error: 'invalid_client' });
    expect(res.json.error_description).toMatch(reason);
  };

  beforeAll(async () => {
    keysServer = await startLocalOrigin();
    run = await startApp({ TRUSTED_LOCAL_ORIGINS: keysServer.origin });
    issuer = `${run.baseUrl}/as`;
    client = await registerKeyedClient(run.baseUrl, { fapi_profile: undefined });
  }, 60_000);
  afterAll(async () => {
    await run?.close();
    await keysServer?.close();
  });

  it('the metadata offers private_key_jwt with PS256, ES256 and EdDSA at the token, revocation and introspection endpoints', async () => {
    const meta = (await (await fetch(`${run.baseUrl}/.well-known/oauth-authorization-server/as`)).json()) as Record<string, string[]>;
    for (const ep of ['token', 'revocation', 'introspection']) {
      expect(meta[`${ep}_endpoint_auth_methods_supported`]).toEqual(expect.arrayContaining(['private_key_jwt', 'client_secret_basic']));
      expect([...meta[`${ep}_endpoint_auth_signing_alg_values_supported`]].sort()).toEqual(['ES256', 'EdDSA', 'PS256']);
    }
  });

  it('RFC 7591: registered with jwks, the client gets no secret', () => {
    expect(client.registration.token_endpoint_auth_method).toBe('private_key_jwt');
    expect(client.registration.client_secret).toBeUndefined();
    expect(client.registration.jwks.keys[0].kid).toBe(client.key.jwk.kid);
  });

  it('a valid assertion authenticates, for each of ES256, PS256 and EdDSA; the code flow completes with it', async () => {
    for (const alg of ['ES256', 'PS256', 'EdDSA'] as const) {
      const other = await registerKeyedClient(run.baseUrl, { fapi_profile: undefined }, newClientKey(alg));
      const res = await probe(assertionFields(other, issuer));
      expect({ alg, status: res.status, error: res.json.error }).toEqual({ alg, status: 400, error: 'invalid_grant' });
    }
    const browser = new Browser();
    await delegateBank(browser, run.baseUrl, 'astoria');
    const p = pkce();
    const back = await authorize(browser, authorizeUrl(run.baseUrl, { ...client, client_secret: '' }, { code_challenge: p.challenge, code_challenge_method: 'S256' }));
    const res = await postForm(`${issuer}/token`, {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: client.redirect_uri,
      code_verifier: p.verifier,
      ...assertionFields(client, issuer),
    });
    expect(res.status).toBe(200);
    expect(res.json.token_type).toBe('Bearer');
  }, 60_000);

  describe('§3: each rule refuses with 401 invalid_client (§3.2)', () => {
    // Each case with a client of its own: 10 failures a minute per client are throttled (429).
    beforeEach(async () => {
      client = await registerKeyedClient(run.baseUrl, { fapi_profile: undefined });
    });
    it('(3) and FAPI 2.0 [8]: aud must be the issuer as a string — not the token endpoint, not an array, not another AS', async () => {
      await expectRefused(assertionFields(client, issuer, { aud: `${issuer}/token` }), /aud/);
      await expectRefused(assertionFields(client, issuer, { aud: [issuer] }), /aud/);
      await expectRefused(assertionFields(client, issuer, { aud: 'https://other-as.example/as' }), /aud/);
    });
    it('(1), (2): iss and sub are the client_id', async () => {
      await expectRefused(assertionFields(client, issuer, { iss: 'someone' }), /iss and sub/);
    });
    it('(4): exp is required, not past, and the assertion short-lived', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectRefused(assertionFields(client, issuer, { exp: undefined }), /exp/);
      await expectRefused(assertionFields(client, issuer, { exp: now - 1 }), /expired/);
      await expectRefused(assertionFields(client, issuer, { exp: now + 3600 }), /at most/);
    });
    it('(5), (6): nbf or iat more than 60 s ahead (FAPI 2.0 [13])', async () => {
      const now = Math.floor(Date.now() / 1000);
      await expectRefused(assertionFields(client, issuer, { iat: now + 120 }), /iat/);
      await expectRefused(assertionFields(client, issuer, { nbf: now + 120 }), /nbf/);
      // Up to 10 s ahead is accepted.
      expect((await probe(assertionFields(client, issuer, { iat: now + 10, nbf: now + 10 }))).json.error).toBe('invalid_grant');
    });
    it('(7) and OIDC Core §9: jti is required, and used once — the store keeps its hash until the assertion expires', async () => {
      await expectRefused(assertionFields(client, issuer, { jti: undefined }), /jti/);
      const fields = assertionFields(client, issuer, { jti: 'once-only' });
      expect((await probe(fields)).json.error).toBe('invalid_grant');
      await expectRefused(fields, /used before/);
      const rows = await run.db.query('SELECT * FROM as_used_assertions WHERE jti_hash = ?', [sha256(`${client.client_id} once-only`)]);
      expect(rows).toHaveLength(1);
    });
    it('(9): signed by a key the client did not register; a tampered payload', async () => {
      const stranger = { ...client, key: { ...newClientKey(), jwk: { ...newClientKey().jwk, kid: client.key.jwk.kid } } };
      await expectRefused(assertionFields(stranger, issuer), /signature/);
      const [h, , sig] = clientAssertion(client.key, client.client_id, issuer).split('.');
      const forged = Buffer.from(JSON.stringify({ iss: client.client_id, sub: client.client_id, aud: issuer, exp: Math.floor(Date.now() / 1000) + 60, jti: 'x' })).toString('base64url');
      await expectRefused({ client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: `${h}.${forged}.${sig}` }, /signature/);
    });
    it('FAPI 2.0 §5.4.1: alg none, HS256 or RS256 is refused', async () => {
      for (const alg of ['none', 'HS256', 'RS256']) {
        const [, payload, sig] = clientAssertion(client.key, client.client_id, issuer).split('.');
        const header = Buffer.from(JSON.stringify({ alg, kid: client.key.jwk.kid })).toString('base64url');
        await expectRefused({ client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: `${header}.${payload}.${sig}` }, /alg/);
      }
    });
    it('(10): not a JWT; the wrong client_assertion_type', async () => {
      await expectRefused({ client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: 'not-a-jwt', client_id: client.client_id }, /well-formed JWT/);
      await expectRefused({ ...assertionFields(client, issuer), client_assertion_type: 'urn:other' }, /client_assertion_type/);
    });
  });

  it('one method per request: an assertion and Basic together is 400 invalid_request', async () => {
    const res = await probe(assertionFields(client, issuer), { authorization: basic(client.client_id, 'x') });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_request');
  });

  it('the registered method only: a private_key_jwt client cannot use a secret, a secret client cannot use an assertion', async () => {
    client = await registerKeyedClient(run.baseUrl, { fapi_profile: undefined });
    const res = await probe({}, { authorization: basic(client.client_id, 'anything') });
    expect(res.status).toBe(401);
    const secretClient = (await (
      await fetch(`${issuer}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://c.example/cb'] }) })
    ).json()) as { client_id: string };
    await expectRefused({ client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: clientAssertion(client.key, secretClient.client_id, issuer) }, /authenticates with client_secret_basic/);
  });

  describe('registration', () => {
    const register = (body: Record<string, unknown>) =>
      fetch(`${issuer}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://c.example/cb'], token_endpoint_auth_method: 'private_key_jwt', ...body }) });
    it('refuses private_key_jwt without keys, with both jwks and jwks_uri, with a private key, or a jwks_uri over http', async () => {
      const { privateKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('ec', { namedCurve: 'P-256' }));
      for (const body of [
        {},
        { jwks: { keys: [client.key.jwk] }, jwks_uri: 'https://c.example/jwks' },
        { jwks: { keys: [privateKey.export({ format: 'jwk' })] } },
        { jwks: { keys: [] } },
        { jwks_uri: 'http://c.example/jwks' },
      ]) {
        const res = await register(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(((await res.json()) as { error: string }).error).toBe('invalid_client_metadata');
      }
    });
  });

  it('jwks_uri: the keys are fetched through the outbound guard and cached; an unknown kid fetches again at most every 30 s', async () => {
    let key = newClientKey();
    keysServer.route('/jwks', (req, res, url) => json({ keys: [key.jwk] })(req, res, url));
    const res = await fetch(`${issuer}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['https://c.example/cb'], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: `${keysServer.origin}/jwks` }),
    });
    const reg = (await res.json()) as { client_id: string; jwks_uri: string };
    expect(reg.jwks_uri).toBe(`${keysServer.origin}/jwks`);
    const byUri: KeyedClient = { client_id: reg.client_id, redirect_uri: 'https://c.example/cb', key, registration: reg };
    expect((await probe(assertionFields(byUri, issuer))).json.error).toBe('invalid_grant');
    expect(keysServer.requests.filter((p) => p === '/jwks')).toHaveLength(1);
    // A second assertion uses the cached keys.
    expect((await probe(assertionFields(byUri, issuer))).json.error).toBe('invalid_grant');
    expect(keysServer.requests.filter((p) => p === '/jwks')).toHaveLength(1);
    // The client rotates within 30 s of the last fetch: the AS does not let unknown kids hammer the client's server.
    key = newClientKey();
    expect((await probe(assertionFields({ ...byUri, key }, issuer))).status).toBe(401);
    expect(keysServer.requests.filter((p) => p === '/jwks')).toHaveLength(1);
  });
});
