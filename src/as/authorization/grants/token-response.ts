import { Injectable } from '@nestjs/common';
import { AsUrls } from '../../core/as-urls.js';
import { isAccountScope, parseScope } from '../../core/scopes.js';
import { IssuedTokens } from '../../core/token.service.js';
import type { GrantEntity } from '../../entities/grant.entity.js';
import { TokenResponseBody } from './grant-handler.js';

/** Builds the token response; a token that can read accounts comes with the location of Intro. */
@Injectable()
export class TokenResponseBuilder {
  constructor(private readonly urls: AsUrls) {}

  /** RFC 9396 §7: a grant made from authorization details answers with the details granted. */
  build(issued: IssuedTokens, grant?: Pick<GrantEntity, 'authorizationDetails'>): TokenResponseBody {
    return {
      access_token: issued.accessToken,
      token_type: issued.jkt ? 'DPoP' : 'Bearer', // RFC 9449 §5
      expires_in: issued.expiresIn,
      ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
      scope: issued.scope,
      grant_id: issued.grantId,
      ...(grant?.authorizationDetails ? { authorization_details: grant.authorizationDetails } : {}),
      ...(parseScope(issued.scope).some(isAccountScope) ? { intro_endpoint: this.urls.intro } : {}),
    };
  }
}
