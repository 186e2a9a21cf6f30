import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { HttpClient, OutboundError } from '../common/http/http-client.js';
import { PageError } from '../common/errors/page.errors.js';
import { AsMetadata, RegisteredClient } from '../common/oauth-client/as-metadata.js';
import { AsProtocolError, InvalidIssuerInputError, OAuthClientService } from '../common/oauth-client/oauth-client.service.js';
import type { WebSession } from '../common/session/web-session.js';
import { AppConfig } from '../config/app-config.js';
import type { Bank } from './bank-directory.js';
import { BankAccountEntity } from './entities/bank-account.entity.js';
import { BankAsClientEntity } from './entities/bank-as-client.entity.js';
import { BankCustomerEntity } from './entities/bank-customer.entity.js';
import { BankDelegationEntity } from './entities/bank-delegation.entity.js';

interface PendingDelegation {
  issuer: string;
  state: string;
  codeVerifier: string;
}

export const ACCOUNT_RESOURCE_SCOPES = ['accounts:read', 'transactions:read'];

/**
 * Phase 1, Resource Registration (UMA 2.0 Federated Authorization): the bank meets the AS the person
 * named, registers itself there, gets a PAT the person approves, and registers each account as a resource.
 */
@Injectable()
export class DelegationService {
  constructor(
    private readonly oauth: OAuthClientService,
    private readonly http: HttpClient,
    private readonly config: AppConfig,
    @InjectRepository(BankAsClientEntity) private readonly asClients: Repository<BankAsClientEntity>,
    @InjectRepository(BankDelegationEntity) private readonly delegations: Repository<BankDelegationEntity>,
    @InjectRepository(BankAccountEntity) private readonly accounts: Repository<BankAccountEntity>,
  ) {}

  /** Returns the AS authorization URL to send the person to. */
  async start(bank: Bank, session: WebSession, issuerInput: string): Promise<string> {
    const { issuer, meta, client } = await this.meetAs(bank, issuerInput);
    const req = this.oauth.newAuthorizationRequest();
    session.set('delegation', { issuer, state: req.state, codeVerifier: req.codeVerifier } satisfies PendingDelegation);
    const url = new URL(meta.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: this.callbackUrl(bank),
      scope: 'uma_protection',
      state: req.state,
      code_challenge: req.codeChallenge,
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  /** The redirect back from the AS: check state and iss (RFC 9207), redeem the code, register the accounts. */
  async finish(bank: Bank, session: WebSession, customer: BankCustomerEntity, query: Record<string, unknown>): Promise<void> {
    const pending = session.get<PendingDelegation>('delegation');
    session.set('delegation', undefined);
    if (!pending || typeof query.state !== 'string' || query.state !== pending.state) {
      throw new PageError(400, 'Delegation not completed', 'This answer from the authorization server does not belong to a delegation you started here. Start again.');
    }
    if (query.iss !== pending.issuer) {
      throw new PageError(400, 'Delegation not completed', 'The answer did not come from the authorization server you chose (iss mismatch). Nothing was registered.');
    }
    if (typeof query.error === 'string') {
      throw new PageError(403, 'Delegation not completed', query.error === 'access_denied' ? 'You declined at your authorization server. Nothing was registered.' : `Your authorization server answered: ${query.error}.`);
    }
    if (typeof query.code !== 'string') throw new PageError(400, 'Delegation not completed', 'The authorization server sent no code.');

    const { meta, client } = await this.meetAs(bank, pending.issuer);
    if (!meta.resource_registration_endpoint) throw new PageError(502, 'Cannot delegate', `${pending.issuer} has no resource registration endpoint.`);
    const pat = await this.call(() =>
      this.oauth.tokenRequest(meta, client, {
        grant_type: 'authorization_code',
        code: query.code as string,
        redirect_uri: this.callbackUrl(bank),
        code_verifier: pending.codeVerifier,
      }),
    );
    const accounts = await this.accounts.find({ where: { bankId: bank.id, customerId: customer.id }, order: { accountId: 'ASC' } });
    const registered: Partial<BankDelegationEntity>[] = [];
    for (const account of accounts) {
      const res = await this.call(() =>
        this.http.json<{ _id?: string }>(meta.resource_registration_endpoint!, {
          headers: { authorization: `Bearer ${pat.access_token}` },
          json: {
            resource_scopes: ACCOUNT_RESOURCE_SCOPES,
            name: `${account.productName} ••${account.accountNumberDisplay}`,
            type: account.accountType.toLowerCase(),
            description: `${account.productName} at ${bank.name}`,
            endpoint: this.endpoint(bank, account.accountId),
          },
        }),
      );
      if (res.status !== 201 || typeof res.body?._id !== 'string') {
        throw new PageError(502, 'Cannot delegate', `${pending.issuer} refused to register ${account.productName} (HTTP ${res.status}).`);
      }
      registered.push({
        bankId: bank.id,
        accountId: account.accountId,
        customerId: customer.id,
        issuer: pending.issuer,
        resourceId: res.body._id,
        patRefreshToken: pat.refresh_token ?? null,
      });
    }
    // All accounts or none: the delegations are written together once the AS has taken every one.
    await this.delegations.manager.transaction((em) => em.save(BankDelegationEntity, registered));
  }

  /** What the bank's page shows: each account and the AS that holds its delegation, if any. */
  async overview(bank: Bank, customer: BankCustomerEntity) {
    const accounts = await this.accounts.find({ where: { bankId: bank.id, customerId: customer.id }, order: { accountId: 'ASC' } });
    const delegations = await this.delegations.findBy({ bankId: bank.id, customerId: customer.id });
    return accounts.map((a) => {
      const d = delegations.find((x) => x.accountId === a.accountId);
      return { account: a, endpoint: this.endpoint(bank, a.accountId), issuer: d?.issuer, since: d?.createdAt };
    });
  }

  /** The delegation that decides which AS this account trusts. */
  findDelegation(bankId: string, accountId: string): Promise<BankDelegationEntity | null> {
    return this.delegations.findOneBy({ bankId, accountId });
  }

  endpoint(bank: Bank, accountId: string): string {
    return `${this.config.bankUrl(bank.id)}/fdx/v6/accounts/${encodeURIComponent(accountId)}`;
  }

  private callbackUrl(bank: Bank): string {
    return `${this.config.bankUrl(bank.id)}/callback`;
  }

  /** Discovery, and RFC 7591 registration the first time this bank meets this AS. */
  private async meetAs(bank: Bank, issuerInput: string): Promise<{ issuer: string; meta: AsMetadata; client: RegisteredClient }> {
    return this.call(async () => {
      const issuer = await this.oauth.resolveIssuer(issuerInput);
      const meta = await this.oauth.metadata(issuer);
      const known = await this.asClients.findOneBy({ bankId: bank.id, issuer });
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
      await this.asClients.insert({ bankId: bank.id, issuer, clientId: client.client_id, clientSecret: client.client_secret });
      return { issuer, meta, client };
    });
  }

  /** Outbound failures become a readable page for the person. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof InvalidIssuerInputError) throw new PageError(400, 'Not an authorization server address', err.message);
      if (err instanceof AsProtocolError || err instanceof OutboundError) throw new PageError(502, 'Cannot reach that authorization server', err.message);
      throw err;
    }
  }
}
