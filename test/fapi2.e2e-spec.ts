import * as oauth from 'oauth4webapi';
import { Browser } from './support/browser.js';
import { authorize, BANK_IDS, delegateBank, getJson, pkce, postForm } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import { assertionFields, createDpopProof, newDpopKey, registerKeyedClient } from './support/fapi.js';
import { sha256 } from '../src/common/crypto/secrets.js';
import type { IntroEntry } from '../src/as/intro/intro.service.js';

/**
 * FAPI 2.0 Security Profile (Final) end to end, driven by an independent client library, oauth4webapi,
 * unmodified: discovery, registration with jwks, PAR with private_key_jwt and DPoP, the person's sign-in and
 * consent through the pages, the code exchange with DPoP (and the AS's nonce), Intro with DPoP, then every
 * bank with its own DPoP-bound token — and every bank refusing that token without its proof.
 */
const insecure = { [oauth.allowInsecureRequests]: true };
const REDIRECT = 'https://client.example/cb';

/** RFC 9449 §8: oauth4webapi keeps the nonce it was given; the caller retries once (its documented pattern). */
async function retryOnNonce<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (oauth.isDPoPNonceError(err)) return attempt();
    throw err;
  }
}

describe('FAPI 2.0 with a client registered for it (fapi_profile "fapi2")', () => {
  let run: RunningApp;
  let issuer: URL;
  let as: oauth.AuthorizationServer;
  let client: oauth.Client;
  let clientAuth: oauth.ClientAuth;
  let dpopKeys: Awaited<ReturnType<typeof oauth.generateKeyPair>>;
  let browser: Browser;
  let tokens: oauth.TokenEndpointResponse;
  let intro: Record<string, IntroEntry>;
  const dpop = () => oauth.DPoP(client, dpopKeys);
  let dpopHandle: oauth.DPoPHandle;

  /** PAR (private_key_jwt + DPoP) → the pages → the callback as oauth4webapi validates it (iss, state). */
  async function authorizeByPar(decision: 'allow' | 'deny' = 'allow') {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const params = {
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'accounts:read transactions:read',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    };
    const par = await oauth.processPushedAuthorizationResponse(as, client, await oauth.pushedAuthorizationRequest(as, client, clientAuth, params, { DPoP: dpopHandle, ...insecure }));
    expect(par.expires_in).toBeLessThan(600);
    const url = new URL(as.authorization_endpoint!);
    url.searchParams.set('client_id', client.client_id);
    url.searchParams.set('request_uri', par.request_uri);
    const back = await authorize(browser, url.toString(), decision);
    return { back, state, verifier };
  }

  beforeAll(async () => {
    run = await startApp();
    issuer = new URL(`${run.baseUrl}/as`);
    browser = new Browser();
    for (const bank of BANK_IDS) await delegateBank(browser, run.baseUrl, bank);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
    // The client's signing key and its separate DPoP key (one per AS: the Cuckoo's Token defence, FAPI 2.0 §6.3).
    const signing = await oauth.generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await crypto.subtle.exportKey('jwk', signing.publicKey)), kid: 'sig-1', alg: 'ES256', use: 'sig' };
    delete (jwk as Record<string, unknown>).ext;
    delete (jwk as Record<string, unknown>).key_ops;
    const reg = await fetch(as.registration_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Strict FAPI client', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [jwk] }, fapi_profile: 'fapi2' }),
    });
    const registered = (await reg.json()) as Record<string, unknown>;
    if (reg.status !== 201) throw new Error(JSON.stringify(registered));
    client = { client_id: registered.client_id as string };
    clientAuth = oauth.PrivateKeyJwt({ key: signing.privateKey, kid: 'sig-1' });
    dpopKeys = await oauth.generateKeyPair('ES256');
    dpopHandle = dpop();

    const { back, state, verifier } = await authorizeByPar();
    const callback = oauth.validateAuthResponse(as, client, back, state); // checks iss (RFC 9207)
    tokens = await retryOnNonce(async () =>
      oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callback, REDIRECT, verifier, { DPoP: dpopHandle, ...insecure })),
    );
    const introRes = await oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL((tokens as Record<string, unknown>).intro_endpoint as string), undefined, undefined, { DPoP: dpopHandle, ...insecure });
    intro = (await introRes.json()) as Record<string, IntroEntry>;
  }, 120_000);
  afterAll(() => run?.close());

  it('the whole flow: a DPoP-bound token (token_type DPoP), Intro, then every bank with its own DPoP-bound token', async () => {
    expect(tokens.token_type).toBe('dpop'); // oauth4webapi lower-cases it
    const banks = new Set(Object.values(intro).map((e) => e.bank_id));
    expect(banks.size).toBe(BANK_IDS.length);
    for (const entry of Object.values(intro)) {
      expect(entry.token_type).toBe('DPoP');
      const res = await oauth.protectedResourceRequest(entry.access_token, 'GET', new URL(entry.endpoint), undefined, undefined, { DPoP: dpopHandle, ...insecure });
      expect({ bank: entry.bank_name, status: res.status }).toEqual({ bank: entry.bank_name, status: 200 });
      const tx = await oauth.protectedResourceRequest(entry.access_token, 'GET', new URL(`${entry.endpoint}/transactions?limit=3`), undefined, undefined, { DPoP: dpopHandle, ...insecure });
      expect(tx.status).toBe(200);
    }
  });

  it('§5.3.4 [5]: every bank refuses its bank token without the proof (as Bearer, or as DPoP with no proof or a proof of another key)', async () => {
    for (const entry of Object.values(intro)) {
      const asBearer = await getJson(entry.endpoint, { authorization: `Bearer ${entry.access_token}` });
      const noProof = await getJson(entry.endpoint, { authorization: `DPoP ${entry.access_token}` });
      const otherKey = await getJson(entry.endpoint, { authorization: `DPoP ${entry.access_token}`, dpop: createDpopProof(newDpopKey(), 'GET', entry.endpoint, { accessToken: entry.access_token }) });
      for (const res of [asBearer, noProof, otherKey]) {
        expect({ bank: entry.bank_name, status: res.status }).toEqual({ bank: entry.bank_name, status: 401 });
        expect(res.headers.get('www-authenticate')).toMatch(/^DPoP realm="bank-/);
      }
    }
  });

  it('§5.3.2.1 [9]: the sender-constrained refresh token is not rotated (the answer names the same one), and can be used again', async () => {
    const refresh = async () =>
      retryOnNonce(async () => oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, { DPoP: dpopHandle, ...insecure })));
    const first = await refresh();
    expect(first.token_type).toBe('dpop');
    expect(first.refresh_token).toBe(tokens.refresh_token);
    const second = await refresh(); // the same refresh token again, as the conformance suite does
    expect(second.access_token).not.toBe(first.access_token);
    // …and only with the key: the refresh token without a proof is refused.
    const noProof = await oauth
      .refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure)
      .then((res) => oauth.processRefreshTokenResponse(as, client, res))
      .catch((e: unknown) => e);
    expect((noProof as oauth.ResponseBodyError).error).toBe('invalid_dpop_proof');
  });

  it('§5.3.2.2 [2–3]: a request without PAR is refused (by redirect, with iss)', async () => {
    const p = pkce();
    const url = `${issuer}/authorize?response_type=code&client_id=${client.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=accounts:read&code_challenge=${p.challenge}&code_challenge_method=S256`;
    const page = await browser.request('GET', url);
    const location = new URL(page.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('iss')).toBe(issuer.href);
  });

  it('§5.3.2.1 [11]: the code lives at most 60 s; [7] (RFC 9207): iss in the success and the error response', async () => {
    const { back } = await authorizeByPar();
    expect(back.searchParams.get('iss')).toBe(issuer.href);
    const [row] = await run.db.query('SELECT expires_at FROM as_authorization_codes WHERE code_hash = ?', [sha256(back.searchParams.get('code')!)]);
    expect(Number(row.expires_at) - Date.now()).toBeLessThanOrEqual(60_000);
    const denied = await authorizeByPar('deny');
    expect(denied.back.searchParams.get('error')).toBe('access_denied');
    expect(denied.back.searchParams.get('iss')).toBe(issuer.href);
  }, 30_000);

  it('§5.3.2.1 [4]: the code exchange without DPoP is refused', async () => {
    const { back, state, verifier } = await authorizeByPar();
    const callback = oauth.validateAuthResponse(as, client, back, state);
    const err = await oauth
      .authorizationCodeGrantRequest(as, client, clientAuth, callback, REDIRECT, verifier, insecure)
      .then((res) => oauth.processAuthorizationCodeResponse(as, client, res))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(oauth.ResponseBodyError);
    expect((err as oauth.ResponseBodyError).error).toBe('invalid_dpop_proof');
  }, 30_000);

  it('§5.3.2.1 [6]: registration for FAPI 2.0 with a client secret is refused', async () => {
    const res = await fetch(as.registration_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'client_secret_basic', fapi_profile: 'fapi2' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_client_metadata');
  });

  it('registration echoes what FAPI 2.0 turned on', async () => {
    const c = await registerKeyedClient(run.baseUrl);
    expect(c.registration).toMatchObject({ fapi_profile: 'fapi2', require_pushed_authorization_requests: true, dpop_bound_access_tokens: true, token_endpoint_auth_method: 'private_key_jwt' });
  });
});

