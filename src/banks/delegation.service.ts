import { Injectable } from '@nestjs/common';
import { PageError } from '../common/errors/page.errors.js';
import { OAuthClientService } from '../common/oauth-client/oauth-client.service.js';
import type { WebSession } from '../common/session/web-session.js';
import { AppConfig } from '../config/app-config.js';
import { AsPartner, AsPartnerService, readable } from './as-partner.service.js';
import type { Bank } from './bank-directory.js';
import type { BankAccountEntity } from './entities/bank-account.entity.js';
import type { BankCustomerEntity } from './entities/bank-customer.entity.js';
import type { BankDelegationEntity } from './entities/bank-delegation.entity.js';
import { BankAccountsRepository } from './storage/bank-accounts.repository.js';
import { BankDelegationsRepository, NewDelegation } from './storage/bank-delegations.repository.js';
import { StreamSetupService } from './signals/stream-setup.service.js';

interface PendingDelegation {
  issuer: string;
  state: string;
  codeVerifier: string;
}

export const ACCOUNT_RESOURCE_SCOPES = ['accounts:read', 'transactions:read'];

/**
 * Phase 1, Resource Registration (UMA 2.0 Federated Authorization §3): the person names an AS, approves
 * this bank's PAT there, and the bank registers each account as a resource; the person can also take an
 * account back, which deletes its registration at the AS.
 */
@Injectable()
export class DelegationService {
  constructor(
    private readonly partners: AsPartnerService,
    private readonly oauth: OAuthClientService,
    private readonly config: AppConfig,
    private readonly delegations: BankDelegationsRepository,
    private readonly accounts: BankAccountsRepository,
    private readonly streams: StreamSetupService,
  ) {}

  /** Returns the AS authorization URL to send the person to. */
  async start(bank: Bank, session: WebSession, issuerInput: string): Promise<string> {
    const partner = await this.partners.meet(bank, issuerInput);
    const req = this.oauth.newAuthorizationRequest();
    session.set('delegation', { issuer: partner.issuer, state: req.state, codeVerifier: req.codeVerifier } satisfies PendingDelegation);
    const params = {
      response_type: 'code',
      client_id: partner.client.client_id,
      redirect_uri: this.partners.callbackUrl(bank),
      scope: 'uma_protection',
      state: req.state,
      code_challenge: req.codeChallenge,
      code_challenge_method: 'S256',
    };
    const url = new URL(partner.meta.authorization_endpoint);
    // A FAPI 2.0 client pushes the request (RFC 9126 §2) and sends the browser with its request_uri only (§4).
    const pushed = partner.client.keys ? await readable(() => this.oauth.pushAuthorizationRequest(partner.meta, partner.client, params)) : undefined;
    url.search = new URLSearchParams(pushed ? { client_id: partner.client.client_id, request_uri: pushed } : params).toString();
    return url.toString();
  }

  /**
   * The redirect back from the AS: check state and iss (RFC 9207), redeem the code for a PAT, and register
   * (or, when already registered there, update) each account. An account delegated to another AS before
   * is taken back from that AS first.
   */
  async finish(bank: Bank, session: WebSession, customer: BankCustomerEntity, query: Record<string, unknown>): Promise<number> {
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

    const partner = await this.partners.meet(bank, pending.issuer);
    const rreg = partner.meta.resource_registration_endpoint;
    if (!rreg) throw new PageError(502, 'Cannot delegate', `${pending.issuer} has no resource registration endpoint.`);
    const pat = await this.partners.tokenRequest(partner, {
      grant_type: 'authorization_code',
      code: query.code,
      redirect_uri: this.partners.callbackUrl(bank),
      code_verifier: pending.codeVerifier,
    });
    await this.partners.keepPat(bank, customer.id, partner.issuer, pat);
    // Revocations pushed to this bank from now on (SSF); without a stream, the recheck bound alone holds.
    await this.streams.ensureStream(bank, partner, pat.access_token);

    const accounts = await this.accounts.ofCustomer(bank.id, customer.id);
    const existing = new Map((await this.delegations.ofCustomer(bank.id, customer.id)).map((d) => [d.accountId, d]));
    const registered: NewDelegation[] = [];
    const created: string[] = [];
    try {
      for (const account of accounts) {
        const before = existing.get(account.accountId);
        if (before && before.issuer !== partner.issuer) await this.deregister(bank, customer.id, before);
        const reuse = before?.issuer === partner.issuer ? before.resourceId : undefined;
        const resourceId = await this.register(partner, pat.access_token, bank, account, reuse);
        if (resourceId !== reuse) created.push(resourceId);
        registered.push({ bankId: bank.id, accountId: account.accountId, customerId: customer.id, issuer: partner.issuer, resourceId });
      }
    } catch (err) {
      // Leave nothing half-registered at the AS: take back what this attempt created.
      for (const id of created) await this.deleteAt(partner, pat.access_token, id).catch(() => undefined);
      throw err;
    }
    // All accounts or none: the delegations are written together once the AS has taken every one.
    await this.delegations.saveAll(registered);
    return registered.length;
  }

