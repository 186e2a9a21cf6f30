import { Injectable } from '@nestjs/common';
import { AsMeeting, AsPartner } from '../../common/oauth-client/as-meeting.js';
import { AsMetadata, offersFapi2 } from '../../common/oauth-client/as-metadata.js';
import { newClientKeys, publicJwks } from '../../common/oauth-client/client-keys.js';
import type { DpopSender } from '../../common/oauth-client/dpop-sender.js';
import { OAuthClientService } from '../../common/oauth-client/oauth-client.service.js';
import { AppConfig } from '../../config/app-config.js';
import { GrapherAsClientsRepository } from '../storage/grapher-as-clients.repository.js';
import { GRAPHER_SCOPE } from './connection-tokens.js';

/**
 * Grapher meeting the person's AS through the shared AS-meeting client: discovery, and registration once per
 * AS. Where the AS offers FAPI 2.0 (PAR, DPoP, private_key_jwt) Grapher registers as a FAPI 2.0 client, with
 * keys of its own for that AS alone (CLIENT_PROFILE=plain keeps the basic flow with a secret, for teaching).
 */
@Injectable()
export class GrapherAs {
  constructor(
    private readonly meeting: AsMeeting,
    private readonly oauth: OAuthClientService,
    private readonly registrations: GrapherAsClientsRepository,
    private readonly config: AppConfig,
  ) {}

  get callbackUrl(): string {
    return `${this.config.grapherUrl}/callback`;
  }

  meet(issuerInput: string): Promise<AsPartner> {
    return this.meeting.meet(issuerInput, (issuer, meta) => {
      const keys = this.wantsFapi(meta) ? newClientKeys() : undefined;
      const base = {
        client_name: 'Grapher',
        redirect_uris: [this.callbackUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: GRAPHER_SCOPE,
        client_uri: this.config.grapherUrl,
      };
      const registration = keys
        ? // RFC 7591 §2 jwks, RFC 9126 §6 require_pushed_authorization_requests, RFC 9449 §5.2 dpop_bound_access_tokens; fapi_profile is Steward's (an AS that does not know it ignores it, RFC 7591 §2).
          { ...base, token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks: publicJwks(keys), require_pushed_authorization_requests: true, dpop_bound_access_tokens: true, fapi_profile: 'fapi2' }
        : { ...base, token_endpoint_auth_method: 'client_secret_basic' };
      return { lockName: `grapher:meet:${issuer}`, registrations: this.registrations, requireIssParameter: true, registration, keys };
    });
  }

  /** The DPoP sender for Grapher's tokens from this AS (undefined: Grapher holds bearer tokens there). */
  async dpopFor(issuer: string): Promise<DpopSender | undefined> {
    const client = await this.registrations.find(issuer);
    return client && this.oauth.dpop(client);
  }

  /** The AS no longer knows Grapher (invalid_client): register again next time. */
  forgetRegistration(issuer: string): Promise<void> {
    return this.registrations.forget(issuer);
  }

  private wantsFapi(meta: AsMetadata): boolean {
    return this.config.clientProfile === 'fapi2' && offersFapi2(meta);
  }
}
