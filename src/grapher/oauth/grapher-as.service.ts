import { Injectable } from '@nestjs/common';
import { AsMeeting, AsPartner } from '../../common/oauth-client/as-meeting.js';
import { AppConfig } from '../../config/app-config.js';
import { GrapherAsClientsRepository } from '../storage/grapher-as-clients.repository.js';
import { GRAPHER_SCOPE } from './connection-tokens.js';

/** Grapher meeting the person's AS through the shared AS-meeting client: discovery, and registration once per AS. */
@Injectable()
export class GrapherAs {
  constructor(
    private readonly meeting: AsMeeting,
    private readonly registrations: GrapherAsClientsRepository,
    private readonly config: AppConfig,
  ) {}

  get callbackUrl(): string {
    return `${this.config.grapherUrl}/callback`;
  }

  meet(issuerInput: string): Promise<AsPartner> {
    return this.meeting.meet(issuerInput, (issuer) => ({
      lockName: `grapher:meet:${issuer}`,
      registrations: this.registrations,
      requireIssParameter: true,
      registration: {
        client_name: 'Grapher',
        redirect_uris: [this.callbackUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: GRAPHER_SCOPE,
        client_uri: this.config.grapherUrl,
      },
    }));
  }

  /** The AS no longer knows Grapher (invalid_client): register again next time. */
  forgetRegistration(issuer: string): Promise<void> {
    return this.registrations.forget(issuer);
  }
}
