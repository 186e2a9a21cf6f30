import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PageError } from '../common/errors/page.errors.js';
import { OutboundError } from '../common/http/http-client.js';
import type { AsMetadata, RegisteredClient, TokenResponse } from '../common/oauth-client/as-metadata.js';
import { AsProtocolError, InvalidIssuerInputError, OAuthClientService } from '../common/oauth-client/oauth-client.service.js';
import { AppConfig } from '../config/app-config.js';
import { DbLock } from '../database/database.module.js';
import type { Bank } from './bank-directory.js';
import { BankAsClientEntity } from './entities/bank-as-client.entity.js';
import { BankPatEntity } from './entities/bank-pat.entity.js';

export interface AsPartner {
  issuer: string;
  meta: AsMetadata;
  client: RegisteredClient;
}

/**
 * A bank's relationship with each AS its customers chose: discovery, its own RFC 7591 registration there
 * (as a resource server), and each customer's PAT, kept as a refresh token and renewed when needed.
 */
@Injectable()
export class AsPartnerService {
  constructor(
    private readonly oauth: OAuthClientService,
    private readonly config: AppConfig,
    @InjectRepository(BankAsClientEntity) private readonly clients: Repository<BankAsClientEntity>,
    @InjectRepository(BankPatEntity) private readonly pats: Repository<BankPatEntity>,
    private readonly lock: DbLock,
  ) {}

  callbackUrl(bank: Bank): string {
    return `${this.config.bankUrl(bank.id)}/callback`;
  }

  /** Discovery, and registration the first time this bank meets this AS. */
  async meet(bank: Bank, issuerInput: string): Promise<AsPartner> {
    return readable(async () => {
      const issuer = await this.oauth.resolveIssuer(issuerInput);
      const meta = await this.oauth.metadata(issuer);
      // One registration per bank and AS, even when two instances meet the AS at the same moment.
      return this.lock.withLock(`bank:meet:${bank.id}:${issuer}`, () => this.register(bank, issuer, meta));
    });
  }

  private async register(bank: Bank, issuer: string, meta: AsMetadata): Promise<AsPartner> {
    const known = await this.clients.findOneBy({ bankId: bank.id, issuer });
    if (known) return { issuer, meta, client: { client_id: known.clientId, client_secret: known.clientSecret } };
    const client = await this.oauth.register(meta, {
      client_name: bank.name,
      redirect_uris: [this.callbackUrl(bank)],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'uma_protection',
      resource_server: this.config.bankUrl(bank.id),
    });
    await this.clients.insert({ bankId: bank.id, issuer, clientId: client.client_id, clientSecret: client.client_secret, createdAt: Date.now() });
    return { issuer, meta, client };
  }

  /** This bank's credentials at an AS it already met, for back-channel calls (introspection). */
  async known(bankId: string, issuer: string): Promise<AsPartner | undefined> {
    const row = await this.clients.findOneBy({ bankId, issuer });
    if (!row) return undefined;
    return { issuer, meta: await this.oauth.metadata(issuer), client: { client_id: row.clientId, client_secret: row.clientSecret } };
  }

  async tokenRequest(partner: AsPartner, form: Record<string, string>): Promise<TokenResponse> {
    return readable(() => this.oauth.tokenRequest(partner.meta, partner.client, form));
  }

  /** Keeps the customer's PAT refresh token (one per bank, customer and AS). */
  async keepPat(bank: Bank, customerId: number, issuer: string, pat: TokenResponse): Promise<void> {
    if (pat.refresh_token) await this.pats.save({ bankId: bank.id, customerId, issuer, refreshToken: pat.refresh_token });
  }

  /**
   * A fresh PAT for this customer at this AS, from the kept refresh token (which the AS rotates, and
   * revokes everything on seeing twice): under a lock across instances, reading the token inside it.
   */
  freshPat(bank: Bank, customerId: number, partner: AsPartner): Promise<string> {
    return this.lock.withLock(`bank:pat:${bank.id}:${customerId}:${partner.issuer}`, () => this.renewPat(bank, customerId, partner));
  }

  private async renewPat(bank: Bank, customerId: number, partner: AsPartner): Promise<string> {
    const row = await this.pats.findOneBy({ bankId: bank.id, customerId, issuer: partner.issuer });
    if (!row) throw new PageError(409, 'Delegate again first', `${bank.name} holds no permission from you at ${partner.issuer} any more. Delegate your accounts again.`);
    const pat = await this.tokenRequest(partner, { grant_type: 'refresh_token', refresh_token: row.refreshToken });
    await this.keepPat(bank, customerId, partner.issuer, pat);
    return pat.access_token;
  }
}

/** Outbound failures become a readable page for the person. */
export async function readable<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof InvalidIssuerInputError) throw new PageError(400, 'Not an authorization server address', err.message);
    if (err instanceof AsProtocolError || err instanceof OutboundError) throw new PageError(502, 'Your authorization server could not be used', err.message);
    throw err;
  }
}
