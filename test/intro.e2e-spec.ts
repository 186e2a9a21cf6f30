import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Browser } from './support/browser.js';
import { BANK_IDS, delegateBank, getJson, obtainPat, obtainTokens, registerClient, TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/** Intro: the seed's introspection service for clients — every shared account's endpoint and its own token. */
describe('Intro', () => {
  let run: RunningApp;
  let browser: Browser;
  let client: TestClient;
  let tokens: Record<string, any>;

  const intro = (token?: string, method = 'GET') =>
    fetch(`${run.baseUrl}/as/intro`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    run = await startApp();
    browser = new Browser();
    for (const bank of BANK_IDS) await delegateBank(browser, run.baseUrl, bank);
    client = await registerClient(run.baseUrl);
    tokens = await obtainTokens(browser, run.baseUrl, client);
  });
  afterAll(() => run.close());

  describe('the answer', () => {
    let map: Record<string, any>;
    beforeAll(async () => {
      const res = await intro(tokens.access_token);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      map = (await res.json()) as Record<string, any>;
    });

    it('has one entry per shared account, labelled by bank, unique even for two accounts at one bank', () => {
      expect(Object.keys(map).sort()).toEqual([
        'Bank of Astoria — Astoria Everyday Checking ••9874',
        'Bank of Astoria — Astoria High-Yield Savings ••9881',
        'Lastish Fundco',
        'Monami Card',
        'Norma Securities',
      ].sort());
    });

    it('each entry carries endpoint, access_token, token_type, expires_in, scope and names its bank', () => {
      expect(map['Norma Securities']).toEqual({
        endpoint: `${run.baseUrl}/banks/norma/fdx/v6/accounts/5835394`,
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 600,
        scope: 'accounts:read transactions:read',
        bank_id: `${run.baseUrl}/banks/norma`,
        bank_name: 'Norma Securities',
      });
      expect(map['Bank of Astoria — Astoria Everyday Checking ••9874'].endpoint).toBe(`${run.baseUrl}/banks/astoria/fdx/v6/accounts/8879874`);
    });

    it('names the bank for machines: bank_id is the aud of its token, both accounts at one bank share it', () => {
      const astoria = Object.values(map).filter((e) => e.bank_name === 'Bank of Astoria');
      expect(astoria).toHaveLength(2);
      for (const e of astoria) {
        expect(e.bank_id).toBe(`${run.baseUrl}/banks/astoria`);
        expect((jwt.decode(e.access_token) as jwt.JwtPayload).aud).toBe(e.bank_id);
      }
      expect(new Set(Object.values(map).map((e) => e.bank_id)).size).toBe(4);
    });

    it('RFC 9068 §2: each token is an ES256 at+jwt for one bank, verifiable with the published JWKS', async () => {
      const jwks = await getJson(`${run.baseUrl}/as/jwks`);
      const tokensSeen = new Set<string>();
      for (const [label, entry] of Object.entries(map)) {
        const decoded = jwt.decode(entry.access_token, { complete: true })!;
        expect(decoded.header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: jwks.json.keys[0].kid });
        const key = createPublicKey({ key: jwks.json.keys[0], format: 'jwk' });
        const claims = jwt.verify(entry.access_token, key, { algorithms: ['ES256'] }) as jwt.JwtPayload;
        const bankUrl = entry.endpoint.replace(/\/fdx\/.*$/, '');
        expect(claims).toMatchObject({ iss: `${run.baseUrl}/as`, aud: bankUrl, sub: 'nat', client_id: client.client_id, scope: 'accounts:read transactions:read' });
        expect(typeof claims.resource_id).toBe('string');
        expect(typeof claims.jti).toBe('string');
        expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(600);
        tokensSeen.add(entry.access_token);
        void label;
      }
      expect(tokensSeen.size).toBe(Object.keys(map).length);
    });

    it('POST answers the same shape', async () => {
      const res = await intro(tokens.access_token, 'POST');
      expect(res.status).toBe(200);
      expect(Object.keys((await res.json()) as object)).toHaveLength(5);
    });
  });

  describe('only what the person chose', () => {
    it('an account left unticked at consent is not in Intro', async () => {
      const other = await registerClient(run.baseUrl);
      const t = await obtainTokens(browser, run.baseUrl, other, 'accounts:read', (fields) => ({
        resource: (fields.resource as string[]).slice(0, 2),
      }));
      const map = (await (await intro(t.access_token)).json()) as Record<string, any>;
      expect(Object.keys(map)).toHaveLength(2);
      for (const entry of Object.values(map)) expect(entry.scope).toBe('accounts:read');
    });
  });

  describe('RFC 6750 §3.1 errors', () => {
    const expectInvalidToken = async (res: Response) => {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(((await res.json()) as { error: string }).error).toBe('invalid_token');
    };

    it('no token: 401 with a challenge that carries no error code (Bearer, and DPoP with its algs: RFC 9449 §7.1)', async () => {
      const res = await intro();
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="steward", DPoP realm="steward", algs="ES256 PS256 EdDSA"');
    });
    it('the scheme is case-insensitive (RFC 9110 §11.1): "bearer" and "BEARER" work', async () => {
      for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
        const res = await fetch(`${run.baseUrl}/as/intro`, { headers: { authorization: `${scheme} ${tokens.access_token}` } });
        expect({ scheme, status: res.status }).toEqual({ scheme, status: 200 });
      }
    });
    it('an unknown token', async () => expectInvalidToken(await intro('x'.repeat(43))));
    it('a bank token presented at Intro', async () => {
      const map = (await (await intro(tokens.access_token)).json()) as Record<string, any>;
      await expectInvalidToken(await intro(map['Monami Card'].access_token));
    });
    it('a PAT (uma_protection) is 403 insufficient_scope', async () => {
      const { pat } = await obtainPat(browser, run.baseUrl, 'https://rs.example');
      const res = await intro(pat);
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    });
  });
});
