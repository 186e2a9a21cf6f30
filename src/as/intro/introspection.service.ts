import { Injectable, Logger } from '@nestjs/common';
import { ActivityService } from '../core/activity.service.js';
import { AsUrls } from '../core/as-urls.js';
import { ClientCredentials, ClientService } from '../core/client.service.js';
import { GrantService } from '../core/grant.service.js';
import { SigningKeyService } from '../core/signing-key.service.js';
import { TokenParamDto } from '../core/token-param.dto.js';
import { ResourcesRepository } from '../storage/resources.repository.js';

/**
 * RFC 7662 token introspection for banks. A bank learns about a token only if the token is meant for it
 * (aud = its resource identifier); anything else is {"active": false} (§2.2). The answer carries UMA's
 * permissions list (UMA 2.0 FedAuthz §5.1.1).
 */
@Injectable()
export class IntrospectionService {
  private readonly log = new Logger('Introspection');

  constructor(
    private readonly clients: ClientService,
    private readonly grants: GrantService,
    private readonly keys: SigningKeyService,
    private readonly urls: AsUrls,
    private readonly activity: ActivityService,
    private readonly resources: ResourcesRepository,
  ) {}

  async introspect(creds: ClientCredentials, params: TokenParamDto): Promise<Record<string, unknown>> {
    const caller = await this.clients.authenticate(creds);
    // RFC 7662 §2.2 tells the caller only "active": false; the log says why.
    const inactive = (reason: string) => {
      this.log.log({ event: 'token_refused', party: 'as', caller: caller.clientId, reason, msg: `as refused a token at introspection: ${reason}` });
      return { active: false };
    };
    if (!caller.resourceServer) return inactive('the caller is not a resource server');
    const claims = this.keys.verify(params.token, this.urls.issuer);
    if (!claims) return inactive('not a valid, unexpired token of this AS');
    if (claims.aud !== caller.resourceServer) return inactive('the token is meant for another resource server (aud)');
    if (typeof claims.grant_id !== 'string' || typeof claims.resource_id !== 'string') return inactive('the token names no grant or resource');
    const grant = await this.grants.findActive(claims.grant_id);
    // Active only while the grant is, and while the account is still registered by this bank and shared in it.
    const resource = grant ? await this.resources.isShared(grant.userId, grant.id, claims.resource_id, caller.clientId) : false;
    await this.activity.record(String(claims.sub), 'bank_introspection', {
      clientId: String(claims.client_id),
      bank: caller.clientName,
      detail: `${caller.clientName} checked a token: ${resource ? 'still valid' : 'no longer valid'}`,
    });
    if (!grant) return inactive('the grant was revoked or has expired');
    if (!resource) return inactive('the account is no longer registered by this bank or shared in the grant');
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    return {
      active: true,
      scope: claims.scope,
      client_id: claims.client_id,
      token_type: claims.cnf ? 'DPoP' : 'Bearer',
      exp: claims.exp,
      iat: claims.iat,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      jti: claims.jti,
      history_from: claims.history_from,
      ...(claims.cnf ? { cnf: claims.cnf } : {}), // RFC 9449 §6.2
      permissions: [{ resource_id: claims.resource_id, resource_scopes: scopes, exp: claims.exp }],
    };
  }
}