describe('FAPI=on: every client is held to FAPI 2.0', () => {
  let run: RunningApp;
  let issuer: string;

  beforeAll(async () => {
    run = await startApp({ FAPI: 'on' });
    issuer = `${run.baseUrl}/as`;
  }, 60_000);
  afterAll(() => run?.close());

  it('the metadata requires PAR and offers only private_key_jwt', async () => {
    const meta = (await getJson(`${run.baseUrl}/.well-known/oauth-authorization-server/as`)).json;
    expect(meta.require_pushed_authorization_requests).toBe(true);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt']);
  });

  it('a client secret cannot be registered; a private_key_jwt client without fapi_profile must use PAR and DPoP', async () => {
    const secret = await fetch(`${issuer}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [REDIRECT] }) });
    expect(secret.status).toBe(400);
    const c = await registerKeyedClient(run.baseUrl, { fapi_profile: undefined });
    expect(c.registration).toMatchObject({ require_pushed_authorization_requests: true, dpop_bound_access_tokens: true });
    const p = pkce();
    const front = await new Browser().request('GET', `${issuer}/authorize?response_type=code&client_id=${c.client_id}&redirect_uri=${encodeURIComponent(c.redirect_uri)}&scope=accounts:read&code_challenge=${p.challenge}&code_challenge_method=S256`);
    expect(new URL(front.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
    // A token request with no DPoP proof is refused before any grant is looked at.
    const res = await postForm(`${issuer}/token`, { grant_type: 'refresh_token', refresh_token: 'x', ...assertionFields(c, issuer) });
    expect(res.json.error).toBe('invalid_dpop_proof');
  });
});
