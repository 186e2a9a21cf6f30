import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '../common/crypto/secrets.js';
import { withDbLock } from '../database/db-lock.js';
import { BankDirectory, BANKS } from './bank-directory.js';
import { buildDemoBanks, DemoBank } from './demo/demo-data.js';
import { BankAccountEntity } from './entities/bank-account.entity.js';
import { BankCustomerEntity } from './entities/bank-customer.entity.js';
import { BankTransactionEntity } from './entities/bank-transaction.entity.js';

/** DEMO ONLY: creates each bank's demo customer and history on first start; does nothing afterwards. */
@Injectable()
export class BankSeedService implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    private readonly directory: BankDirectory,
  ) {}

  /** Under a lock: instances starting together on one database seed each bank once. */
  onApplicationBootstrap(): Promise<void> {
    return withDbLock(this.db, 'banks:seed', () => this.seed());
  }

  private async seed(): Promise<void> {
    const customers = this.db.getRepository(BankCustomerEntity);
    const asOf = new Date();
    const story = buildDemoBanks(asOf);
    const banks = [...story, ...this.directory.all.slice(BANKS.length).map((b, i) => cloneChecking(story, b, i))];
    for (const bank of banks) {
      if (await customers.existsBy({ bankId: bank.id })) continue;
      const hashed = await Promise.all(bank.customers.map((c) => hashPassword(c.password)));
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
}

/** An extra demo bank: Nat with one checking account, its history copied from Bank of Astoria's checking. */
function cloneChecking(story: DemoBank[], bank: { id: string; name: string }, index: number): DemoBank {
  const astoria = story.find((b) => b.id === 'astoria') as DemoBank;
  const template = astoria.customers[0].accounts.find((a) => a.descriptor.accountType === 'CHECKING')!;
  const accountId = String(9_100_000 + index);
  return {
    id: bank.id as DemoBank['id'],
    name: bank.name,
    customers: [
      {
        ...astoria.customers[0],
        accounts: [
          {
            ...template,
            descriptor: { ...template.descriptor, accountId, accountNumberDisplay: accountId.slice(-4), productName: `${bank.name} Checking` },
            transactions: template.transactions.map((t) => ({ ...t, transactionId: t.transactionId.replace(template.descriptor.accountId, accountId) })),
          },
        ],
      },
    ],
  };
}
