import { Injectable } from '@nestjs/common';
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from '../common/crypto/secrets.js';
import { LoginRequired } from '../common/errors/page.errors.js';
import type { WebSession } from '../common/session/web-session.js';
import { FailureThrottle } from '../common/throttle/failure-throttle.service.js';
import { throttledLogin } from '../common/throttle/login-throttle.js';
import { AppConfig } from '../config/app-config.js';
import type { Bank } from './bank-directory.js';
import type { BankCustomerEntity } from './entities/bank-customer.entity.js';
import { BankCustomersRepository } from './storage/bank-customers.repository.js';

/** The bank's own customer sign-in (the person's login at the bank, Phase 1). */
@Injectable()
export class BankAuthService {
  constructor(
    private readonly customers: BankCustomersRepository,
    private readonly config: AppConfig,
    private readonly throttle: FailureThrottle,
  ) {}

  async login(bank: Bank, session: WebSession, username: string, password: string, address: string): Promise<boolean> {
    const customer = await throttledLogin(this.throttle, `bank:${bank.id}`, username, address, async () => {
      const found = await this.customers.byUsername(bank.id, username);
      const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (!ok || !found) return undefined;
      // A hash made with weaker parameters is replaced now that the password is at hand.
      if (needsRehash(found.passwordHash)) await this.customers.setPasswordHash(bank.id, found.id, await hashPassword(password));
      return found;
    });
    if (!customer) return false;
    session.regenerate();
    session.set('customerId', customer.id);
    return true;
  }

  async current(bank: Bank, session: WebSession): Promise<BankCustomerEntity | null> {
    const id = session.get<number>('customerId');
    return id === undefined ? null : this.customers.byId(bank.id, id);
  }

  async require(bank: Bank, session: WebSession): Promise<BankCustomerEntity> {
    const customer = await this.current(bank, session);
    if (!customer) throw new LoginRequired(this.config.bankUrl(bank.id));
    return customer;
  }
}
