import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FixedFind } from '../../database/fixed-find.js';
import { BankAccountEntity } from '../entities/bank-account.entity.js';
import { BankTransactionEntity } from '../entities/bank-transaction.entity.js';

export interface TransactionWindow {
  /** ISO instants, inclusive; either may be absent. */
  start?: string;
  end?: string;
  offset: number;
  limit: number;
}

/** A bank's accounts and their transactions: the only code touching those tables; scoped to one bank. */
@Injectable()
export class BankAccountsRepository {
  /** On every bank call (hot path): one prepared statement instead of a query builder per call. */
  private readonly byId: FixedFind<BankAccountEntity>;

  constructor(
    @InjectRepository(BankAccountEntity) private readonly accounts: Repository<BankAccountEntity>,
    @InjectRepository(BankTransactionEntity) private readonly transactions: Repository<BankTransactionEntity>,
  ) {
    this.byId = new FixedFind(accounts, ['bankId', 'accountId']);
  }

  one(bankId: string, accountId: string): Promise<BankAccountEntity | null> {
    return this.byId.one(bankId, accountId);
  }

  /** One customer's accounts, in account-number order. */
  ofCustomer(bankId: string, customerId: number): Promise<BankAccountEntity[]> {
    return this.accounts.find({ where: { bankId, customerId }, order: { accountId: 'ASC' } });
  }

  /** One page of an account's transactions, oldest first, and how many the window holds in all. */
  async transactionsPage(bankId: string, accountId: string, w: TransactionWindow): Promise<[BankTransactionEntity[], number]> {
    const qb = this.transactions.createQueryBuilder('t').where('t.bank_id = :bank AND t.account_id = :account', { bank: bankId, account: accountId });
    if (w.start) qb.andWhere('t.posted_timestamp >= :start', { start: w.start });
    if (w.end) qb.andWhere('t.posted_timestamp <= :end', { end: w.end });
    return qb.orderBy('t.posted_timestamp', 'ASC').addOrderBy('t.seq', 'ASC').skip(w.offset).take(w.limit).getManyAndCount();
  }
}
