import { Injectable } from '@nestjs/common';
import { ClientCredentials, ClientService } from '../core/client.service.js';
import { GrantService } from '../core/grant.service.js';
import { TokenService } from '../core/token.service.js';
import { TokenParamDto } from '../core/token-param.dto.js';

/** RFC 7009: a client revokes its own token; revoking a refresh token ends the whole grant (§2.1). */
@Injectable()
export class RevocationService {
  constructor(
    private readonly clients: ClientService,
    private readonly tokens: TokenService,
    private readonly grants: GrantService,
  ) {}

  async revoke(creds: ClientCredentials, params: TokenParamDto): Promise<void> {
    const client = await this.clients.authenticate(creds);
    const kinds = params.token_type_hint === 'access_token' ? (['access', 'refresh'] as const) : (['refresh', 'access'] as const);
    for (const kind of kinds) {
      const row = await this.tokens.find(params.token, kind);
      // An unknown token, or another client's, gets the same 200 (§2.2): nothing to learn by probing.
      if (!row || row.clientId !== client.clientId) continue;
      if (kind === 'refresh') await this.grants.revoke(row.grantId, 'The app disconnected itself (RFC 7009 revocation)');
      else await this.tokens.revoke(row);
      return;
    }
  }
}
