import { DPOP_ALGS } from '../dpop/dpop-verifier.js';

/**
 * The one place a resource server's challenge is written (RFC 6750 §3, RFC 9449 §7.1), for the AS and for
 * every bank, so that new parameters (RFC 9728 resource_metadata) are added once.
 */
export interface BearerChallenge {
  realm: string;
  /**
   * Which scheme answers: `Bearer` (RFC 6750), `DPoP` (RFC 9449 §7.1: the request used DPoP, or the token is
   * DPoP-bound), or `both` for a request with no credentials at a resource that takes either.
   */
  scheme?: 'Bearer' | 'DPoP' | 'both';
  /** RFC 6750 §3.1, RFC 9449 §7.1: absent when the request carried no credentials at all. */
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'invalid_dpop_proof' | 'use_dpop_nonce';
  description?: string;
  scope?: string;
  /** RFC 9728 §5.1: where the protected resource's metadata is (with or without an error). */
  resourceMetadata?: string;
}

/** RFC 6750 §3: quoted-string values; a double quote or backslash is dropped rather than escaped. */
const quoted = (value: string) => `"${value.replace(/["\\\r\n]/g, '')}"`;

function params(c: BearerChallenge, dpop: boolean): string {
  const out: string[] = [`realm=${quoted(c.realm)}`];
  if (c.error) {
    out.push(`error=${quoted(c.error)}`);
    if (c.description) out.push(`error_description=${quoted(c.description)}`);
    if (c.scope) out.push(`scope=${quoted(c.scope)}`);
  }
  if (dpop) out.push(`algs=${quoted(DPOP_ALGS.join(' '))}`); // RFC 9449 §7.1
  if (c.resourceMetadata) out.push(`resource_metadata=${quoted(c.resourceMetadata)}`);
  return out.join(', ');
}

export function bearerChallenge(c: BearerChallenge): string {
  const scheme = c.scheme ?? 'Bearer';
  if (scheme === 'DPoP') return `DPoP ${params(c, true)}`;
  if (scheme === 'both') return `Bearer ${params(c, false)}, DPoP ${params(c, true)}`;
  return `Bearer ${params(c, false)}`;
}
