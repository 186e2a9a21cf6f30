import jwt from 'jsonwebtoken';
import { Browser } from './support/browser.js';
import { authorize, authorizeUrl, basic, delegateBank, getJson, pkce, postForm, registerClient } from './support/fixtures.js';
import type { TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import { createDpopProof, DpopKey, newDpopKey, postWithNonce } from './support/fapi.js';
import type { IntroEntry } from '../src/as/intro/intro.service.js';
import { clientAssertion, parseClientKeys } from '../src/common/oauth-client/client-keys.js';

/**
 * RFC 9449 (DPoP) end to end: the token endpoint with its nonce (§5, §8), code binding (§10, §10.1), bound
 * access and refresh tokens, Intro as a resource of the AS (§7), and every bank token Intro mints bound to
 * the same key (cnf.jkt, §6), checked at the bank (§4.3, §7.1, §7.2). A client_secret_basic client, so that
 * only DPoP is under test (FAPI 2.0 as a whole is fapi2.e2e-spec.ts).
 */
const CHECKING = '8879874';

describe('RFC 9449 DPoP', () => {
  let run: RunningApp;
  let baseUrl: string;
  let issuer: string;
  let client: TestClient;
  let browser: Browser;
  const key = newDpopKey();
  let tokens: Record<string, any>;
  let intro: Record<string, IntroEntry>;
  const accountUrl = (bank: string, account: string) => `${baseUrl}/banks/${bank}/fdx/v6/accounts/${account}`;
  const astoria = () => Object.values(intro).find((e) => e.endpoint === accountUrl('astoria', CHECKING))!;

  /** Authorize (optionally with extra parameters) and return the code and verifier. */
  async function code(extra: Record<string, string> = {}, who: TestClient = client) {
    const p = pkce();
    const back = await authorize(browser, authorizeUrl(baseUrl, who, { code_challenge: p.challenge, code_challenge_method: 'S256', ...extra }));
    return { code: back.searchParams.get('code')!, verifier: p.verifier };
  }
  /** The code exchange with a proof of `k` (and the nonce dance of §8). */
  function redeemWith(c: { code: string; verifier: string }, k: DpopKey | undefined, who: TestClient = client) {
    const form = () => ({ grant_type: 'authorization_code', code: c.code, redirect_uri: who.redirect_uri, code_verifier: c.verifier });
    const auth = { authorization: basic(who.client_id, who.client_secret) };
    if (!k) return postForm(`${issuer}/token`, form(), auth);
    return postWithNonceAuth(form, k, auth);
  }
  async function postWithNonceAuth(form: () => Record<string, string>, k: DpopKey, auth: Record<string, string>) {
    let res = await postForm(`${issuer}/token`, form(), { ...auth, dpop: createDpopProof(k, 'POST', `${issuer}/token`) });
    if (res.json.error === 'use_dpop_nonce') res = await postForm(`${issuer}/token`, form(), { ...auth, dpop: createDpopProof(k, 'POST', `${issuer}/token`, { nonce: res.headers.get('dpop-nonce')! }) });
    return res;
  }
  const dpopGet = (url: string, token: string, proof?: string) => getJson(url, { authorization: `DPoP ${token}`, ...(proof ? { dpop: proof } : {}) });

  beforeAll(async () => {
    run = await startApp();
    baseUrl = run.baseUrl;
    issuer = `${baseUrl}/as`;
    browser = new Browser();
    for (const bank of ['astoria', 'norma']) await delegateBank(browser, baseUrl, bank);
    client = await registerClient(baseUrl);
    const res = await redeemWith(await code(), key);
    if (res.status !== 200) throw new Error(res.text);
    tokens = res.json;
    const introRes = await dpopGet(`${issuer}/intro`, tokens.access_token, createDpopProof(key, 'GET', `${issuer}/intro`, { accessToken: tokens.access_token }));
    if (introRes.status !== 200) throw new Error(introRes.text);
    intro = introRes.json;
  }, 90_000);
  afterAll(() => run?.close());

  it('§5.1: the AS metadata lists dpop_signing_alg_values_supported (FAPI 2.0 algorithms only)', async () => {
    const meta = (await getJson(`${baseUrl}/.well-known/oauth-authorization-server/as`)).json;
    expect([...meta.dpop_signing_alg_values_supported].sort()).toEqual(['ES256', 'EdDSA', 'PS256']);
  });

  describe('the token endpoint', () => {
    it('§8: a proof without the nonce → 400 use_dpop_nonce with a DPoP-Nonce header; the nonce is then accepted', async () => {
      const c = await code();
      const form = { grant_type: 'authorization_code', code: c.code, redirect_uri: client.redirect_uri, code_verifier: c.verifier };
      const auth = { authorization: basic(client.client_id, client.client_secret) };
      const first = await postForm(`${issuer}/token`, form, { ...auth, dpop: createDpopProof(key, 'POST', `${issuer}/token`) });
      expect(first.status).toBe(400);
      expect(first.json.error).toBe('use_dpop_nonce');
      const nonce = first.headers.get('dpop-nonce')!;
      expect(nonce).toBeTruthy();
      const wrong = await postForm(`${issuer}/token`, form, { ...auth, dpop: createDpopProof(key, 'POST', `${issuer}/token`, { nonce: 'made-up' }) });
      expect(wrong.json.error).toBe('use_dpop_nonce');
      // The code was not used by the refused attempts (§8: the proof is checked first).
      const ok = await postForm(`${issuer}/token`, form, { ...auth, dpop: createDpopProof(key, 'POST', `${issuer}/token`, { nonce }) });
      expect(ok.status).toBe(200);
      expect(ok.json.token_type).toBe('DPoP');
      expect(ok.headers.get('dpop-nonce')).toBeTruthy(); // §8.2
    }, 30_000);

    it('§5: token_type DPoP; §4.3: a proof for another endpoint or method is invalid_dpop_proof', async () => {
      expect(tokens.token_type).toBe('DPoP');
      const c = await code();
      const auth = { authorization: basic(client.client_id, client.client_secret) };
      const form = { grant_type: 'authorization_code', code: c.code, redirect_uri: client.redirect_uri, code_verifier: c.verifier };
      for (const proof of [createDpopProof(key, 'POST', `${issuer}/par`), createDpopProof(key, 'GET', `${issuer}/token`), 'not.a.jwt']) {
        const res = await postForm(`${issuer}/token`, form, { ...auth, dpop: proof });
        expect({ status: res.status, error: res.json.error }).toEqual({ status: 400, error: 'invalid_dpop_proof' });
      }
    }, 30_000);

    it('§10: dpop_jkt at the authorization endpoint binds the code: only a proof of that key redeems it', async () => {
      const other = newDpopKey();
      const c = await code({ dpop_jkt: key.jkt });
      expect((await redeemWith(c, undefined)).json.error).toBe('invalid_dpop_proof');
      expect((await redeemWith(c, other)).json.error).toBe('invalid_dpop_proof');
      const ok = await redeemWith(c, key);
      expect(ok.status).toBe(200);
      expect(ok.json.token_type).toBe('DPoP');
    }, 30_000);

    it('§10.1: a DPoP header on the PAR request binds the code like dpop_jkt; the two must agree', async () => {
      const auth = { authorization: basic(client.client_id, client.client_secret) };
      const p = pkce();
      const params = { response_type: 'code', redirect_uri: client.redirect_uri, scope: 'accounts:read', code_challenge: p.challenge, code_challenge_method: 'S256' };
      const mismatch = await postForm(`${issuer}/par`, { ...params, dpop_jkt: newDpopKey().jkt }, { ...auth, dpop: createDpopProof(key, 'POST', `${issuer}/par`) });
      expect(mismatch.status).toBe(400);
      const pushed = await postForm(`${issuer}/par`, params, { ...auth, dpop: createDpopProof(key, 'POST', `${issuer}/par`) });
      expect(pushed.status).toBe(201);
      const back = await authorize(browser, `${issuer}/authorize?client_id=${client.client_id}&request_uri=${encodeURIComponent(pushed.json.request_uri as string)}`);
      const c = { code: back.searchParams.get('code')!, verifier: p.verifier };
      expect((await redeemWith(c, newDpopKey())).json.error).toBe('invalid_dpop_proof');
      expect((await redeemWith(c, key)).status).toBe(200);
    }, 30_000);

    it('§5: the refresh token is bound too: refused without a proof or with another key; with the key, a new DPoP token', async () => {
      const first = (await redeemWith(await code(), key)).json as Record<string, string>;
      const form = () => ({ grant_type: 'refresh_token', refresh_token: first.refresh_token as string });
      const auth = { authorization: basic(client.client_id, client.client_secret) };
      expect((await postForm(`${issuer}/token`, form(), auth)).json.error).toBe('invalid_dpop_proof');
      expect((await postWithNonceAuth(form, newDpopKey(), auth)).json.error).toBe('invalid_dpop_proof');
      const res = await postWithNonceAuth(form, key, auth);
      expect(res.status).toBe(200);
      expect(res.json.token_type).toBe('DPoP');
      expect(res.json.refresh_token).toBeTruthy(); // not a FAPI client: rotation as before
    }, 30_000);

    it('§5.2: a client registered with dpop_bound_access_tokens cannot get a bearer token', async () => {
      const strict = await registerClient(baseUrl, { client_name: 'DPoP-only App', dpop_bound_access_tokens: true });
      const res = await redeemWith(await code({}, strict), undefined, strict);
      expect(res.status).toBe(400);
      expect(res.json.error).toBe('invalid_dpop_proof');
    }, 30_000);
  });

  describe('Intro (§7)', () => {
    const proofFor = (k: DpopKey, token: string, method = 'GET', url = `${issuer}/intro`) => createDpopProof(k, method, url, { accessToken: token });

    it('every bank token is bound to the client key (cnf.jkt) and typed DPoP', () => {
      expect(Object.keys(intro).length).toBeGreaterThan(1);
      for (const entry of Object.values(intro)) {
        expect(entry.token_type).toBe('DPoP');
        expect((jwt.decode(entry.access_token) as Record<string, any>).cnf).toEqual({ jkt: key.jkt });
      }
    });

    it('§7.2: a DPoP-bound token as a Bearer token is refused with a DPoP challenge', async () => {
      const res = await getJson(`${issuer}/intro`, { authorization: `Bearer ${tokens.access_token}` });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^DPoP realm="steward", error="invalid_token"/);
    });

    it('§4.3, §7.1: no proof, another key, another URL, no ath, a replayed proof: 401 invalid_dpop_proof', async () => {
      const token = tokens.access_token as string;
      const cases = [undefined, proofFor(newDpopKey(), token), proofFor(key, token, 'POST'), proofFor(key, token, 'GET', `${issuer}/token`), createDpopProof(key, 'GET', `${issuer}/intro`)];
      for (const proof of cases) {
        const res = await dpopGet(`${issuer}/intro`, token, proof);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^DPoP realm="steward", error="invalid_dpop_proof", error_description="[^"]+", algs="ES256 PS256 EdDSA"$/);
      }
      const once = proofFor(key, token);
      expect((await dpopGet(`${issuer}/intro`, token, once)).status).toBe(200);
      expect((await dpopGet(`${issuer}/intro`, token, once)).json.error_description).toMatch(/used before/);
    });

    it('no credentials: both challenges, DPoP with its algs', async () => {
      const res = await getJson(`${issuer}/intro`);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="steward", DPoP realm="steward", algs="ES256 PS256 EdDSA"');
    });
  });

  describe('at a bank (§4.3, §7)', () => {
    const url = () => accountUrl('astoria', CHECKING);
    const proof = (k = key, method = 'GET', target = url(), token = astoria().access_token) => createDpopProof(k, method, target, { accessToken: token });

    it('with a proof of the key: 200, for the account and its transactions', async () => {
      expect((await dpopGet(url(), astoria().access_token, proof())).status).toBe(200);
      const tx = `${url()}/transactions`;
      expect((await dpopGet(`${tx}?limit=2`, astoria().access_token, proof(key, 'GET', tx))).status).toBe(200);
    });

    it('§7.2: the bank token without its key — as a Bearer token — is refused, the challenge says DPoP and keeps resource_metadata', async () => {
      const res = await getJson(url(), { authorization: `Bearer ${astoria().access_token}` });
      expect(res.status).toBe(401);
      const www = res.headers.get('www-authenticate')!;
      expect(www).toMatch(/^DPoP realm="bank-astoria", error="invalid_token"/);
      expect(www).toContain(`resource_metadata="${baseUrl}/.well-known/oauth-protected-resource/banks/astoria/fdx/v6/accounts/${CHECKING}"`);
    });

    it('§4.3: no proof, another key, another URL or method, ath of another token, an old iat, a replay: 401 invalid_dpop_proof', async () => {
      const token = astoria().access_token;
      const norma = Object.values(intro).find((e) => e.endpoint.includes('/banks/norma/'))!;
      const old = (() => {
        const realNow = Date.now;
        Date.now = () => realNow() - 120_000;
        try {
          return proof();
        } finally {
          Date.now = realNow;
        }
      })();
      const cases: Record<string, string | undefined> = {
        none: undefined,
        'another key': proof(newDpopKey()),
        'another URL': proof(key, 'GET', norma.endpoint),
        'another method': proof(key, 'POST'),
        'ath of another token': proof(key, 'GET', url(), norma.access_token),
        'iat two minutes old': old,
      };
      for (const [label, p] of Object.entries(cases)) {
        const res = await dpopGet(url(), token, p);
        expect({ label, status: res.status, error: res.json.error }).toEqual({ label, status: 401, error: 'invalid_dpop_proof' });
        expect(res.headers.get('www-authenticate')).toMatch(/^DPoP realm="bank-astoria", error="invalid_dpop_proof".*algs="ES256 PS256 EdDSA", resource_metadata="/);
      }
      const once = proof();
      expect((await dpopGet(url(), token, once)).status).toBe(200);
      expect((await dpopGet(url(), token, once)).json.error_description).toMatch(/used before/);
    });

    it('§6.2: the AS introspection tells the bank the binding (cnf.jkt, token_type DPoP)', async () => {
      // The bank authenticates as it registered: a FAPI 2.0 client, with private_key_jwt (its keys from its own table).
      const [bankClient] = await run.db.query("SELECT client_id, client_keys FROM bank_as_clients WHERE bank_id = 'astoria'");
      const assertion = clientAssertion(parseClientKeys(bankClient.client_keys), bankClient.client_id, issuer);
      const res = await postForm(`${issuer}/introspect`, { token: astoria().access_token, client_id: bankClient.client_id, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
      expect(res.json).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.jkt } });
    });

    it('bearer clients keep working: unbound tokens as Bearer; the DPoP scheme for an unbound token is refused', async () => {
      const bearerClient = await registerClient(baseUrl, { client_name: 'Bearer App' });
      const plain = (await redeemWith(await code({}, bearerClient), undefined, bearerClient)).json as Record<string, string>;
      expect(plain.token_type).toBe('Bearer');
      const entries = (await getJson(`${issuer}/intro`, { authorization: `Bearer ${plain.access_token}` })).json as Record<string, IntroEntry>;
      const entry = Object.values(entries).find((e) => e.endpoint === url())!;
      expect(entry.token_type).toBe('Bearer');
      expect((jwt.decode(entry.access_token) as Record<string, unknown>).cnf).toBeUndefined();
      expect((await getJson(url(), { authorization: `Bearer ${entry.access_token}` })).status).toBe(200);
      const res = await dpopGet(url(), entry.access_token, proof(key, 'GET', url(), entry.access_token));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^DPoP realm="bank-astoria", error="invalid_token"/);
      expect((await dpopGet(`${issuer}/intro`, plain.access_token, createDpopProof(key, 'GET', `${issuer}/intro`, { accessToken: plain.access_token }))).status).toBe(401);
    }, 30_000);
  });
});
