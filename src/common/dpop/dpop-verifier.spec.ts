import { jest } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { decodeJws, jwkThumbprint, signJws } from '../jose/jws.js';
import { accessTokenHash, createDpopProof, dpopKeyFrom, newDpopKey } from './dpop-proof.js';
import { DpopNonces } from './dpop-nonce.js';
import { DpopProofError, DpopVerifier } from './dpop-verifier.js';

const URL_ = 'https://as.example/as/token';

function refused(fn: () => unknown): DpopProofError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DpopProofError) return err;
    throw err;
  }
  throw new Error('the proof was accepted');
}

/** RFC 9449 §4.3, one check at a time: every case but the control is refused for its own reason. */
describe('DPoP proofs (RFC 9449 §4)', () => {
  afterEach(() => jest.useRealTimers());
  const key = newDpopKey();

  it('a well-formed proof is accepted and names its key by RFC 7638 thumbprint', () => {
    const v = new DpopVerifier();
    const out = v.verify(createDpopProof(key, 'POST', URL_), { htm: 'POST', htu: URL_ });
    expect(out.jkt).toBe(key.jkt);
    expect(out.claims).toMatchObject({ htm: 'POST', htu: URL_ });
  });

  it('RFC 7638 §3.1: the thumbprint of the RFC example key', () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(jwkThumbprint(jwk)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('PS256 and EdDSA keys work as well as ES256', () => {
    const v = new DpopVerifier();
    for (const [k, alg] of [
      [generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'PS256'],
      [generateKeyPairSync('ed25519').privateKey, 'EdDSA'],
    ] as const) {
      const other = dpopKeyFrom(k, alg);
      expect(v.verify(createDpopProof(other, 'GET', URL_), { htm: 'GET', htu: URL_ }).jkt).toBe(other.jkt);
    }
  });

  it('oauth4webapi’s proofs pass (an independent implementation of §4.2)', async () => {
    const pair = await oauth.generateKeyPair('ES256');
    const dpop = oauth.DPoP({}, pair);
    let header = '';
    await oauth.protectedResourceRequest('tok', 'GET', new URL(`${URL_}?x=1#f`), undefined, undefined, {
      DPoP: dpop,
      [oauth.customFetch]: async (_url: string, init: RequestInit) => {
        header = new Headers(init.headers).get('dpop') ?? '';
        return new Response('{}', { status: 200 });
      },
    });
    expect(new DpopVerifier().verify(header, { htm: 'GET', htu: URL_, accessToken: 'tok' }).claims.ath).toBe(accessTokenHash('tok'));
  });

  describe('refusals', () => {
    const v = new DpopVerifier();
    const expectations = { htm: 'POST', htu: URL_ };
    const claims = () => ({ jti: Math.random().toString(36), htm: 'POST', htu: URL_, iat: Math.floor(Date.now() / 1000) });
    const signed = (header: Record<string, unknown>, payload: Record<string, unknown>) => signJws({ typ: 'dpop+jwt', jwk: key.jwk, ...header }, payload, 'ES256', key.privateKey);

    it.each([
      ['no header', undefined, /exactly one/],
      ['two headers', ['a', 'b'], /exactly one/],
      ['two proofs in one header', `${createDpopProof(key, 'POST', URL_)}, ${createDpopProof(key, 'POST', URL_)}`, /exactly one/],
      ['not a JWT', 'abc', /well-formed/],
    ])('%s', (_label, value, reason) => {
      expect(refused(() => v.verify(value, expectations)).reason).toMatch(reason);
    });

    it('typ other than dpop+jwt', () => expect(refused(() => v.verify(signed({ typ: 'JWT' }, claims()), expectations)).reason).toMatch(/typ/));
    it('alg none, HS256, RS256', () => {
      for (const alg of ['none', 'HS256', 'RS256']) {
        const jws = signed({}, claims()).split('.');
        const header = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(jws[0], 'base64url').toString()), alg })).toString('base64url');
        expect(refused(() => v.verify(`${header}.${jws[1]}.${jws[2]}`, expectations)).reason).toMatch(/alg/);
      }
    });
    it('a private key in the header', () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      expect(refused(() => v.verify(signed({ jwk: privateKey.export({ format: 'jwk' }) }, claims()), expectations)).reason).toMatch(/public jwk/);
    });
    it('a signature by another key than the header jwk', () => {
      const other = newDpopKey();
      expect(refused(() => v.verify(signJws({ typ: 'dpop+jwt', jwk: key.jwk }, claims(), 'ES256', other.privateKey), expectations)).reason).toMatch(/signature/);
    });
    it('a tampered payload', () => {
      const [h, , s] = signed({}, claims()).split('.');
      const p = Buffer.from(JSON.stringify({ ...claims(), htm: 'POST' })).toString('base64url');
      expect(refused(() => v.verify(`${h}.${p}.${s}`, expectations)).reason).toMatch(/signature/);
    });
    it.each(['jti', 'htm', 'htu', 'iat'])('no %s', (claim) => {
      const c: Record<string, unknown> = claims();
      delete c[claim];
      expect(refused(() => v.verify(signed({}, c), expectations)).reason).toMatch(new RegExp(claim));
    });
    it('another method', () => expect(refused(() => v.verify(signed({}, { ...claims(), htm: 'GET' }), expectations)).reason).toMatch(/htm/));
    it('another URL (path, host, scheme)', () => {
      for (const htu of ['https://as.example/as/par', 'https://evil.example/as/token', 'http://as.example/as/token']) {
        expect(refused(() => v.verify(signed({}, { ...claims(), htu }), expectations)).reason).toMatch(/htu/);
      }
    });
    it('query and fragment are ignored, default port and host case normalised (§4.3 step 9)', () => {
      expect(v.verify(signed({}, { ...claims(), htu: 'https://AS.example:443/as/token' }), { htm: 'POST', htu: `${URL_}?a=1#x` }).jkt).toBe(key.jkt);
    });
    it('iat too old, or too far ahead', () => {
      const now = Math.floor(Date.now() / 1000);
      expect(refused(() => v.verify(signed({}, { ...claims(), iat: now - 120 }), expectations)).reason).toMatch(/too old/);
      expect(refused(() => v.verify(signed({}, { ...claims(), iat: now + 60 }), expectations)).reason).toMatch(/future/);
    });
    it('a replayed proof (same jti) is refused; it is forgotten once its iat is out of the window', () => {
      jest.useFakeTimers({ now: Date.now() });
      const fresh = new DpopVerifier();
      const proof = createDpopProof(key, 'POST', URL_);
      fresh.verify(proof, expectations);
      expect(refused(() => fresh.verify(proof, expectations)).reason).toMatch(/used before/);
      jest.advanceTimersByTime(120_000);
      expect(refused(() => fresh.verify(proof, expectations)).reason).toMatch(/too old/);
    });
    it('ath: missing or for another token', () => {
      expect(refused(() => v.verify(createDpopProof(key, 'POST', URL_), { ...expectations, accessToken: 'tok' })).reason).toMatch(/ath/);
      expect(refused(() => v.verify(createDpopProof(key, 'POST', URL_, { accessToken: 'other' }), { ...expectations, accessToken: 'tok' })).reason).toMatch(/ath/);
    });
    it('a key other than the bound one (cnf.jkt)', () => {
      expect(refused(() => v.verify(createDpopProof(newDpopKey(), 'POST', URL_), { ...expectations, jkt: key.jkt })).reason).toMatch(/other than/);
    });
  });

  describe('nonces (§8)', () => {
    it('no nonce, or a made-up one → use_dpop_nonce; an issued one passes; it expires after three minutes', () => {
      jest.useFakeTimers({ now: Date.now() });
      const nonces = new DpopNonces();
      const v = new DpopVerifier();
      expect(refused(() => v.verify(createDpopProof(key, 'POST', URL_), { htm: 'POST', htu: URL_, nonces })).code).toBe('use_dpop_nonce');
      expect(refused(() => v.verify(createDpopProof(key, 'POST', URL_, { nonce: 'abc' }), { htm: 'POST', htu: URL_, nonces })).code).toBe('use_dpop_nonce');
      const nonce = nonces.current();
      expect(v.verify(createDpopProof(key, 'POST', URL_, { nonce }), { htm: 'POST', htu: URL_, nonces }).claims.nonce).toBe(nonce);
      jest.advanceTimersByTime(4 * 60_000);
      expect(nonces.isValid(nonce)).toBe(false);
      expect(new DpopNonces().isValid(nonces.current())).toBe(false);
    });
  });

  it('decodeJws refuses what is not three base64url parts of JSON objects', () => {
    for (const t of ['', 'a.b', 'a.b.c.d', `${Buffer.from('[]').toString('base64url')}.e30.AA`, 'e30.e30.']) expect(decodeJws(t)).toBeUndefined();
  });
});
