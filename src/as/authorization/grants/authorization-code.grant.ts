import { Injectable } from '@nestjs/common';
import { s256, safeEqual, sha256 } from '../../../common/crypto/secrets.js';
import { InvalidDpopProofError, InvalidGrantError, InvalidRequestError, UnauthorizedClientError } from '../../../common/errors/oauth.errors.js';
import { ActivityService } from '../../core/activity.service.js';
import { GrantService } from '../../core/grant.service.js';
import { TokenService } from '../../core/token.service.js';
import { GrantChangesService } from '../../grant-management/grant-changes.service.js';
import { AsClientEntity } from '../../entities/as-client.entity.js';
import { CodesRepository } from '../../storage/codes.repository.js';
import { TokenRequestDto } from '../token-request.dto.js';
import { GrantHandler, TokenResponseBody } from './grant-handler.js';
import { TokenResponseBuilder } from './token-response.js';

const REPLAY = 'The app presented an already used authorization code (a sign of theft): everything issued from it was revoked';

/** RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6). */
@Injectable()
export class AuthorizationCodeGrant implements GrantHandler {
  constructor(
    private readonly codes: CodesRepository,
    private readonly grants: GrantService,
    private readonly tokens: TokenService,
    private readonly response: TokenResponseBuilder,
    private readonly activity: ActivityService,
    private readonly changes: GrantChangesService,
  ) {}

  async handle(client: AsClientEntity, params: TokenRequestDto, jkt?: string): Promise<TokenResponseBody> {
    if (!params.code) throw new InvalidRequestError('code is required');
    if (!params.redirect_uri) throw new InvalidRequestError('redirect_uri is required');
    if (!params.code_verifier) throw new InvalidRequestError('code_verifier is required (PKCE)');
    // RFC 7636 §4.1: 43–128 characters of [A-Z] [a-z] [0-9] "-" "." "_" "~".
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(params.code_verifier)) throw new InvalidGrantError('code_verifier is malformed');
    if (!client.grantTypes.includes('authorization_code')) throw new UnauthorizedClientError('this client may not use authorization_code');

    // MUST verify the code was issued to this authenticated client (§4.1.3): it is looked up as this client's.
    const code = await this.codes.find(sha256(params.code), client.clientId);
    if (!code) throw new InvalidGrantError('the code is invalid');
    // A code used twice: deny, and revoke all tokens previously issued from it (§4.1.2).
    if (code.consumedAt !== null) {
      await this.grants.revoke(code.grantId, REPLAY, 'policy');
      throw new InvalidGrantError('the code was already used; tokens issued from it are revoked');
    }
    if (code.expiresAt <= Date.now()) throw new InvalidGrantError('the code has expired');
    // MUST ensure redirect_uri is identical to the one in the authorization request (§4.1.3).
    if (params.redirect_uri !== code.redirectUri) throw new InvalidGrantError('redirect_uri does not match the authorization request');
    if (!safeEqual(s256(params.code_verifier), code.codeChallenge)) throw new InvalidGrantError('code_verifier does not match the code_challenge');
    // RFC 9449 §10: a code bound to a DPoP key is redeemed only with a proof of that key.
    if (code.dpopJkt !== null && code.dpopJkt !== jkt) throw new InvalidDpopProofError('the code is bound to another DPoP key (dpop_jkt)');

    // Single use, atomically: of concurrent redemptions exactly one updates the row.
    if (!(await this.codes.consumeOnce(code.codeHash, client.clientId))) {
      await this.grants.revoke(code.grantId, REPLAY, 'policy');
      throw new InvalidGrantError('the code was already used; tokens issued from it are revoked');
    }
    // Grant Management §5.2: a merge or replace takes effect now, on the grant the code names.
    const grant = code.grantChange ? await this.changes.apply({ id: code.grantId, clientId: client.clientId, userId: code.grantChange.userId }, code.grantChange) : await this.grants.findActive(code.grantId);
    if (!grant) throw new InvalidGrantError('the grant was revoked');
    const issued = await this.tokens.issue(grant, grant.scope, client.grantTypes.includes('refresh_token'), grant.scope, jkt);
    await this.activity.record(grant.userId, 'tokens_issued', { clientId: client.clientId, detail: `Access token issued for ${grant.scope}` });
    return this.response.build(issued, grant);
  }
}
