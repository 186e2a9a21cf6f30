import { Injectable } from '@nestjs/common';
import type { WebSession } from '../common/session/web-session.js';
import { AppConfig } from '../config/app-config.js';
import { BankAuthService } from './bank-auth.service.js';
import type { Bank } from './bank-directory.js';
import { DelegationService } from './delegation.service.js';
import type { BankCustomerEntity } from './entities/bank-customer.entity.js';
import { keepTriedUsername, takeTriedUsername } from '../common/session/tried-username.js';

/** The bank's web pages for its customer: sign in, see accounts, delegate them to an AS. */
@Injectable()
export class BankPagesService {
  constructor(
    private readonly auth: BankAuthService,
    private readonly delegation: DelegationService,
    private readonly config: AppConfig,
  ) {}

  async home(bank: Bank, session: WebSession) {
    const base = { bank, base: this.config.bankUrl(bank.id), csrf: session.csrfToken() };
    const customer = await this.auth.current(bank, session);
    if (!customer) return { ...base, loggedIn: false, error: session.takeFlash(), username: takeTriedUsername(session) };
    const accounts = await this.delegation.overview(bank, customer);
    return {
      ...base,
      loggedIn: true,
      notice: session.takeFlash(),
      customer,
      accounts,
      anyDelegated: accounts.some((a) => a.issuer),
      defaultIssuer: this.config.asIssuer,
      acctExample: `acct:${customer.username}@${this.config.publicHost}`,
    };
  }

  /** Back to the bank's home page, signed in or with a message (the same for every failure). */
  async login(bank: Bank, session: WebSession, username: string, password: string, address: string): Promise<string> {
    if (!(await this.auth.login(bank, session, username, password, address))) {
      session.flash('Wrong username or password.');
      keepTriedUsername(session, username);
    }
    return this.config.bankUrl(bank.id);
  }

  logout(bank: Bank, session: WebSession): string {
    session.destroy();
    return this.config.bankUrl(bank.id);
  }

  /** The customer is signed in (BankCustomerGuard). */
  async delegate(bank: Bank, session: WebSession, issuer: string): Promise<string> {
    return this.delegation.start(bank, session, issuer);
  }

  async callback(bank: Bank, session: WebSession, customer: BankCustomerEntity, query: Record<string, unknown>): Promise<string> {
    const count = await this.delegation.finish(bank, session, customer, query);
    session.flash(`Done: ${count} account(s) now accept only tokens from your authorization server.`);
    return this.config.bankUrl(bank.id);
  }

  async undelegate(bank: Bank, session: WebSession, customer: BankCustomerEntity, accountId: string): Promise<string> {
    const removed = await this.delegation.undelegate(bank, customer, accountId);
    session.flash(`Account ••${accountId.slice(-4)} is no longer delegated to ${removed.issuer}; no token opens it now.`);
    return this.config.bankUrl(bank.id);
  }
}
