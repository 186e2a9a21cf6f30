import { describe, expect, it } from '@jest/globals';
import { decodeJws, importPublicJwk, jwkThumbprint, verifyJws } from '../jose/jws.js';
import type { HttpClient, OutboundOptions } from '../http/http-client.js';
import { clientAssertion, newClientKeys, parseClientKeys, publicJwks, serializeClientKeys } from './client-keys.js';
import { DpopSender } from './dpop-sender.js';

/** Answers from a script, recording what was sent. */
function fakeHttp(answers: { status: number; body?: unknown; headers?: Record<string, string> }[]) {
  const sent: { url: string; opts: OutboundOptions }[] = [];
  const http = {
    json: async (url: string, opts: OutboundOptions) => {
      sent.push({ url, opts });
      const a = answers.shift() ?? { status: 200 };
      return { status: a.status, body: a.body, headers: new Headers(a.headers ?? {}) };
    },
  } as unknown as HttpClient;
  return { http, sent };
}

const claims = (jws: string) => decodeJws(jws)!.payload as Record<string, unknown>;

describe('A FAPI 2.0 client\'s keys (RFC 7523 §2.2, RFC 9449)', () => {
  it('signs a client assertion the AS can verify with the registered jwks, with the issuer as audience (FAPI 2.0 SP §5.3.2.1)', () => {
    const keys = newClientKeys();
    const jws = decodeJws(clientAssertion(keys, 'client-1', 'https://as.example'))!;
    const registered = publicJwks(keys).keys[0];
    expect(registered).not.toHaveProperty('d');
    expect(verifyJws(jws, 'ES256', importPublicJwk(registered)!)).toBe(true);
    expect(jws.header).toMatchObject({ alg: 'ES256', kid: keys.signing.kid });
    expect(jws.payload).toMatchObject({ iss: 'client-1', sub: 'client-1', aud: 'https://as.example' });
    const p = jws.payload as { exp: number; iat: number; jti: string };
    expect(p.exp - p.iat).toBeLessThanOrEqual(60);
    expect(claims(clientAssertion(keys, 'client-1', 'https://as.example')).jti).not.toBe(p.jti);
  });

  it('keeps a separate DPoP key from the authentication key, and both survive storage', () => {
    const keys = newClientKeys();
    expect(keys.dpop.jkt).not.toBe(keys.signing.kid);
    const back = parseClientKeys(serializeClientKeys(keys));
    expect(back.dpop.jkt).toBe(keys.dpop.jkt);
    expect(jwkThumbprint(publicJwks(back).keys[0])).toBe(keys.signing.kid);
  });
});

describe('DpopSender (RFC 9449 §4, §7.1, §8, §9)', () => {
  it('sends a proof with ath and the DPoP authorization scheme to a resource server', async () => {
    const { http, sent } = fakeHttp([{ status: 200, body: {} }]);
    const keys = newClientKeys();
    await new DpopSender(keys.dpop, http).send('https://bank.example/accounts/1?x=1', {}, 'tok');
    const headers = sent[0].opts.headers!;
    expect(headers.authorization).toBe('DPoP tok');
    const proof = decodeJws(headers.dpop)!;
    expect(proof.header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(jwkThumbprint(proof.header.jwk as Record<string, unknown>)).toBe(keys.dpop.jkt);
    expect(proof.payload).toMatchObject({ htm: 'GET', htu: 'https://bank.example/accounts/1' });
    expect((proof.payload as { ath?: string }).ath).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('retries once with the nonce an AS asks for (400 use_dpop_nonce), then keeps using it', async () => {
    const { http, sent } = fakeHttp([
      { status: 400, body: { error: 'use_dpop_nonce' }, headers: { 'dpop-nonce': 'n-1' } },
      { status: 200, body: { access_token: 'a' } },
      { status: 200, body: {} },
    ]);
    const sender = new DpopSender(newClientKeys().dpop, http);
    const res = await sender.send('https://as.example/token', { form: { a: '1' } });
    expect(res.status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(claims(sent[0].opts.headers!.dpop).nonce).toBeUndefined();
    expect(claims(sent[1].opts.headers!.dpop)).toMatchObject({ nonce: 'n-1', htm: 'POST' });
    expect(claims(sent[1].opts.headers!.dpop).jti).not.toBe(claims(sent[0].opts.headers!.dpop).jti);
    await sender.send('https://as.example/token', { form: { a: '1' } });
    expect(claims(sent[2].opts.headers!.dpop).nonce).toBe('n-1');
  });

  it('retries on a resource server\'s 401 use_dpop_nonce challenge, and not on a 401 without a new nonce', async () => {
    const { http, sent } = fakeHttp([
      { status: 401, headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'rs-1' } },
      { status: 200 },
      { status: 401, headers: { 'www-authenticate': 'DPoP error="invalid_token"' } },
    ]);
    const sender = new DpopSender(newClientKeys().dpop, http);
    expect((await sender.send('https://bank.example/a', {}, 't')).status).toBe(200);
    expect(claims(sent[1].opts.headers!.dpop).nonce).toBe('rs-1');
    expect((await sender.send('https://bank.example/a', {}, 't')).status).toBe(401);
    expect(sent).toHaveLength(3);
  });
});