  /** The person stops delegating one account: the AS deletes it, and this bank stops accepting its tokens. */
  async undelegate(bank: Bank, customer: BankCustomerEntity, accountId: string): Promise<BankDelegationEntity> {
    const delegation = await this.delegations.one(bank.id, customer.id, accountId);
    if (!delegation) throw new PageError(404, 'Not delegated', 'This account is not delegated to any authorization server.');
    await this.deregister(bank, customer.id, delegation);
    await this.delegations.remove(bank.id, customer.id, accountId);
    return delegation;
  }

  /** What the bank's page shows: each account and the AS that holds its delegation, if any. */
  async overview(bank: Bank, customer: BankCustomerEntity) {
    const accounts = await this.accounts.ofCustomer(bank.id, customer.id);
    const delegations = await this.delegations.ofCustomer(bank.id, customer.id);
    return accounts.map((a) => {
      const d = delegations.find((x) => x.accountId === a.accountId);
      return { account: a, endpoint: this.endpoint(bank, a.accountId), issuer: d?.issuer, since: d ? new Date(d.createdAt).toISOString() : undefined };
    });
  }

  /** The delegation that decides which AS this account trusts. */
  findDelegation(bankId: string, accountId: string): Promise<BankDelegationEntity | null> {
    return this.delegations.ofAccount(bankId, accountId);
  }

  endpoint(bank: Bank, accountId: string): string {
    return `${this.config.bankUrl(bank.id)}/fdx/v6/accounts/${encodeURIComponent(accountId)}`;
  }

  /** UMA FedAuthz §3.2.1 create, or §3.2.3 update when the account is already registered at this AS. */
  private async register(partner: AsPartner, pat: string, bank: Bank, account: BankAccountEntity, resourceId?: string): Promise<string> {
    const rreg = partner.meta.resource_registration_endpoint as string;
    const description = {
      resource_scopes: ACCOUNT_RESOURCE_SCOPES,
      name: `${account.productName} ••${account.accountNumberDisplay}`,
      type: account.accountType.toLowerCase(),
      description: `${account.productName} at ${bank.name}`,
      endpoint: this.endpoint(bank, account.accountId),
    };
    if (resourceId) {
      const res = await readable(() => this.oauth.withToken(partner.client, `${rreg}/${encodeURIComponent(resourceId)}`, { method: 'PUT', json: description }, pat));
      if (res.status === 200) return resourceId;
      if (res.status !== 404) throw new PageError(502, 'Cannot delegate', `${partner.issuer} refused to update ${account.productName} (HTTP ${res.status}).`);
    }
    const res = await readable(() => this.oauth.withToken<{ _id?: string }>(partner.client, rreg, { json: description }, pat));
    if (res.status !== 201 || typeof res.body?._id !== 'string') {
      throw new PageError(502, 'Cannot delegate', `${partner.issuer} refused to register ${account.productName} (HTTP ${res.status}).`);
    }
    return res.body._id;
  }

  /** UMA FedAuthz §3.2.4 delete, with a fresh PAT; "not found" there means already gone. */
  private async deregister(bank: Bank, customerId: number, delegation: BankDelegationEntity): Promise<void> {
    const partner = await this.partners.meet(bank, delegation.issuer);
    const pat = await this.partners.freshPat(bank, customerId, partner);
    const status = await this.deleteAt(partner, pat, delegation.resourceId);
    if (status !== 204 && status !== 404) {
      throw new PageError(502, 'Could not stop delegating', `${delegation.issuer} did not delete the account (HTTP ${status}). Nothing was changed; try again.`);
    }
  }

  private async deleteAt(partner: AsPartner, pat: string, resourceId: string): Promise<number> {
    const url = `${partner.meta.resource_registration_endpoint}/${encodeURIComponent(resourceId)}`;
    return (await readable(() => this.oauth.withToken(partner.client, url, { method: 'DELETE' }, pat))).status;
  }
}
