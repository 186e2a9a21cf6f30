import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { FapiAlg, jwkThumbprint, publicJwk, signJws } from '../../src/common/jose/jws.js';
import { JWT_BEARER_ASSERTION } from '../../src/as/core/client-assertion.service.js';
import { postForm } from './fixtures.js';

export { createDpopProof, newDpopKey } from '../../src/common/dpop/dpop-proof.js';
export type { DpopKey } from '../../src/common/dpop/dpop-proof.js';

/** A client's signing key for private_key_jwt, with its public JWK (kid = its thumbprint). */
export interface ClientKey {
  alg: FapiAlg;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function newClientKey(alg: FapiAlg = 'ES256'): ClientKey {
  const { privateKey } =
    alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : alg === 'PS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  const jwk: Record<string, unknown> = { ...publicJwk(privateKey) };
  return { alg, privateKey, jwk: { ...jwk, kid: jwkThumbprint(jwk), alg, use: 'sig' } };
}

export interface KeyedClient {
  client_id: string;
  redirect_uri: string;
  key: ClientKey;
  registration: Record<string, any>;
}

/** RFC 7591 registration of a private_key_jwt client with its jwks (FAPI 2.0 unless `fapi_profile` is overridden). */
export async function registerKeyedClient(baseUrl: string, overrides: Record<string, unknown> = {}, key = newClientKey()): Promise<KeyedClient> {
  const redirect_uri = 'https://client.example/cb';
  const res = await fetch(`${baseUrl}/as/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'FAPI App',
      redirect_uris: [redirect_uri],
      scope: 'accounts:read transactions:read',
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.jwk] },
      fapi_profile: 'fapi2',
      ...overrides,
    }),
  });
  const registration = (await res.json()) as Record<string, any>;
  if (res.status !== 201) throw new Error(`registration failed: ${JSON.stringify(registration)}`);
  return { client_id: registration.client_id, redirect_uri, key, registration };
}

/** RFC 7523 §3 claims for `client_id` at `issuer`, signed with `key`; `claims` overrides or (undefined) removes. */
export function clientAssertion(key: ClientKey, clientId: string, issuer: string, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { iss: clientId, sub: clientId, aud: issuer, iat: now, exp: now + 60, jti: randomBytes(16).toString('base64url'), ...claims };
  for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
  return signJws({ kid: key.jwk.kid, typ: 'JWT', ...header }, payload, key.alg, key.privateKey);
}

/** The form fields of private_key_jwt authentication (RFC 7523 §2.2). */
export function assertionFields(client: KeyedClient, issuer: string, claims: Record<string, unknown> = {}): Record<string, string> {
  return { client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: clientAssertion(client.key, client.client_id, issuer, claims) };
}

/** POSTs a form, and once more with the AS's DPoP nonce if it asks for one (RFC 9449 §8). */
export async function postWithNonce(url: string, form: () => Record<string, string>, proof: (nonce?: string) => string) {
  let res = await postForm(url, form(), { dpop: proof() });
  if (res.status === 400 && res.json.error === 'use_dpop_nonce') res = await postForm(url, form(), { dpop: proof(res.headers.get('dpop-nonce') ?? undefined) });
  return res;
}
