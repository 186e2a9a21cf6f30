import { Injectable } from '@nestjs/common';
import { presentedCredentials } from '../../common/auth/authorization-header.js';
import { CredentialsRequiredError, InsufficientScopeError, InvalidBearerRequestError, InvalidTokenError, ResourceChallenge } from '../../common/errors/oauth.errors.js';
import { GrantEntity } from '../entities/grant.entity.js';
import { TokenEntity } from '../entities/token.entity.js';
import { AsDpopService } from './as-dpop.service.js';
import { GrantService } from './grant.service.js';
import { parseScope } from './scopes.js';
import { TokenService } from './token.service.js';

export interface BearerContext {
  token: TokenEntity;
  grant: GrantEntity;
  scopes: string[];
}

/** A route that also takes DPoP-bound tokens (RFC 9449 §7): the request's proof, method and URL. */
export interface DpopRequest {
  proof: unknown;
  htm: string;
  htu: string;
}

/**
 * RFC 6750 §2.1: an opaque access token of this AS in the Authorization header, active, with its grant
 * active. On a route that takes DPoP (`dpop` given), a DPoP-bound token comes as `DPoP <token>` with a proof
 * of its key for this request (RFC 9449 §7.1), and never as a bearer token (§7.2).
 */
@Injectable()
export class BearerAuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly grants: GrantService,
    private readonly dpop: AsDpopService,
  ) {}

  async authenticate(authorization: unknown, anyOfScopes: string[], dpop?: DpopRequest): Promise<BearerContext> {
    const presented = presentedCredentials(authorization);
    const usesDpop = dpop !== undefined && (presented.kind === 'dpop' || (presented.kind === 'malformed' && presented.scheme === 'dpop'));
    const realm: ResourceChallenge = { realm: 'steward', scheme: dpop ? (usesDpop ? 'DPoP' : 'Bearer') : 'Bearer' };
    // RFC 6750 §3.1: no credentials → a challenge without an error code; malformed → 400 invalid_request.
    if (presented.kind === 'none' || presented.kind === 'other' || (presented.kind === 'dpop' && !dpop)) {
      throw new CredentialsRequiredError(undefined, dpop ? { realm: 'steward', scheme: 'both' } : 'steward');
    }
    if (presented.kind === 'malformed') throw new InvalidBearerRequestError(usesDpop ? 'the Authorization header must be "DPoP <token>"' : undefined, realm);
    const token = await this.tokens.findActive(presented.token, 'access');
    if (!token) throw new InvalidTokenError('the access token is unknown, expired or revoked', realm);
    if (dpop) this.checkBinding(token, presented.token, usesDpop, dpop);
    const grant = await this.grants.findActive(token.grantId);
    if (!grant) throw new InvalidTokenError('the grant behind this token was revoked', realm);
    const scopes = parseScope(token.scope);
    if (!anyOfScopes.some((s) => scopes.includes(s))) throw new InsufficientScopeError(anyOfScopes.join(' '), realm);
    return { token, grant, scopes };
  }

  /** RFC 9449 §7.1–7.2: scheme and binding agree, and the proof is of the bound key, for this token and request. */
  private checkBinding(token: TokenEntity, accessToken: string, usesDpop: boolean, req: DpopRequest): void {
    const dpopRealm: ResourceChallenge = { realm: 'steward', scheme: 'DPoP' };
    if (token.jkt === null) {
      if (usesDpop) throw new InvalidTokenError('the access token is not DPoP-bound: present it as a Bearer token', dpopRealm);
      return;
    }
    if (!usesDpop) throw new InvalidTokenError('the access token is DPoP-bound: present it with the DPoP scheme and a proof', dpopRealm);
    this.dpop.atResource(req.proof, { htm: req.htm, htu: req.htu, accessToken, jkt: token.jkt }, dpopRealm);
  }
}
