import { Injectable } from '@nestjs/common';
import { presentedCredentials } from '../../common/auth/authorization-header.js';
import { CredentialsRequiredError, InsufficientScopeError, InvalidBearerRequestError, InvalidTokenError } from '../../common/errors/oauth.errors.js';
import { GrantEntity } from '../entities/grant.entity.js';
import { TokenEntity } from '../entities/token.entity.js';
import { GrantService } from './grant.service.js';
import { parseScope } from './scopes.js';
import { TokenService } from './token.service.js';

export interface BearerContext {
  token: TokenEntity;
  grant: GrantEntity;
  scopes: string[];
}

/** RFC 6750 §2.1: an opaque access token of this AS in the Authorization header, active, with its grant active. */
@Injectable()
export class BearerAuthService {
  constructor(
    private readonly tokens: TokenService,
    private readonly grants: GrantService,
  ) {}

  async authenticate(authorization: unknown, anyOfScopes: string[]): Promise<BearerContext> {
    const presented = presentedCredentials(authorization);
    // RFC 6750 §3.1: no credentials → a challenge without an error code; malformed → 400 invalid_request.
    if (presented.kind === 'none' || presented.kind === 'other') throw new CredentialsRequiredError();
    if (presented.kind === 'malformed') throw new InvalidBearerRequestError();
    const token = await this.tokens.findActive(presented.token, 'access');
    if (!token) throw new InvalidTokenError('the access token is unknown, expired or revoked');
    const grant = await this.grants.findActive(token.grantId);
    if (!grant) throw new InvalidTokenError('the grant behind this token was revoked');
    const scopes = parseScope(token.scope);
    if (!anyOfScopes.some((s) => scopes.includes(s))) throw new InsufficientScopeError(anyOfScopes.join(' '));
    return { token, grant, scopes };
  }
}
