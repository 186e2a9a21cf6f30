import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { hashPassword } from '../common/crypto/secrets.js';
import { DbLock } from '../database/database.module.js';
import { BankDirectory, BANKS } from './bank-directory.js';
import { buildDemoBanks, DemoBank } from './demo/demo-data.js';
import { BankSeedRepository } from './storage/bank-seed.repository.js';

/** DEMO ONLY: creates each bank's demo customer and history on first start; does nothing afterwards. */
@Injectable()
export class BankSeedService implements OnApplicationBootstrap {
  constructor(
    private readonly store: BankSeedRepository,
    private readonly lock: DbLock,
    private readonly directory: BankDirectory,
  ) {}

  /** Under a lock: instances starting together on one database seed each bank once. */
  onApplicationBootstrap(): Promise<void> {
    return this.lock.withLock('banks:seed', () => this.seed());
  }

  private async seed(): Promise<void> {
    const asOf = new Date();
    const story = buildDemoBanks(asOf);
    const banks = [...story, ...this.directory.all.slice(BANKS.length).map((b, i) => cloneChecking(story, b, i))];
    for (const bank of banks) {
      if (await this.store.hasCustomers(bank.id)) continue;
      const hashed = await Promise.all(bank.customers.map((c) => hashPassword(c.password)));
      await this.store.insertBank(bank, hashed, asOf);
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
