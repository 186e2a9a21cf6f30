import { getJson } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import { newStore } from './support/store.js';

describe('Discovery', () => {
  let run: RunningApp;
  beforeAll(async () => {
    run = await startApp();
  });
  afterAll(() => run.close());

  describe('RFC 7033 WebFinger (OIDC Discovery §2 issuer link)', () => {
    const rel = 'http://openid.net/specs/connect/1.0/issuer';

    it('acct:nat@HOST names the AS issuer', async () => {
      const host = new URL(run.baseUrl).host;
      const res = await getJson(`${run.baseUrl}/.well-known/webfinger?resource=${encodeURIComponent(`acct:nat@${host}`)}&rel=${encodeURIComponent(rel)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/jrd+json');
      expect(res.json).toEqual({ subject: `acct:nat@${host}`, links: [{ rel, href: `${run.baseUrl}/as` }] });
    });

    it.each([
      ['an unknown user', (host: string) => `acct:nobody@${host}`],
      ['another host', () => 'acct:nat@elsewhere.example'],
      ['not an acct: URI', () => 'https://example.com/nat'],
    ])('%s is 404', async (_what, resource) => {
      const host = new URL(run.baseUrl).host;
      const res = await getJson(`${run.baseUrl}/.well-known/webfinger?resource=${encodeURIComponent(resource(host))}`);
      expect(res.status).toBe(404);
    });

    it('§4.2: an absent or malformed resource is 400', async () => {
      expect((await getJson(`${run.baseUrl}/.well-known/webfinger`)).status).toBe(400);
      expect((await getJson(`${run.baseUrl}/.well-known/webfinger?resource=nat`)).status).toBe(400);
    });
  });

  describe('RFC 8414 authorization server metadata', () => {
    it('is served at the path-inserted well-known URI with every endpoint', async () => {
      const res = await getJson(`${run.baseUrl}/.well-known/oauth-authorization-server/as`);
      expect(res.status).toBe(200);
      const as = `${run.baseUrl}/as`;
      expect(res.json).toMatchObject({
        issuer: as,
        authorization_endpoint: `${as}/authorize`,
        token_endpoint: `${as}/token`,
        registration_endpoint: `${as}/register`,
        jwks_uri: `${as}/jwks`,
        revocation_endpoint: `${as}/revoke`,
        introspection_endpoint: `${as}/introspect`,
        resource_registration_endpoint: `${as}/uma/resource_set`,
        intro_endpoint: `${as}/intro`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
      });
      expect(res.json.scopes_supported).toEqual(expect.arrayContaining(['accounts:read', 'transactions:read', 'uma_protection']));
      expect(res.json.grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
      expect(res.json.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
    });

    it('UMA 2.0 discovery is served too, with the same issuer', async () => {
      const res = await getJson(`${run.baseUrl}/as/.well-known/uma2-configuration`);
      expect(res.json.issuer).toBe(`${run.baseUrl}/as`);
      expect(res.json.resource_registration_endpoint).toBe(`${run.baseUrl}/as/uma/resource_set`);
    });

    it('the JWKS publishes one ES256 P-256 key with a kid and no private part', async () => {
      const res = await getJson(`${run.baseUrl}/as/jwks`);
      expect(res.json.keys).toHaveLength(1);
      const [key] = res.json.keys;
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
      expect(key.d).toBeUndefined();
    });
  });
});

describe('Signing keys persist across restarts', () => {
  it('a second start on the same store publishes the same key', async () => {
    const store = await newStore(true);
    try {
      const env = store.env;
      const first = await startApp(env);
      const before = await getJson(`${first.baseUrl}/as/jwks`);
      await first.close();
      const second = await startApp(env);
      const after = await getJson(`${second.baseUrl}/as/jwks`);
      const users = await second.db.query('SELECT username FROM as_users');
      await second.close();
      expect(after.json.keys[0].kid).toBe(before.json.keys[0].kid);
      expect(after.json.keys[0].x).toBe(before.json.keys[0].x);
      expect(users).toEqual([{ username: 'nat' }]);
    } finally {
      await store.drop();
    }
  });
});
