import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { FapiAlg, jwkThumbprint, publicJwk, signJws } from '../jose/jws.js';

/** A client's DPoP key (RFC 9449 §2): its private half signs proofs, its thumbprint binds tokens. */
export interface DpopKey {
  alg: FapiAlg;
  privateKey: KeyObject;
  jwk: JsonWebKey;
  /** RFC 7638 thumbprint: the `jkt` a bound token carries in `cnf`. */
  jkt: string;
}

export function dpopKeyFrom(privateKey: KeyObject, alg: FapiAlg = 'ES256'): DpopKey {
  const jwk = publicJwk(privateKey);
  return { alg, privateKey, jwk, jkt: jwkThumbprint(jwk) };
}

/** A fresh ES256 DPoP key pair. */
export function newDpopKey(): DpopKey {
  return dpopKeyFrom(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES256');
}

/** RFC 9449 §4.2: ath = base64url(SHA-256(ASCII(access token))). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/** RFC 9449 §4.2: htu is the target URI without query and fragment. */
export function htuOf(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** RFC 9449 §4.2: a DPoP proof JWT for one request (and, at a resource server, one access token). */
export function createDpopProof(key: DpopKey, htm: string, url: string, opts: { accessToken?: string; nonce?: string } = {}): string {
  const payload: Record<string, unknown> = {
    jti: randomBytes(16).toString('base64url'),
    htm,
    htu: htuOf(url),
    iat: Math.floor(Date.now() / 1000),
  };
  if (opts.accessToken) payload.ath = accessTokenHash(opts.accessToken);
  if (opts.nonce) payload.nonce = opts.nonce;
  return signJws({ typ: 'dpop+jwt', jwk: key.jwk }, payload, key.alg, key.privateKey);
}
