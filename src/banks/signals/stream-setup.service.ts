import { Injectable, Logger } from '@nestjs/common';
import { HttpClient } from '../../common/http/http-client.js';
import { OAuthClientService } from '../../common/oauth-client/oauth-client.service.js';
import type { AsPartner } from '../../common/oauth-client/as-meeting.js';
import { AppConfig } from '../../config/app-config.js';
import type { Bank } from '../bank-directory.js';
import { EVENTS_WANTED } from './event-types.js';

/** SSF 1.0 §7.2: the transmitter configuration's address, the well-known name inserted before the issuer's path. */
export function ssfConfigurationUrl(issuer: string): string {
  const url = new URL(issuer);
  return `${url.origin}/.well-known/ssf-configuration${url.pathname === '/' ? '' : url.pathname}`;
}

/**
 * When a customer delegates to an AS, the bank makes sure that AS pushes it security events: it reads the
 * AS's SSF configuration and creates its stream there (§8.1.1.1), push delivery (RFC 8935) to its own
 * receiver, authenticated with the PAT the customer just granted. 409 means the stream exists already.
 * An AS that transmits nothing, or a failure here, leaves the recheck bound (BANK_TOKEN_RECHECK_SECONDS).
 */
@Injectable()
export class StreamSetupService {
  private readonly log = new Logger('SSF');

  constructor(
    private readonly http: HttpClient,
    private readonly oauth: OAuthClientService,
    private readonly config: AppConfig,
  ) {}

  receiverUrl(bank: Bank): string {
    return `${this.config.bankUrl(bank.id)}/ssf/events`;
  }

  async ensureStream(bank: Bank, partner: AsPartner, pat: string): Promise<'created' | 'exists' | 'none'> {
    const { issuer } = partner;
    try {
      const meta = await this.http.json<{ issuer?: string; configuration_endpoint?: string; delivery_methods_supported?: string[] }>(ssfConfigurationUrl(issuer), { maxBytes: 64 * 1024 });
      const endpoint = meta.body?.configuration_endpoint;
      if (meta.status !== 200 || meta.body?.issuer !== issuer || typeof endpoint !== 'string' || !meta.body.delivery_methods_supported?.includes('urn:ietf:rfc:8935')) return 'none';
      const res = await this.oauth.withToken(partner.client, endpoint, {
        json: { delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: this.receiverUrl(bank) }, events_requested: EVENTS_WANTED, description: `${bank.name}: revocations` },
      }, pat);
      if (res.status === 201) return 'created';
      if (res.status === 409) return 'exists';
      this.log.warn(`${bank.id}: ${issuer} refused the SSF stream (HTTP ${res.status}); the recheck bound still holds`);
    } catch (err) {
      this.log.warn(`${bank.id}: no SSF stream at ${issuer}: ${(err as Error).message}; the recheck bound still holds`);
    }
    return 'none';
  }
}
