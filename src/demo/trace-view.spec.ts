import type { TraceExchange } from '../common/trace/trace.recorder.js';
import { classify } from './classify.js';
import { generateKeyPairSync } from 'node:crypto';
import { createDpopProof, newDpopKey } from '../common/dpop/dpop-proof.js';
import { signJws } from '../common/jose/jws.js';
import type { HttpClient } from '../common/http/http-client.js';
import type { TraceRecorder } from '../common/trace/trace.recorder.js';
import type { AppConfig } from '../config/app-config.js';
import { newClientKeys, clientAssertion } from '../common/oauth-client/client-keys.js';
import { mask, maskValue, TraceViewService } from './trace-view.service.js';

const base: TraceExchange = {
  id: 1,
  at: 0,
  channel: 'front',
  from: 'browser',
  to: 'as',
  method: 'GET',
  url: '/',
  status: 200,
  durationMs: 1,
  request: { headers: {} },
  response: { headers: {} },
};
const ex = (over: Partial<TraceExchange>): TraceExchange => ({ ...base, ...over });
const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwOi8vbG9jYWxob3N0L2FzIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('Masking secrets in the trace', () => {
  it('masks passwords, client secrets, codes, tokens, CSRF tokens, cookies and Authorization', () => {
    const masked = mask(
      ex({
        method: 'POST',
        url: '/grapher/callback?code=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG&state=s1&iss=http://x/as',
        request: {
          headers: { authorization: 'Basic c2VjcmV0LWNsaWVudDpzZWNyZXQtc2VjcmV0', cookie: 'steward_sid=0123456789abcdef0123456789' },
          body: { username: 'nat', password: 'nat-demo-password', client_secret: 'very-secret-value', _csrf: 'csrf-token-value-123' },
        },
        response: {
          headers: { location: 'https://client.example/cb?code=CODECODECODECODE&state=s1', 'set-cookie': 'steward_sid=fedcba9876543210fedcba; Path=/as' },
          body: { access_token: 'opaque-access-token-0123456789', refresh_token: 'opaque-refresh-0123456789', 'Norma Securities': { endpoint: 'http://x/banks/norma', access_token: JWT } },
        },
      }),
    );
    const text = JSON.stringify(masked);
    for (const secret of ['nat-demo-password', 'very-secret-value', 'csrf-token-value-123', 'opaque-access-token-0123456789', 'opaque-refresh-0123456789', JWT, 'c2VjcmV0LWNsaWVudDpzZWNyZXQtc2VjcmV0', '0123456789abcdef0123456789', 'fedcba9876543210fedcba', 'CODECODECODECODE', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG']) {
      expect(text).not.toContain(secret);
    }
    expect((masked.request.body as Record<string, string>).username).toBe('nat');
    expect(masked.url).toContain('state=s1');
    expect(masked.response.headers['set-cookie']).toContain('Path=/as');
    // No character of the secret, not even its first ones: 'wrong-password-1' once showed as 'wrong-…(16 chars)'.
    for (const secret of ['wrong-password-1', 'abc', 'eyJhbGciOiJFUzI1NiJ9.e30.sig']) {
      const shown = maskValue(secret);
      for (const ch of new Set(secret)) expect({ secret, shown, ch, leaks: shown.includes(ch) }).toEqual({ secret, shown, ch, leaks: false });
    }
  });
});

describe('Grouping exchanges into the phases and steps of the story', () => {
  it.each([
    [ex({ to: 'bank:norma', method: 'POST', url: '/banks/norma/delegate' }), 1, undefined, 'Tell Norma'],
    [ex({ method: 'GET', url: '/as/authorize?scope=uma_protection' }), 1, undefined, 'PAT'],
    [ex({ channel: 'back', from: 'bank:astoria', method: 'POST', url: '/as/uma/resource_set' }), 1, undefined, 'registers an account'],
    [ex({ url: '/as/authorize?scope=accounts%3Aread' }), 2, '[5]', 'Authorization request'],
    [ex({ to: 'grapher', url: '/grapher/callback?code=x' }), 2, '[10]–[11]', 'code comes back'],
    [ex({ channel: 'back', from: 'grapher', method: 'POST', url: '/as/token', request: { headers: {}, body: { grant_type: 'authorization_code' } } }), 2, '[12]', 'token endpoint'],
    [ex({ channel: 'back', from: 'grapher', url: '/as/intro' }), 3, '[13]–[15]', 'Intro'],
    [ex({ channel: 'back', from: 'grapher', to: 'bank:monami', url: '/banks/monami/fdx/v6/accounts/771204' }), 3, '[16]–[19]', 'Monami'],
    [ex({ to: 'grapher', url: '/grapher/picture' }), 4, '[20]–[22]', 'picture'],
  ])('%#: %s', (e, phase, seed, title) => {
    const step = classify(e, null);
    expect(step.phase).toBe(phase);
    expect(step.seed).toBe(seed);
    expect(step.title).toContain(title);
  });

  it('the consent dialogue takes its phase from what came before', () => {
    const consent = ex({ url: '/as/consent/abc' });
    expect(classify(consent, 1)).toMatchObject({ phase: 1, seed: undefined });
    expect(classify(consent, 2)).toMatchObject({ phase: 2, seed: '[6]–[7]' });
  });
});

describe('Decoding FAPI 2.0 credentials in the trace (RFC 9449, RFC 7523)', () => {
  const asKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const tokenFor = (jkt: string) => signJws({ typ: 'at+jwt', kid: 'k1' }, { iss: 'http://x/as', cnf: { jkt }, exp: 2e9 }, 'ES256', asKey);
  const viewOf = async (e: TraceExchange) => {
    const recorder = { enabled: true, since: () => [e] } as unknown as TraceRecorder;
    const http = { json: async () => ({ status: 200, headers: new Headers(), body: { keys: [] } }) } as unknown as HttpClient;
    const service = new TraceViewService(recorder, http, { asIssuer: 'http://x/as' } as AppConfig);
    return (await service.view(0, true)).exchanges[0].jwts;
  };

  it("shows a DPoP proof decoded, checked with its own key, next to the token's cnf.jkt it matches", async () => {
    const key = newDpopKey();
    const token = tokenFor(key.jkt);
    const proof = createDpopProof(key, 'GET', 'http://x/banks/astoria/fdx/v6/accounts/1', { accessToken: token });
    const jwts = await viewOf(ex({ channel: 'back', url: '/banks/astoria/fdx/v6/accounts/1', request: { headers: { authorization: `DPoP ${token}`, dpop: proof } } }));
    const shown = jwts.find((j) => j.where.startsWith('DPoP header'))!;
    expect(shown.signature).toBe('verified with the key in its own header');
    expect(shown.note).toBe(`key thumbprint (jkt) ${key.jkt}: matches the token's cnf.jkt`);
    expect(shown.claims.map((c) => c.name)).toEqual(expect.arrayContaining(['htm', 'htu', 'ath', 'jti', 'iat']));
    expect(jwts.find((j) => j.where === 'Authorization header')).toBeDefined();
  });

  it("says so when the proof's key is not the one the token is bound to (a stolen token)", async () => {
    const token = tokenFor(newDpopKey().jkt);
    const thief = newDpopKey();
    const proof = createDpopProof(thief, 'GET', 'http://x/banks/astoria/fdx/v6/accounts/1', { accessToken: token });
    const jwts = await viewOf(ex({ request: { headers: { authorization: `DPoP ${token}`, dpop: proof } } }));
    expect(jwts.find((j) => j.where.startsWith('DPoP header'))!.note).toContain("does NOT match the token's cnf.jkt");
  });

  it('decodes a client assertion, and masks it (and the proof) unless secrets are revealed', async () => {
    const assertion = clientAssertion(newClientKeys(), 'client-1', 'http://x/as');
    const e = ex({ method: 'POST', url: '/as/token', request: { headers: { dpop: createDpopProof(newDpopKey(), 'POST', 'http://x/as/token') }, body: { client_assertion: assertion, grant_type: 'refresh_token' } } });
    const jwts = await viewOf(e);
    const shown = jwts.find((j) => j.where.startsWith('client_assertion'))!;
    expect(shown.claims).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'aud', value: 'http://x/as' }), expect.objectContaining({ name: 'sub', value: 'client-1' })]));
    const masked = JSON.stringify(mask(e));
    expect(masked).not.toContain(assertion);
    expect(masked).not.toContain(e.request.headers.dpop);
  });
});
