import { Injectable } from '@nestjs/common';
import { randomToken, sha256 } from '../../common/crypto/secrets.js';
import { InvalidDpopProofError, InvalidRequestError } from '../../common/errors/oauth.errors.js';
import { PageError } from '../../common/errors/page.errors.js';
import { AsDpopService } from '../core/as-dpop.service.js';
import { ClientCredentials, ClientService } from '../core/client.service.js';
import { GrantService } from '../core/grant.service.js';
import { checkGrantTarget } from '../grant-management/grant-management-action.js';
import { AsClientEntity } from '../entities/as-client.entity.js';
import { PushedRequestsRepository } from '../storage/pushed-requests.repository.js';
import { CheckContext } from './authorization-request.js';
import { checkParameters } from './checks/check-parameters.js';
import { checkRedirectUri } from './checks/check-redirect-uri.js';

/** FAPI 2.0 §5.3.2.2 [12]: under 600 s. A minute and a half covers a redirect and a sign-in page. */
export const PAR_TTL_S = 90;
const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';
/** The authorization parameters a pushed request keeps; anything else is ignored (RFC 6749 §3.1). */
const KEPT = ['response_type', 'redirect_uri', 'scope', 'authorization_details', 'state', 'code_challenge', 'code_challenge_method', 'dpop_jkt', 'grant_management_action', 'grant_id'];

/** RFC 9126: the pushed authorization request endpoint, and the one use of each request_uri at /authorize. */
@Injectable()
export class ParService {
  constructor(
    private readonly clients: ClientService,
    private readonly dpop: AsDpopService,
    private readonly grants: GrantService,
    private readonly requests: PushedRequestsRepository,
  ) {}

  /** §2.1: authenticate the client, validate the request as an authorization request, keep it; §2.2: 201. */
  async push(creds: ClientCredentials, body: Record<string, unknown>, dpopHeader: unknown): Promise<{ request_uri: string; expires_in: number }> {
    const client = await this.clients.authenticate(creds);
    if (body.request_uri !== undefined) throw new InvalidRequestError('request_uri must not be pushed (RFC 9126 §2.1)');
    const ctx: CheckContext = { query: { ...pick(body), client_id: client.clientId }, client };
    try {
      checkRedirectUri(ctx);
    } catch (err) {
      // §2.4: only a registered redirect URI (the page error of the front channel is an OAuth error here).
      if (err instanceof PageError) throw new InvalidRequestError('redirect_uri is missing or not registered for this client');
      throw err;
    }
    checkParameters(ctx);
    // Grant Management §5.4: merge and replace name an active grant of this client.
    await checkGrantTarget(this.grants, ctx.grantManagement, client.clientId, ctx.scope!);
    // RFC 9449 §10.1: dpop_jkt, or the key of a DPoP proof on this request; both must agree.
    const proofJkt = this.dpop.atPar(dpopHeader);
    if (proofJkt && ctx.dpopJkt && proofJkt !== ctx.dpopJkt) throw new InvalidDpopProofError('dpop_jkt and the DPoP proof name different keys');
    const dpopJkt = ctx.dpopJkt ?? proofJkt;
    const params: Record<string, string> = {};
    for (const k of KEPT) if (typeof ctx.query[k] === 'string') params[k] = ctx.query[k] as string;
    if (dpopJkt) params.dpop_jkt = dpopJkt;
    const requestUri = REQUEST_URI_PREFIX + randomToken();
    await this.requests.insert({ requestUriHash: sha256(requestUri), clientId: client.clientId, params, expiresAt: Date.now() + PAR_TTL_S * 1000 });
    return { request_uri: requestUri, expires_in: PAR_TTL_S };
  }

  /**
   * §4: the authorization request names its pushed request: this client's, unexpired, not used before —
   * and used now, atomically, so two tabs cannot both start from it. Its pushed parameters are the request.
   */
  async redeem(client: AsClientEntity, requestUri: unknown): Promise<Record<string, unknown>> {
    const gone = new PageError(400, 'This request has expired', 'The app’s request to this server is unknown, expired or already used. Go back to the app and start again.');
    if (typeof requestUri !== 'string' || !requestUri.startsWith(REQUEST_URI_PREFIX)) throw gone;
    const params = await this.requests.redeem(sha256(requestUri), client.clientId);
    if (!params) throw gone;
    return { ...params, client_id: client.clientId };
  }
}

function pick(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of KEPT) if (body[k] !== undefined) out[k] = body[k];
  return out;
}
