import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { DpopKey, dpopKeyFrom } from '../dpop/dpop-proof.js';
import { FapiAlg, isFapiAlg, jwkThumbprint, publicJwk, signJws } from '../jose/jws.js';

/**
 * A FAPI 2.0 client's own keys at one AS: one to authenticate (private_key_jwt, RFC 7523 §2.2) and one to
 * sender-constrain its tokens (DPoP, RFC 9449). A separate DPoP key per AS is FAPI 2.0's defence against a
 * token one AS issued being replayed through another (the "Cuckoo's Token" of FAPI 2.0 SP §6.3).
 */
export interface ClientKeys {
  signing: { alg: FapiAlg; kid: string; privateKey: KeyObject };
  dpop: DpopKey;
}

export function newClientKeys(): ClientKeys {
  const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const dpop = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  return { signing: { alg: 'ES256', kid: jwkThumbprint(publicJwk(signing)), privateKey: signing }, dpop: dpopKeyFrom(dpop, 'ES256') };
}

/** The client's public JWK Set (RFC 7591 §2 `jwks`): only the authentication key; the DPoP key travels in each proof. */
export function publicJwks(keys: ClientKeys): { keys: JsonWebKey[] } {
  return { keys: [{ ...publicJwk(keys.signing.privateKey), kid: keys.signing.kid, alg: keys.signing.alg, use: 'sig' }] };
}

/** For storage (sealed by the caller: these are private keys). */
export function serializeClientKeys(keys: ClientKeys): string {
  const jwk = (k: KeyObject) => k.export({ format: 'jwk' });
  return JSON.stringify({ signing: { alg: keys.signing.alg, kid: keys.signing.kid, jwk: jwk(keys.signing.privateKey) }, dpop: { alg: keys.dpop.alg, jwk: jwk(keys.dpop.privateKey) } });
}

export function parseClientKeys(text: string): ClientKeys {
  const raw = JSON.parse(text) as { signing: { alg: string; kid: string; jwk: JsonWebKey }; dpop: { alg: string; jwk: JsonWebKey } };
  if (!isFapiAlg(raw.signing.alg) || !isFapiAlg(raw.dpop.alg)) throw new Error('stored client keys use an algorithm FAPI 2.0 does not allow');
  const key = (jwk: JsonWebKey) => createPrivateKey({ key: jwk, format: 'jwk' });
  return { signing: { alg: raw.signing.alg, kid: raw.signing.kid, privateKey: key(raw.signing.jwk) }, dpop: dpopKeyFrom(key(raw.dpop.jwk), raw.dpop.alg) };
}

/**
 * RFC 7523 §2.2 client assertion, with FAPI 2.0 SP §5.3.2.1 [8]'s audience: the AS's issuer identifier (not the
 * endpoint URL). Short-lived, with a fresh jti so that the AS can refuse a replay.
 */
export function clientAssertion(keys: ClientKeys, clientId: string, issuer: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: clientId, sub: clientId, aud: issuer, jti: randomBytes(16).toString('base64url'), iat: now, exp: now + 60 };
  return signJws({ typ: 'JWT', kid: keys.signing.kid }, payload, keys.signing.alg, keys.signing.privateKey);
}
