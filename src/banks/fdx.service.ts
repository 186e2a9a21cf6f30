import { Injectable, NotFoundException } from '@nestjs/common';
import { InvalidRequestError } from '../common/errors/oauth.errors.js';
import type { FdxAccount, FdxTransaction, FdxTransactionsResponse } from '../common/fdx/fdx.types.js';
import type { Bank } from './bank-directory.js';
import type { BankAccountEntity } from './entities/bank-account.entity.js';
import { BankAccountsRepository } from './storage/bank-accounts.repository.js';
import { TransactionsQueryDto } from './fdx.dto.js';

const DEFAULT_LIMIT = 100;

/** The bank's FDX v6 data API, answering for one account once its token is verified. */
@Injectable()
export class FdxService {
  constructor(private readonly accounts: BankAccountsRepository) {}

  async account(bank: Bank, accountId: string): Promise<FdxAccount> {
    const a = await this.find(bank, accountId);
    const base: FdxAccount = {
      accountCategory: a.accountCategory,
      accountId: a.accountId,
      accountType: a.accountType,
      accountNumberDisplay: a.accountNumberDisplay,
      productName: a.productName,
      ...(a.nickname ? { nickname: a.nickname } : {}),
      status: a.status,
      currency: { currencyCode: a.currencyCode },
      balanceAsOf: a.balanceAsOf,
    };
    switch (a.accountCategory) {
      case 'INVESTMENT_ACCOUNT':
        return { ...base, currentValue: a.currentBalance };
      case 'LOC_ACCOUNT':
        return { ...base, currentBalance: a.currentBalance, creditLine: a.creditLine ?? undefined, availableCredit: round((a.creditLine ?? 0) - a.currentBalance) };
      default:
        return { ...base, currentBalance: a.currentBalance, availableBalance: a.currentBalance };
    }
  }

  /**
   * Transactions in [startTime, endTime], clipped to the history window the person allowed: a startTime
   * before `historyFrom` is moved up to it, so the answer never reaches further back than the consent.
   */
  async transactionsOf(bank: Bank, accountId: string, q: TransactionsQueryDto, historyFrom?: string): Promise<FdxTransactionsResponse> {
    const account = await this.find(bank, accountId);
    const asked = q.startTime ? new Date(q.startTime).toISOString() : undefined;
    const floor = historyFrom ? `${historyFrom}T00:00:00.000Z` : undefined;
    const start = floor && (!asked || asked < floor) ? floor : asked;
    const end = q.endTime ? endOf(q.endTime) : undefined;
    if (q.startTime && end && new Date(q.startTime).toISOString() > end) throw new InvalidRequestError('startTime is after endTime');
    const offset = Number(q.offset ?? '0');
    const limit = q.limit ?? DEFAULT_LIMIT;
    const [rows, total] = await this.accounts.transactionsPage(bank.id, account.accountId, { start, end, offset, limit });
    const transactions: FdxTransaction[] = rows.map((t) => ({
      accountCategory: account.accountCategory,
      transactionId: t.transactionId,
      postedTimestamp: t.postedTimestamp,
      transactionTimestamp: t.transactionTimestamp,
      description: t.description,
      amount: t.amount,
      debitCreditMemo: t.debitCreditMemo,
      status: t.status,
      ...(t.transactionType ? { transactionType: t.transactionType } : {}),
    }));
    const next = offset + rows.length;
    return { page: { totalElements: total, ...(next < total ? { nextOffset: String(next) } : {}) }, transactions };
  }

  private async find(bank: Bank, accountId: string): Promise<BankAccountEntity> {
    const a = await this.accounts.one(bank.id, accountId);
    if (!a) throw new NotFoundException('no such account');
    return a;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A bare date as endTime means "through the end of that day". */
function endOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : new Date(value).toISOString();
}
