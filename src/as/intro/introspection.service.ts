import { Injectable } from '@nestjs/common';
import { AsUrls } from '../core/as-urls.js';
import { ClientService } from '../core/client.service.js';
import { GrantService } from '../core/grant.service.js';
import { SigningKeyService } from '../core/signing-key.service.js';
import { TokenParamDto } from '../core/token-param.dto.js';

/**
 * RFC 7662 token introspection for banks. A bank learns about a token only if the token is meant for it
 * (aud = its resource identifier); anything else is {"active": false} (§2.2). The answer carries UMA's
 * permissions list (UMA 2.0 FedAuthz §5.1.1).
 */
@Injectable()
export class IntrospectionService {
  constructor(
    private readonly clients: ClientService,
    private readonly grants: GrantService,
    private readonly keys: SigningKeyService,
    private readonly urls: AsUrls,
  ) {}

  async introspect(authorization: string | undefined, params: TokenParamDto): Promise<Record<string, unknown>> {
    const caller = await this.clients.authenticate({ authorization, clientId: params.client_id, clientSecret: params.client_secret });
    const inactive = { active: false };
    if (!caller.resourceServer) return inactive;
    const claims = this.keys.verify(params.token, this.urls.issuer);
    if (!claims || claims.aud !== caller.resourceServer || typeof claims.grant_id !== 'string') return inactive;
    if (!(await this.grants.findActive(claims.grant_id))) return inactive;
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    return {
      active: true,
      scope: claims.scope,
      client_id: claims.client_id,
      token_type: 'Bearer',
      exp: claims.exp,
      iat: claims.iat,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      jti: claims.jti,
      permissions: [{ resource_id: claims.resource_id, resource_scopes: scopes, exp: claims.exp }],
    };
  }
}
