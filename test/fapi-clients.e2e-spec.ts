import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TraceRecorder } from '../src/common/trace/trace.recorder.js';
import { TokenVault } from '../src/grapher/token-vault.service.js';
import type { Browser } from './support/browser.js';
import { RunningApp, startApp } from './support/app.js';
import { accountRows, setUpStory } from './support/story.js';

/**
 * Grapher and the banks, as clients of the AS, use FAPI 2.0 by default (issue 12): keys of their own per AS
 * instead of a secret, pushed authorization requests, DPoP-bound tokens — Grapher's at the token endpoint,
 * Intro and every bank, each bank's PAT at resource registration and the SSF stream endpoint.
 */
describe('Grapher, a FAPI 2.0 client by default (FAPI 2.0 SP §5.3.3, RFC 9126, RFC 9449, RFC 7523)', () => {
  let run: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    run = await startApp();
    browser = await setUpStory(run.baseUrl);
  });
  afterAll(() => run?.close());

  const grapherClient = async () => (await run.db.query("SELECT * FROM as_clients WHERE client_name = 'Grapher'"))[0];

  it('registers with its public keys and private_key_jwt, no secret, under the FAPI 2.0 profile', async () => {
    const client = await grapherClient();
    expect(client.token_endpoint_auth_method).toBe('private_key_jwt');
    expect(client.fapi_profile).toBe('fapi2');
    const jwks = typeof client.jwks === 'string' ? JSON.parse(client.jwks) : client.jwks;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const kept = (await run.db.query('SELECT client_secret_sealed, client_keys_sealed FROM grapher_as_clients'))[0];
    expect(kept.client_secret_sealed).toBeNull();
    // The private keys are kept sealed: they open only with Grapher's key, bound to their row.
    const keys = JSON.parse(run.app.get(TokenVault).open(kept.client_keys_sealed, `grapher_as_clients/${run.baseUrl}/as/keys`));
    expect(keys.signing.jwk.x).toBe(jwks.keys[0].x);
    expect(keys.dpop.jwk.x).not.toBe(jwks.keys[0].x); // a separate key for DPoP
  });

  it('pushed its authorization request, authenticated with a client assertion; the browser carried only the request_uri', () => {
    const trace = run.app.get(TraceRecorder).since(0);
    const par = trace.find((e) => e.from === 'grapher' && e.url.endsWith('/as/par'));
    expect(par?.status).toBe(201);
    expect(par?.request.body).toMatchObject({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', response_type: 'code', code_challenge_method: 'S256' });
    const authorize = trace.find((e) => e.from === 'browser' && e.url.includes('/as/authorize') && e.url.includes('request_uri='));
    expect(authorize).toBeDefined();
    expect(new URL(authorize!.url, run.baseUrl).searchParams.has('scope')).toBe(false);
  });

  it('holds DPoP-bound tokens, and sends a proof with its token to Intro and to every bank', async () => {
    const connection = (await run.db.query('SELECT token_type FROM grapher_connections'))[0];
    expect(connection.token_type).toBe('DPoP');
    const from = run.app.get(TraceRecorder).since(0).at(-1)?.id ?? 0;
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(accountRows(page)).toBe(5);
    const calls = run.app.get(TraceRecorder).since(from).filter((e) => e.from === 'grapher' && e.channel === 'back');
    const intro = calls.filter((e) => e.url.endsWith('/as/intro'));
    const banks = calls.filter((e) => e.url.includes('/fdx/v6/accounts/'));
    expect(intro.length).toBeGreaterThan(0);
    expect(banks.length).toBeGreaterThanOrEqual(5);
    for (const e of [...intro, ...banks]) {
      expect(e.request.headers.authorization).toMatch(/^DPoP /);
      expect(e.request.headers.dpop).toMatch(/^ey/);
      expect(e.status).toBe(200);
    }
  });
});

describe('The banks, FAPI 2.0 clients by default when they take their PAT (UMA 2.0 FedAuthz §1.3)', () => {
  let run: RunningApp;

  beforeAll(async () => {
    run = await startApp();
    await setUpStory(run.baseUrl);
  });
  afterAll(() => run?.close());

  it('each bank registers with its own keys and private_key_jwt, and keeps no secret', async () => {
    const banks = await run.db.query('SELECT token_endpoint_auth_method, fapi_profile FROM as_clients WHERE resource_server IS NOT NULL');
    expect(banks).toHaveLength(4);
    for (const b of banks) expect(b).toEqual({ token_endpoint_auth_method: 'private_key_jwt', fapi_profile: 'fapi2' });
    const kept = await run.db.query('SELECT client_secret, client_keys FROM bank_as_clients');
    expect(kept).toHaveLength(4);
    for (const k of kept) {
      expect(k.client_secret).toBeNull();
      expect(JSON.parse(k.client_keys).dpop.jwk).toHaveProperty('d');
    }
    // One DPoP key per bank: no bank can present another's PAT.
    expect(new Set(kept.map((k: { client_keys: string }) => JSON.parse(k.client_keys).dpop.jwk.x)).size).toBe(4);
  });

  it('pushes the PAT request, and presents the DPoP-bound PAT with a proof to register accounts and set up its SSF stream', async () => {
    const trace = run.app.get(TraceRecorder).since(0);
    const fromBanks = trace.filter((e) => e.from.startsWith('bank:') && e.channel === 'back');
    expect(fromBanks.filter((e) => e.url.endsWith('/as/par') && e.status === 201)).toHaveLength(4);
    const withPat = fromBanks.filter((e) => e.url.includes('/as/uma/resource_set') || e.url.endsWith('/as/ssf/streams'));
    expect(withPat.length).toBeGreaterThanOrEqual(4 + 5);
    for (const e of withPat) {
      expect(e.request.headers.authorization).toMatch(/^DPoP /);
      expect(e.request.headers.dpop).toMatch(/^ey/);
      expect(e.status).toBeLessThan(300);
    }
    const pats = await run.db.query("SELECT jkt FROM as_tokens WHERE kind = 'access' AND scope = 'uma_protection'");
    expect(pats.length).toBeGreaterThanOrEqual(4);
    for (const p of pats) expect(p.jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('The whole story with FAPI=on (every client of the AS held to FAPI 2.0)', () => {
  let run: RunningApp;

  beforeAll(async () => {
    run = await startApp({ FAPI: 'on' });
  });
  afterAll(() => run?.close());

  it('the banks delegate and Grapher draws the picture: both are FAPI 2.0 clients', async () => {
    const browser = await setUpStory(run.baseUrl);
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(accountRows(page)).toBe(5);
    const methods = await run.db.query('SELECT DISTINCT token_endpoint_auth_method FROM as_clients');
    expect(methods).toEqual([{ token_endpoint_auth_method: 'private_key_jwt' }]);
  });
});

describe('Grapher and the banks with CLIENT_PROFILE=plain: the basic code flow, for teaching', () => {
  let run: RunningApp;

  beforeAll(async () => {
    run = await startApp({ CLIENT_PROFILE: 'plain' });
    await setUpStory(run.baseUrl);
  });
  afterAll(() => run?.close());

  it('registers with a client secret and holds bearer tokens, and so do the banks', async () => {
    const clients = await run.db.query('SELECT token_endpoint_auth_method, fapi_profile FROM as_clients');
    expect(clients).toHaveLength(5);
    for (const c of clients) expect(c).toEqual({ token_endpoint_auth_method: 'client_secret_basic', fapi_profile: null });
    expect((await run.db.query('SELECT token_type FROM grapher_connections'))[0].token_type).toBe('Bearer');
  });
});
