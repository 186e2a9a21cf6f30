import { InvalidClientMetadataError } from '../../common/errors/oauth.errors.js';
import { importPublicJwk } from '../../common/jose/jws.js';
import type { AppConfig } from '../../config/app-config.js';
import type { AsClientEntity } from '../entities/as-client.entity.js';

export interface FapiClientMetadata {
  jwks: { keys: Record<string, unknown>[] } | null;
  jwksUri: string | null;
  fapiProfile: 'fapi2' | null;
  requirePar: boolean;
  dpopBound: boolean;
}

const optionalFlag = (m: Record<string, unknown>, name: string): boolean => {
  const v = m[name] ?? false;
  if (typeof v !== 'boolean') throw new InvalidClientMetadataError(`${name} must be true or false`);
  return v;
};

/**
 * The registration metadata of FAPI 2.0's mechanisms: `jwks` / `jwks_uri` (RFC 7591 §2, for private_key_jwt),
 * `require_pushed_authorization_requests` (RFC 9126 §6), `dpop_bound_access_tokens` (RFC 9449 §5.2), and
 * Steward's `fapi_profile: "fapi2"`, which turns all three on and requires private_key_jwt (so does FAPI=on
 * for every client).
 */
export function fapiMetadata(m: Record<string, unknown>, method: AsClientEntity['tokenEndpointAuthMethod'], config: AppConfig): FapiClientMetadata {
  if (m.fapi_profile !== undefined && m.fapi_profile !== 'fapi2') throw new InvalidClientMetadataError('fapi_profile may only be "fapi2"');
  const fapi = m.fapi_profile === 'fapi2' || config.fapi;
  if (fapi && method !== 'private_key_jwt') throw new InvalidClientMetadataError('a FAPI 2.0 client authenticates with private_key_jwt (FAPI 2.0 §5.3.2.1)');
  const keyed = m.jwks !== undefined || m.jwks_uri !== undefined;
  if (method === 'private_key_jwt' && !keyed) throw new InvalidClientMetadataError('private_key_jwt needs jwks or jwks_uri');
  if (method !== 'private_key_jwt' && keyed) throw new InvalidClientMetadataError('jwks and jwks_uri are for private_key_jwt clients');
  if (m.jwks !== undefined && m.jwks_uri !== undefined) throw new InvalidClientMetadataError('give jwks or jwks_uri, not both (RFC 7591 §2)');
  return {
    jwks: m.jwks === undefined ? null : checkJwks(m.jwks),
    jwksUri: m.jwks_uri === undefined ? null : checkJwksUri(m.jwks_uri, config),
    fapiProfile: m.fapi_profile === 'fapi2' ? 'fapi2' : null,
    requirePar: optionalFlag(m, 'require_pushed_authorization_requests') || fapi,
    dpopBound: optionalFlag(m, 'dpop_bound_access_tokens') || fapi,
  };
}

/** Public keys only, at most ten, each one Node can import (RSA ≥ 2048, P-256, Ed25519 are what verify). */
function checkJwks(value: unknown): { keys: Record<string, unknown>[] } {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 10) throw new InvalidClientMetadataError('jwks must be {"keys": [1 to 10 public keys]}');
  for (const k of keys) if (!importPublicJwk(k)) throw new InvalidClientMetadataError('every key in jwks must be a public JWK');
  const out = keys as Record<string, unknown>[];
  if (JSON.stringify(out).length > 16_384) throw new InvalidClientMetadataError('jwks is too large');
  return { keys: out };
}

/** FAPI 2.0 §5.4.2: over TLS — http only at this deployment's or a trusted local origin (a test's own server). */
function checkJwksUri(value: unknown, config: AppConfig): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new InvalidClientMetadataError('jwks_uri must be an absolute URL');
  }
  if (typeof value !== 'string' || value.length > 2048 || url.hash) throw new InvalidClientMetadataError('jwks_uri must be an https URL without fragment');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && config.trustedLocalOrigins.has(url.origin))) {
    throw new InvalidClientMetadataError('jwks_uri must use https');
  }
  return value;
}
