import { constants, createHash, createPublicKey, sign as signBytes, verify as verifyBytes } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';

/**
 * Compact JWS (RFC 7515) with the algorithms FAPI 2.0 §5.4.1 allows: PS256, ES256 and EdDSA (Ed25519),
 * on Node's own crypto. Never "none", never a MAC: these JWTs are checked with a public key.
 */
export const FAPI_ALGS = ['ES256', 'PS256', 'EdDSA'] as const;
export type FapiAlg = (typeof FAPI_ALGS)[number];

export function isFapiAlg(alg: unknown): alg is FapiAlg {
  return typeof alg === 'string' && (FAPI_ALGS as readonly string[]).includes(alg);
}

export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function parseObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a compact JWS; undefined unless it has three base64url parts and JSON object header and payload. */
export function decodeJws(token: string): DecodedJws | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p)) || !parts[0] || !parts[1] || !parts[2]) return undefined;
  const header = parseObject(parts[0]);
  const payload = parseObject(parts[1]);
  if (!header || !payload) return undefined;
  return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
}

function nodeParams(alg: FapiAlg, key: KeyObject) {
  switch (alg) {
    case 'ES256':
      return { digest: 'sha256', key: { key, dsaEncoding: 'ieee-p1363' as const } };
    case 'PS256':
      return { digest: 'sha256', key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } };
    case 'EdDSA':
      return { digest: null, key };
  }
}

/** The key type each algorithm needs (RFC 7518 §3.4, §3.5; RFC 8037 §3.1), so a key cannot be used for another. */
function keyFits(alg: FapiAlg, key: KeyObject): boolean {
  const type = key.asymmetricKeyType;
  if (alg === 'ES256') return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  if (alg === 'PS256') return (type === 'rsa' || type === 'rsa-pss') && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
  return type === 'ed25519';
}

export function signJws(header: Record<string, unknown>, payload: Record<string, unknown>, alg: FapiAlg, privateKey: KeyObject): string {
  const input = `${b64json({ ...header, alg })}.${b64json(payload)}`;
  const p = nodeParams(alg, privateKey);
  return `${input}.${signBytes(p.digest, Buffer.from(input), p.key).toString('base64url')}`;
}

/** Whether the decoded JWS's signature verifies with `publicKey` under `alg` (the key must fit the alg). */
export function verifyJws(jws: DecodedJws, alg: FapiAlg, publicKey: KeyObject): boolean {
  if (!keyFits(alg, publicKey)) return false;
  const p = nodeParams(alg, publicKey);
  try {
    return verifyBytes(p.digest, Buffer.from(jws.signingInput), p.key, jws.signature);
  } catch {
    return false;
  }
}

/** Imports a public JWK; undefined if it is not one (a private member such as "d" included). */
export function importPublicJwk(jwk: unknown): KeyObject | undefined {
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) return undefined;
  const j = jwk as Record<string, unknown>;
  if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((m) => m in j)) return undefined;
  try {
    const key = createPublicKey({ key: j as JsonWebKey, format: 'jwk' });
    return key.type === 'public' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 7638 §3: SHA-256 over the required members of the public JWK, in lexicographic order. */
export function jwkThumbprint(jwk: JsonWebKey | Record<string, unknown>): string {
  const j = jwk as Record<string, unknown>;
  const required: Record<string, string[]> = { EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'], OKP: ['crv', 'kty', 'x'] };
  const members = required[String(j.kty)];
  if (!members) throw new Error(`no thumbprint for kty ${String(j.kty)}`);
  const canonical = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(j[m])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The public JWK of a key (only the members a public key has). */
export function publicJwk(key: KeyObject): JsonWebKey {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => ['kty', 'crv', 'x', 'y', 'n', 'e'].includes(k))) as JsonWebKey;
}
