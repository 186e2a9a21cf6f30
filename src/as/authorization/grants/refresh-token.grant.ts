import { Injectable } from '@nestjs/common';
import { InvalidDpopProofError, InvalidGrantError, InvalidRequestError, InvalidScopeError, UnauthorizedClientError } from '../../../common/errors/oauth.errors.js';
import { ActivityService } from '../../core/activity.service.js';
import { ClientService } from '../../core/client.service.js';
import { GrantService } from '../../core/grant.service.js';
import { parseScope } from '../../core/scopes.js';
import { TokenService } from '../../core/token.service.js';
import { AsClientEntity } from '../../entities/as-client.entity.js';
import { TokenRequestDto } from '../token-request.dto.js';
import { GrantHandler, TokenResponseBody } from './grant-handler.js';
import { TokenResponseBuilder } from './token-response.js';

const REUSE = 'The app presented an already used refresh token (a sign of theft): the whole grant was revoked';

/**
 * RFC 6749 §6, with rotation and reuse detection (RFC 9700 §4.14.2). A DPoP-bound refresh token is used only
 * with a proof of its key (RFC 9449 §5); for a FAPI 2.0 client it is not rotated (FAPI 2.0 §5.3.2.1 [9]):
 * possession of the key, not single use, is what protects it (see README "Refresh tokens under FAPI 2.0").
 */
@Injectable()
export class RefreshTokenGrant implements GrantHandler {
  constructor(
    private readonly grants: GrantService,
    private readonly tokens: TokenService,
    private readonly response: TokenResponseBuilder,
    private readonly activity: ActivityService,
    private readonly clients: ClientService,
  ) {}

  async handle(client: AsClientEntity, params: TokenRequestDto, jkt?: string): Promise<TokenResponseBody> {
    if (!params.refresh_token) throw new InvalidRequestError('refresh_token is required');
    if (!client.grantTypes.includes('refresh_token')) throw new UnauthorizedClientError('this client may not use refresh_token');
    const row = await this.tokens.find(params.refresh_token, 'refresh');
    // MUST bind the refresh token to the client it was issued to (§6).
    if (!row || row.clientId !== client.clientId) throw new InvalidGrantError('the refresh token is invalid');
    if (row.revokedAt !== null) {
      await this.grants.revoke(row.grantId, REUSE, 'policy');
      throw new InvalidGrantError('the refresh token was already used; the whole grant is revoked');
    }
    if (row.expiresAt <= Date.now()) throw new InvalidGrantError('the refresh token has expired');
    if (row.jkt !== null && row.jkt !== jkt) throw new InvalidDpopProofError('the refresh token is bound to another DPoP key');
    const grant = await this.grants.findActive(row.grantId);
    if (!grant) throw new InvalidGrantError('the grant was revoked');

    const granted = parseScope(row.scope);
    const asked = params.scope === undefined ? granted : parseScope(params.scope);
    // The requested scope MUST NOT include any scope not originally granted (§6).
    if (asked.length === 0 || asked.some((s) => !granted.includes(s))) throw new InvalidScopeError('a refresh cannot widen the scope');

    // The access token may be narrowed; the new refresh token MUST keep the scope of the one presented (§6).
    let issued;
    // Not rotated: the answer names the same refresh token, so every client keeps it (RFC 6749 §6 lets it be omitted too).
    if (row.jkt !== null && this.clients.isFapi(client)) issued = { ...(await this.tokens.refreshWithoutRotation(grant, asked.join(' '), row.jkt)), refreshToken: params.refresh_token };
    // Consume, issue and touch the grant in one transaction: all of it or none.
    else issued = await this.tokens.rotate(row, grant, asked.join(' '), row.jkt ?? jkt);
    if (!issued) {
      await this.grants.revoke(row.grantId, REUSE, 'policy');
      throw new InvalidGrantError('the refresh token was already used; the whole grant is revoked');
    }
    await this.activity.record(grant.userId, 'tokens_refreshed', { clientId: client.clientId, detail: `Access renewed for ${asked.join(' ')}` });
    return this.response.build(issued, grant);
  }
}
