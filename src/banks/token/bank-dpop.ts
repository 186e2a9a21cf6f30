import type { JwtPayload } from 'jsonwebtoken';
import type { PresentedCredentials } from '../../common/auth/authorization-header.js';
import { DpopProofError, DpopVerifier } from '../../common/dpop/dpop-verifier.js';
import { InvalidDpopProofError, InvalidTokenError } from '../../common/errors/oauth.errors.js';

export interface BankDpopRequest {
  /** The request's DPoP header, as Node gives it. */
  proof: unknown;
  htm: string;
  /** The resource requested (no query): the proof's htu. */
  htu: string;
}

/**
 * RFC 9449 §7 at a bank: a token whose `cnf.jkt` binds it to a key is accepted only as `DPoP <token>` with a
 * proof of that key for this request (htm, htu, iat window, jti once, ath of this token, an allowed alg) —
 * a bank token stolen without its key opens nothing (§7.2: never as a bearer token). An unbound token
 * presented with the DPoP scheme is refused too: the scheme promises a binding the token does not carry.
 */
export function checkSenderConstraint(
  verifier: DpopVerifier,
  claims: JwtPayload,
  presented: PresentedCredentials & { token: string },
  req: BankDpopRequest | undefined,
  realm: { realm: string; resourceMetadata?: string },
): void {
  const dpopRealm = { ...realm, scheme: 'DPoP' as const };
  const cnf = claims.cnf as { jkt?: unknown } | undefined;
  if (cnf === undefined) {
    if (presented.kind === 'dpop') throw new InvalidTokenError('the access token is not DPoP-bound: present it as a Bearer token', dpopRealm);
    return;
  }
  if (typeof cnf?.jkt !== 'string') throw new InvalidTokenError('the access token names a confirmation method this bank does not know', realm);
  if (presented.kind !== 'dpop') throw new InvalidTokenError('the access token is bound to a DPoP key: present it with the DPoP scheme and a proof of the key', dpopRealm);
  try {
    verifier.verify(req?.proof, { htm: req?.htm ?? 'GET', htu: req?.htu ?? '', accessToken: presented.token, jkt: cnf.jkt });
  } catch (err) {
    if (err instanceof DpopProofError) throw new InvalidDpopProofError(err.reason, dpopRealm);
    throw err;
  }
}
