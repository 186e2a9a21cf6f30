import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FixedFind } from '../../database/fixed-find.js';
import { BankDelegationEntity } from '../entities/bank-delegation.entity.js';

export type NewDelegation = Pick<BankDelegationEntity, 'bankId' | 'accountId' | 'customerId' | 'issuer' | 'resourceId'>;

/** Which AS each account is delegated to: the only code touching that table; scoped to one bank. */
@Injectable()
export class BankDelegationsRepository {
  /** On every bank call (hot path): one prepared statement instead of a query builder per call. */
  private readonly byAccount: FixedFind<BankDelegationEntity>;

  constructor(@InjectRepository(BankDelegationEntity) private readonly rows: Repository<BankDelegationEntity>) {
    this.byAccount = new FixedFind(rows, ['bankId', 'accountId']);
  }

  /** The delegation that decides which AS this account trusts. */
  ofAccount(bankId: string, accountId: string): Promise<BankDelegationEntity | null> {
    return this.byAccount.one(bankId, accountId);
  }

  ofCustomer(bankId: string, customerId: number): Promise<BankDelegationEntity[]> {
    return this.rows.findBy({ bankId, customerId });
  }

  one(bankId: string, customerId: number, accountId: string): Promise<BankDelegationEntity | null> {
    return this.rows.findOneBy({ bankId, customerId, accountId });
  }

  /** All or none: written together once the AS has taken every account. */
  async saveAll(delegations: NewDelegation[]): Promise<void> {
    await this.rows.manager.transaction((em) => em.save(BankDelegationEntity, delegations));
  }

  async remove(bankId: string, customerId: number, accountId: string): Promise<void> {
    await this.rows.delete({ bankId, customerId, accountId });
  }

  /** The AS says it no longer holds this registration (a pushed resource-deleted event): that delegation ends. */
  async forgetRegistration(bankId: string, issuer: string, resourceId: string): Promise<void> {
    await this.rows.delete({ bankId, issuer, resourceId });
  }
}
