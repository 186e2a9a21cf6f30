import { Injectable } from '@nestjs/common';
import { PageError } from '../common/errors/page.errors.js';
import { AsMeeting, AsPartner, readable } from '../common/oauth-client/as-meeting.js';
import { offersFapi2, TokenResponse } from '../common/oauth-client/as-metadata.js';
import { newClientKeys, publicJwks } from '../common/oauth-client/client-keys.js';
import { OAuthClientService } from '../common/oauth-client/oauth-client.service.js';
import { AppConfig } from '../config/app-config.js';
import { DbLock } from '../database/database.module.js';
import type { Bank } from './bank-directory.js';
import { BankAsClientsRepository } from './storage/bank-as-clients.repository.js';

export type { AsPartner };
export { readable };

/**
 * A bank's relationship with each AS its customers chose: meeting it (the shared AS-meeting client: discovery,
 * and the bank's own RFC 7591 registration there as a resource server), and each customer's PAT, kept as a
 * refresh token and renewed when needed.
 */
@Injectable()
export class AsPartnerService {
  constructor(
    private readonly meeting: AsMeeting,
    private readonly oauth: OAuthClientService,
    private readonly config: AppConfig,
    private readonly store: BankAsClientsRepository,
    private readonly lock: DbLock,
  ) {}

  callbackUrl(bank: Bank): string {
    return `${this.config.bankUrl(bank.id)}/callback`;
  }

  /** Discovery, and registration the first time this bank meets this AS. */
  meet(bank: Bank, issuerInput: string): Promise<AsPartner> {
    return this.meeting.meet(issuerInput, (issuer, meta) => {
      // As Grapher does: a FAPI 2.0 client, with keys of its own for this AS, wherever the AS offers it.
      const keys = this.config.clientProfile === 'fapi2' && offersFapi2(meta) ? newClientKeys() : undefined;
      const base = {
        client_name: bank.name,
        redirect_uris: [this.callbackUrl(bank)],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'uma_protection',
        resource_server: this.config.bankUrl(bank.id),
      };
      const registration = keys
        ? { ...base, token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks: publicJwks(keys), require_pushed_authorization_requests: true, dpop_bound_access_tokens: true, fapi_profile: 'fapi2' }
        : { ...base, token_endpoint_auth_method: 'client_secret_basic' };
      return { lockName: `bank:meet:${bank.id}:${issuer}`, registrations: this.store.forBank(bank.id), registration, keys };
    });
  }

  /** This bank's credentials at an AS it already met, for back-channel calls (introspection). */
  known(bankId: string, issuer: string): Promise<AsPartner | undefined> {
    return this.meeting.known(issuer, this.store.forBank(bankId));
  }

  async tokenRequest(partner: AsPartner, form: Record<string, string>): Promise<TokenResponse> {
    return readable(() => this.oauth.tokenRequest(partner.meta, partner.client, form));
  }

  /** Keeps the customer's PAT refresh token (one per bank, customer and AS). */
  async keepPat(bank: Bank, customerId: number, issuer: string, pat: TokenResponse): Promise<void> {
    if (pat.refresh_token) await this.store.keepPatRefreshToken(bank.id, customerId, issuer, pat.refresh_token);
  }

  /**
   * A fresh PAT for this customer at this AS, from the kept refresh token (which the AS rotates, and
   * revokes everything on seeing twice): under a lock across instances, reading the token inside it.
   */
  freshPat(bank: Bank, customerId: number, partner: AsPartner): Promise<string> {
    return this.lock.withLock(`bank:pat:${bank.id}:${customerId}:${partner.issuer}`, () => this.renewPat(bank, customerId, partner));
  }

  private async renewPat(bank: Bank, customerId: number, partner: AsPartner): Promise<string> {
    const refreshToken = await this.store.patRefreshToken(bank.id, customerId, partner.issuer);
    if (!refreshToken) throw new PageError(409, 'Delegate again first', `${bank.name} holds no permission from you at ${partner.issuer} any more. Delegate your accounts again.`);
    const pat = await this.tokenRequest(partner, { grant_type: 'refresh_token', refresh_token: refreshToken });
    await this.keepPat(bank, customerId, partner.issuer, pat);
    return pat.access_token;
  }
}
