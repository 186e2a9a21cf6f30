import { Injectable } from '@nestjs/common';
import { UnsupportedGrantTypeError } from '../../common/errors/oauth.errors.js';
import { InvalidDpopProofError } from '../../common/errors/oauth.errors.js';
import { AsDpopService } from '../core/as-dpop.service.js';
import { ClientCredentials, ClientService } from '../core/client.service.js';
import { AuthorizationCodeGrant } from './grants/authorization-code.grant.js';
import { GrantHandler, TokenResponseBody } from './grants/grant-handler.js';
import { RefreshTokenGrant } from './grants/refresh-token.grant.js';
import { TokenRequestDto } from './token-request.dto.js';

/** RFC 6749 §3.2 token endpoint: authenticate the client, then hand the request to its grant. */
@Injectable()
export class TokenEndpointService {
  private readonly handlers: Record<string, GrantHandler>;

  constructor(
    private readonly clients: ClientService,
    private readonly dpop: AsDpopService,
    authorizationCode: AuthorizationCodeGrant,
    refreshToken: RefreshTokenGrant,
  ) {
    this.handlers = { authorization_code: authorizationCode, refresh_token: refreshToken };
  }

  async exchange(creds: ClientCredentials, params: TokenRequestDto, dpopHeader?: unknown): Promise<TokenResponseBody> {
    const client = await this.clients.authenticate(creds);
    const handler = Object.hasOwn(this.handlers, params.grant_type) ? this.handlers[params.grant_type] : undefined;
    if (!handler) throw new UnsupportedGrantTypeError(`grant_type ${params.grant_type} is not supported`);
    // RFC 9449 §5: the proof (with this AS's nonce, §8) before the grant is touched, so a retry finds the code unused.
    const jkt = await this.dpop.atTokenEndpoint(dpopHeader);
    if (!jkt && this.clients.requiresDpop(client)) throw new InvalidDpopProofError('this client must prove possession of a DPoP key (RFC 9449 §5.2)');
    return handler.handle(client, params, jkt);
  }

  dpopNonce(): Promise<string> {
    return this.dpop.nonce();
  }
}
