import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DemoBank } from '../demo/demo-data.js';
import { BankAccountEntity } from '../entities/bank-account.entity.js';
import { BankCustomerEntity } from '../entities/bank-customer.entity.js';
import { BankTransactionEntity } from '../entities/bank-transaction.entity.js';

/** DEMO ONLY: writes a demo bank's customers, accounts and history, all in one transaction. */
@Injectable()
export class BankSeedRepository {
  constructor(private readonly db: DataSource) {}

  hasCustomers(bankId: string): Promise<boolean> {
    return this.db.getRepository(BankCustomerEntity).existsBy({ bankId });
  }

  /** `hashed[i]` is the password hash of `bank.customers[i]`. */
  async insertBank(bank: DemoBank, hashed: string[], asOf: Date): Promise<void> {
    await this.db.transaction(async (em) => {
      for (const [i, c] of bank.customers.entries()) {
        const customer = await em.save(em.create(BankCustomerEntity, { bankId: bank.id, username: c.username, displayName: c.displayName, passwordHash: hashed[i] }));
        for (const a of c.accounts) {
          const d = a.descriptor;
          await em.insert(BankAccountEntity, {
            bankId: bank.id,
            accountId: d.accountId,
            customerId: customer.id,
            accountCategory: d.accountCategory,
            accountType: d.accountType,
            accountNumberDisplay: d.accountNumberDisplay,
            productName: d.productName,
            nickname: d.nickname ?? null,
            status: d.status,
            currencyCode: d.currency.currencyCode,
            currentBalance: a.currentBalance,
            creditLine: a.creditLine ?? null,
            balanceAsOf: asOf.toISOString(),
          });
          const rows = a.transactions.map((t) => ({
            bankId: bank.id,
            accountId: d.accountId,
            transactionId: t.transactionId,
            postedTimestamp: t.postedTimestamp,
            transactionTimestamp: t.transactionTimestamp,
            description: t.description,
            amount: t.amount,
            debitCreditMemo: t.debitCreditMemo,
            status: t.status,
            transactionType: t.transactionType ?? null,
          }));
          for (let i = 0; i < rows.length; i += 200) await em.insert(BankTransactionEntity, rows.slice(i, i + 200));
        }
      }
    });
  }
}
