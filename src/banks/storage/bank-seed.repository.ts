import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { execSql } from '../../database/sql.js';
import type { DemoBank } from '../demo/demo-data.js';
import { BankAccountEntity } from '../entities/bank-account.entity.js';
import { BankCustomerEntity } from '../entities/bank-customer.entity.js';

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
          const rows = a.transactions.map((t) => [
            bank.id,
            d.accountId,
            t.transactionId,
            t.postedTimestamp,
            t.transactionTimestamp,
            t.description,
            t.amount.toFixed(4),
            t.debitCreditMemo,
            t.status,
            t.transactionType ?? null,
          ]);
          for (let i = 0; i < rows.length; i += CHUNK) await insertTransactions(em, rows.slice(i, i + CHUNK));
        }
      }
    });
  }
}

const COLUMNS = ['bank_id', 'account_id', 'transaction_id', 'posted_timestamp', 'transaction_timestamp', 'description', 'amount', 'debit_credit_memo', 'status', 'transaction_type'];
const CHUNK = 200;
const ROW = `(${COLUMNS.map(() => '?').join(', ')})`;
const statements = new Map<number, string>();

/**
 * One fixed multi-row INSERT per chunk size: TypeORM's insert builder spent ~1.4 s of CPU of a fresh start
 * building these statements value by value (`npm run bench -- --profile=startup`). Amounts go in as the
 * four-decimal strings MoneyColumn writes, so both dialects store the same value.
 */
async function insertTransactions(em: EntityManager, rows: unknown[][]): Promise<void> {
  let text = statements.get(rows.length);
  if (!text) {
    text = `INSERT INTO bank_transactions (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows.length }, () => ROW).join(', ')}`;
    statements.set(rows.length, text);
  }
  await execSql(em, text, rows.flat());
}
