import { Injectable } from '@nestjs/common';
import { InsufficientScopeError, InvalidRequestError, InvalidTokenError } from '../../common/errors/oauth.errors.js';
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

  async authenticate(authorization: string | undefined, anyOfScopes: string[]): Promise<BearerContext> {
    if (!authorization) throw new InvalidTokenError('an access token is required');
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(authorization);
    if (!match) throw new InvalidRequestError('the Authorization header must be "Bearer <token>"');
    const token = await this.tokens.findActive(match[1], 'access');
    if (!token) throw new InvalidTokenError('the access token is unknown, expired or revoked');
    const grant = await this.grants.findActive(token.grantId);
    if (!grant) throw new InvalidTokenError('the grant behind this token was revoked');
    const scopes = parseScope(token.scope);
    if (!anyOfScopes.some((s) => scopes.includes(s))) throw new InsufficientScopeError(anyOfScopes.join(' '));
    return { token, grant, scopes };
  }
}
