import { Injectable, NotFoundException } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import type { Algorithm, JwtPayload } from 'jsonwebtoken';
import { presentedCredentials } from '../../common/auth/authorization-header.js';
import { CredentialsRequiredError, InsufficientScopeError, InvalidBearerRequestError, InvalidTokenError } from '../../common/errors/oauth.errors.js';
import { OutboundError } from '../../common/http/http-client.js';
import { AsProtocolError } from '../../common/oauth-client/oauth-client.service.js';
import { AppConfig } from '../../config/app-config.js';
import { DelegationService } from '../delegation.service.js';
import { BankDirectory } from '../bank-directory.js';
import type { AccountPart } from '../resource-metadata/resource-metadata.service.js';
import { resourceMetadataUrl } from '../../common/oauth-client/resource-metadata-url.js';
import { DpopVerifier } from '../../common/dpop/dpop-verifier.js';
import { AsKeysService } from './as-keys.service.js';
import { BankDpopRequest, checkSenderConstraint } from './bank-dpop.js';
import { BankIntrospectionService } from './bank-introspection.service.js';
import { grantAccountKey } from '../signals/event-types.js';

/** Signature algorithms a bank accepts; never "none", never HMAC (a public key is not a shared secret). */
const ALLOWED_ALGS: Algorithm[] = ['ES256'];
const CLOCK_LEEWAY_S = 30;
const JWS_COMPACT = /^[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*$/;
/** Verified tokens kept, and for how long at most (the JWKS is trusted as long). */
const VERIFIED_MAX = 10_000;
const VERIFIED_TTL_MS = 10 * 60 * 1000;
/** How long a pushed revocation is remembered: longer than any bank token lives (Intro's are 10 minutes at most). */
export const REVOKED_TTL_MS = 15 * 60 * 1000;
const REVOKED_MAX = 100_000;

export interface BankTokenContext {
  sub: string;
  clientId: string;
  scopes: string[];
  issuer: string;
  /** First day of the history the person allowed (YYYY-MM-DD); transactions before it are not served. */
  historyFrom?: string;
}

/**
 * RFC 9068 §4 access token validation at a bank, for one account: signed by the AS this account is
 * delegated to (and only that AS), meant for this bank, unexpired, for this account, with the scope.
 */
@Injectable()
export class BankTokenVerifier {
  /**
   * Claims of tokens whose signature, iss and aud were checked, by bank, delegated AS and exact token: a
   * client calls a bank many times with one token, and the ES256 verification is the costliest step. Only
   * valid tokens enter; per-request checks (account, scope, expiry, recheck with the AS) still run each time.
   */
  private readonly verified = new Map<string, { claims: JwtPayload; until: number }>();
  /** Grants whose end an AS pushed (SSF session-revoked), by bank, AS and grant id: refused at once. */
  private readonly revokedGrants = new Map<string, number>();
  /** RFC 9449 §4.3 and §11.1: this bank's proofs, each jti once. */
  private readonly dpop = new DpopVerifier();

  constructor(
    private readonly delegations: DelegationService,
    private readonly keys: AsKeysService,
    private readonly introspection: BankIntrospectionService,
    private readonly config: AppConfig,
    private readonly directory: BankDirectory,
  ) {}

  async verify(bankId: string, accountId: string, authorization: unknown, requiredScope: string, part: AccountPart = 'account', dpop?: Omit<BankDpopRequest, 'htu'>): Promise<BankTokenContext> {
    const bank = this.directory.find(bankId);
    if (!bank) throw new NotFoundException('no such bank');
    // Every 401/403/400 of a bank names the requested resource's metadata (RFC 9728 §5.1).
    const endpoint = this.delegations.endpoint(bank, accountId);
    const resource = part === 'transactions' ? `${endpoint}/transactions` : endpoint;
    const realm = { realm: `bank-${bankId}`, resourceMetadata: resourceMetadataUrl(resource) };
    const presented = presentedCredentials(authorization);
    // RFC 9449 §7.1: a request made with DPoP is answered with a DPoP challenge.
    const answerRealm = { ...realm, scheme: presented.kind === 'dpop' || (presented.kind === 'malformed' && presented.scheme === 'dpop') ? ('DPoP' as const) : ('Bearer' as const) };
    const fail = (why: string) => new InvalidTokenError(why, answerRealm);
    // RFC 6750 §3.1: no credentials → a challenge (Bearer or DPoP) without an error code; malformed → 400 invalid_request.
    if (presented.kind === 'none' || presented.kind === 'other') throw new CredentialsRequiredError('an access token is required', { ...realm, scheme: 'both' });
    if (presented.kind === 'malformed') throw new InvalidBearerRequestError(answerRealm.scheme === 'DPoP' ? 'the Authorization header must be "DPoP <token>"' : undefined, answerRealm);
    const token = presented.token;
    if (!JWS_COMPACT.test(token)) throw fail('the access token is not a JWT');

    const delegation = await this.delegations.findDelegation(bankId, accountId);
    if (!delegation) throw fail('this account is not delegated to any authorization server');

    const cacheKey = `${bankId} ${delegation.issuer} ${token}`;
    const hit = this.verified.get(cacheKey);
    let claims: JwtPayload;
    if (hit && hit.until > Date.now()) claims = hit.claims;
    else {
      if (hit) this.verified.delete(cacheKey);
      claims = await this.verifySignedToken(token, delegation.issuer, bankId, fail);
      this.remember(cacheKey, claims);
    }
    // A revocation the AS pushed (SSF, RFC 8935) counts from the moment it arrived, whatever the token's age.
    if (this.revokedGrants.size && this.isRevoked(bankId, delegation.issuer, claims.grant_id)) throw fail('the authorization server revoked this grant (security event)');
    if (this.revokedGrants.size && this.isRevoked(bankId, delegation.issuer, grantAccountKey(claims.grant_id, claims.resource_id))) {
      throw fail('the authorization server took this account out of the grant (security event)');
    }
    // Object-level check: the token is for this account's registered resource, no other.
    if (claims.resource_id !== delegation.resourceId) throw fail('the access token is not for this account');
    checkSenderConstraint(this.dpop, claims, presented, dpop && { ...dpop, htu: resource }, realm);
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    if (!scopes.includes(requiredScope)) throw new InsufficientScopeError(requiredScope, answerRealm);
    // Past the recheck interval, ask the AS whether the grant still stands (the revocation bound).
    const age = Math.floor(Date.now() / 1000) - (typeof claims.iat === 'number' ? claims.iat : 0);
    if (age >= this.config.bankTokenRecheckSeconds) {
      if (typeof claims.jti !== 'string' || !(await this.introspection.isActive(bankId, delegation.issuer, claims.jti, token, String(claims.grant_id)))) {
        throw fail('the authorization server no longer stands behind this token');
      }
    }
    const historyFrom = typeof claims.history_from === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(claims.history_from) ? claims.history_from : undefined;
    return { sub: String(claims.sub), clientId: String(claims.client_id), scopes, issuer: delegation.issuer, historyFrom };
  }

  /**
   * An AS pushed the end of a grant: its tokens are refused at this bank from now on, and what was cached
   * about them (verified signatures, positive introspection answers) is dropped.
   */
  grantRevoked(bankId: string, issuer: string, grantId: string, at = Date.now()): void {
    const now = Date.now();
    if (this.isRevoked(bankId, issuer, grantId)) return;
    if (this.revokedGrants.size >= REVOKED_MAX) for (const [k, until] of this.revokedGrants) if (until <= now) this.revokedGrants.delete(k);
    this.revokedGrants.set(`${bankId} ${issuer} ${grantId}`, at + REVOKED_TTL_MS);
    for (const [key, entry] of this.verified) {
      if (entry.claims.grant_id === grantId && entry.claims.iss === issuer && key.startsWith(`${bankId} `)) this.verified.delete(key);
    }
    this.introspection.forgetGrant(bankId, grantId);
  }

  private isRevoked(bankId: string, issuer: string, grantId: unknown): boolean {
    const key = `${bankId} ${issuer} ${String(grantId)}`;
    const until = this.revokedGrants.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.revokedGrants.delete(key);
    return false;
  }

  /** RFC 9068 §4 checks of the JWS itself: alg, typ, no embedded keys, iss, the delegated AS's key, aud, exp. */
  private async verifySignedToken(token: string, issuer: string, bankId: string, fail: (why: string) => InvalidTokenError): Promise<JwtPayload> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== 'object') throw fail('the access token is malformed');
    const { header, payload } = decoded;
    if (!ALLOWED_ALGS.includes(header.alg as Algorithm)) throw fail(`alg ${header.alg} is not accepted`);
    // RFC 9068 §4: MUST check typ is at+jwt.
    if (typeof header.typ !== 'string' || !['at+jwt', 'application/at+jwt'].includes(header.typ.toLowerCase())) throw fail('typ must be at+jwt');
    // Keys come only from the delegated AS's jwks_uri, never from the token itself.
    if ('jku' in header || 'x5u' in header || 'jwk' in header || 'x5c' in header) throw fail('key references in the token header are not accepted');
    // MUST: iss is the AS this account is delegated to, checked before any key is fetched.
    if (payload.iss !== issuer) throw fail('the token was not issued by the authorization server this account is delegated to');
    if (typeof header.kid !== 'string') throw fail('the token names no key');

    let key;
    try {
      key = await this.keys.key(issuer, header.kid);
    } catch (err) {
      if (err instanceof OutboundError || err instanceof AsProtocolError) throw fail('the authorization server keys could not be fetched');
      throw err;
    }
    if (!key || (key.alg && key.alg !== header.alg)) throw fail('the token is signed with a key the authorization server does not publish');

    let claims: JwtPayload;
    try {
      claims = jwt.verify(token, key.key, {
        algorithms: ALLOWED_ALGS,
        issuer,
        audience: this.config.bankUrl(bankId), // MUST: aud is this bank
        clockTolerance: CLOCK_LEEWAY_S,
      }) as JwtPayload;
    } catch (err) {
      throw fail(jwtFailure(err));
    }
    if (typeof claims.exp !== 'number') throw fail('the access token has no exp');
    return claims;
  }

  private remember(key: string, claims: JwtPayload): void {
    if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(key, { claims, until: Math.min(((claims.exp as number) + CLOCK_LEEWAY_S) * 1000, Date.now() + VERIFIED_TTL_MS) });
  }
}

/** Why jsonwebtoken refused a token, in words an operator reads in the log (and the client in error_description). */
function jwtFailure(err: unknown): string {
  if (err instanceof jwt.TokenExpiredError) return 'the access token has expired';
  if (err instanceof jwt.NotBeforeError) return 'the access token is not valid yet';
  const message = err instanceof Error ? err.message : '';
  if (message.startsWith('jwt audience invalid')) return 'the access token is meant for another resource server (aud)';
  if (message === 'invalid signature') return 'the access token signature does not verify';
  return 'the access token signature or claims are invalid';
}
