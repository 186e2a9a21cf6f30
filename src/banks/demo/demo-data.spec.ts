import { jest } from '@jest/globals';
import type { FdxTransaction } from '../../common/fdx/fdx.types.js';
import { buildDemoBanks, DEMO_BANKS, DemoAccount, DemoBank } from './demo-data.js';

const AS_OF = new Date('2026-11-01T00:00:00.000Z');
const MID_DAY_AS_OF = new Date('2026-03-25T15:30:00.000Z');
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const CHECKING = '8879874';
const SAVINGS = '8879881';
const BROKERAGE = '5835394';
const FUND = '436922';
const CARD = '771204';

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

function toCents(amount: number): number {
  return Math.round(amount * 100);
}

function hasTwoDecimals(amount: number): boolean {
  return Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6;
}

function accountsOf(banks: DemoBank[]): DemoAccount[] {
  return banks.flatMap((b) => b.customers.flatMap((c) => c.accounts));
}

function accountById(banks: DemoBank[], accountId: string): DemoAccount {
  const found = accountsOf(banks).find((a) => a.descriptor.accountId === accountId);
  if (!found) throw new Error(`no account ${accountId}`);
  return found;
}

/** Effect of one transaction on the account's own balance, in cents. */
function effectCents(account: DemoAccount, tx: FdxTransaction): number {
  const credit = tx.debitCreditMemo === 'CREDIT' ? toCents(tx.amount) : -toCents(tx.amount);
  return account.descriptor.accountCategory === 'LOC_ACCOUNT' ? -credit : credit;
}

/** Opening balance, reconstructed by undoing every transaction from currentBalance. */
function openingCents(account: DemoAccount): number {
  return account.transactions.reduce((bal, tx) => bal - effectCents(account, tx), toCents(account.currentBalance));
}

/** Running balance after each transaction, replayed forward from the opening balance. */
function balancePath(account: DemoAccount): number[] {
  let balance = openingCents(account);
  return [balance, ...account.transactions.map((tx) => (balance += effectCents(account, tx)))];
}

function monthKey(iso: string): string {
  return iso.slice(0, 7);
}

/** The `count` calendar months before asOf's month, as YYYY-MM. */
function monthsBefore(asOf: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - 1 - i, 1)).toISOString().slice(0, 7),
  );
}

function isCardRepayment(tx: FdxTransaction): boolean {
  return tx.description === 'PAYMENT - THANK YOU';
}

function isCheckingCardPayment(tx: FdxTransaction): boolean {
  return tx.description.startsWith('MONAMI CARD PAYMENT');
}

/** Pairs up transactions of two accounts 1:1 by posting date and amount. */
function unmatched(left: FdxTransaction[], right: FdxTransaction[]): FdxTransaction[] {
  const pool = right.map((tx) => `${tx.postedTimestamp}|${toCents(tx.amount)}`);
  const missing: FdxTransaction[] = [];
  for (const tx of left) {
    const i = pool.indexOf(`${tx.postedTimestamp}|${toCents(tx.amount)}`);
    if (i < 0) missing.push(tx);
    else pool.splice(i, 1);
  }
  return missing;
}

const banks = buildDemoBanks(AS_OF);
const checking = accountById(banks, CHECKING);
const card = accountById(banks, CARD);

// ---------------------------------------------------------------------------
// tests
// ---------------------------------------------------------------------------

describe('banks, customer and account descriptors', () => {
  it('lists the four demo banks in order', () => {
    expect(DEMO_BANKS).toEqual([
      { id: 'norma', name: 'Norma Securities' },
      { id: 'lastish', name: 'Lastish Fundco' },
      { id: 'monami', name: 'Monami Card' },
      { id: 'astoria', name: 'Bank of Astoria' },
    ]);
    expect(banks.map((b) => ({ id: b.id, name: b.name }))).toEqual(DEMO_BANKS);
  });

  it('has one demo customer, Nat, per bank', () => {
    for (const bank of banks) {
      expect(bank.customers).toHaveLength(1);
      expect(bank.customers[0]).toMatchObject({ username: 'nat', password: 'nat-demo', displayName: 'Nat Sakimura' });
    }
  });

  it('gives each bank its accounts with FDX categories and types', () => {
    const summary = banks.map((b) => [
      b.id,
      b.customers[0].accounts.map((a) => [a.descriptor.accountId, a.descriptor.accountCategory, a.descriptor.accountType]),
    ]);
    expect(summary).toEqual([
      ['norma', [[BROKERAGE, 'INVESTMENT_ACCOUNT', 'BROKERAGE']]],
      ['lastish', [[FUND, 'INVESTMENT_ACCOUNT', 'MUTUALFUND']]],
      ['monami', [[CARD, 'LOC_ACCOUNT', 'CREDITCARD']]],
      ['astoria', [[CHECKING, 'DEPOSIT_ACCOUNT', 'CHECKING'], [SAVINGS, 'DEPOSIT_ACCOUNT', 'SAVINGS']]],
    ]);
    for (const account of accountsOf(banks)) {
      const d = account.descriptor;
      expect(d.accountNumberDisplay).toBe(d.accountId.slice(-4));
      expect(d.status).toBe('OPEN');
      expect(d.currency).toEqual({ currencyCode: 'USD' });
      expect(d.productName.length).toBeGreaterThan(0);
      expect(account.openedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(account.openedDate < account.transactions[0].postedTimestamp.slice(0, 10)).toBe(true);
      expect(account.creditLine !== undefined).toBe(d.accountType === 'CREDITCARD');
    }
    expect(card.creditLine).toBeGreaterThan(0);
  });
});

describe('seed account ids', () => {
  it('includes the brokerage 5835394 and the checking 8879874 at the expected banks', () => {
    const norma = banks.find((b) => b.id === 'norma')!;
    const astoria = banks.find((b) => b.id === 'astoria')!;
    expect(norma.customers[0].accounts.map((a) => a.descriptor.accountId)).toContain(BROKERAGE);
    expect(astoria.customers[0].accounts.map((a) => a.descriptor.accountId)).toContain(CHECKING);
    expect(accountById(banks, BROKERAGE).descriptor.accountNumberDisplay).toBe('5394');
  });
});

describe('determinism', () => {
  it('gives deep-equal output for the same asOf and months', () => {
    expect(buildDemoBanks(new Date(AS_OF.getTime()))).toEqual(buildDemoBanks(new Date(AS_OF.getTime())));
    expect(buildDemoBanks(MID_DAY_AS_OF, 14)).toEqual(buildDemoBanks(new Date(MID_DAY_AS_OF.getTime()), 14));
  });

  it('uses neither Math.random nor the clock', () => {
    const random = jest.spyOn(Math, 'random');
    const now = jest.spyOn(Date, 'now');
    try {
      buildDemoBanks(AS_OF);
      expect(random).not.toHaveBeenCalled();
      expect(now).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });

  it('does not share mutable objects between builds', () => {
    const a = buildDemoBanks(AS_OF);
    accountById(a, CHECKING).transactions.length = 0;
    accountById(a, CHECKING).descriptor.nickname = 'changed';
    expect(accountById(buildDemoBanks(AS_OF), CHECKING)).toEqual(checking);
  });

  it('gives the same past to a later asOf whose history starts on the same day', () => {
    // 24 months to 2026-11-01 and 27 months to 2027-02-01 both start on 2024-11-01.
    const later = buildDemoBanks(new Date('2027-02-01T00:00:00.000Z'), 27);
    for (const account of accountsOf(banks)) {
      const laterAccount = accountById(later, account.descriptor.accountId);
      const prefix = laterAccount.transactions.filter((tx) => tx.postedTimestamp <= AS_OF.toISOString());
      expect(prefix).toEqual(account.transactions);
    }
  });
});

describe('history length', () => {
  it.each([
    ['default 24 months', AS_OF, undefined, 24],
    ['12 months', AS_OF, 12, 12],
    ['fewer than 12 months asked (clamped to 12)', AS_OF, 3, 12],
    ['mid-month asOf', MID_DAY_AS_OF, 24, 24],
  ])('%s: every account has transactions in each month of the history', (_label, asOf, months, expected) => {
    const built = months === undefined ? buildDemoBanks(asOf) : buildDemoBanks(asOf, months);
    for (const account of accountsOf(built)) {
      const seen = new Set(account.transactions.map((tx) => monthKey(tx.postedTimestamp)));
      for (const month of monthsBefore(asOf, expected)) expect(seen).toContain(month);
      expect(seen).not.toContain(monthsBefore(asOf, expected + 1)[expected]);
    }
  });

  it('pays Nat at least once in every month', () => {
    for (const month of monthsBefore(AS_OF, 24)) {
      const pay = checking.transactions.filter(
        (tx) => monthKey(tx.postedTimestamp) === month && tx.description.startsWith('ACME CORP PAYROLL'),
      );
      expect(pay.length).toBeGreaterThanOrEqual(1);
      for (const tx of pay) expect(tx.debitCreditMemo).toBe('CREDIT');
    }
  });
});

describe('timestamps', () => {
  it.each([
    ['midnight asOf', AS_OF],
    ['mid-day asOf', MID_DAY_AS_OF],
  ])('%s: ISO 8601 UTC, oldest first, nothing after asOf', (_label, asOf) => {
    for (const account of accountsOf(buildDemoBanks(asOf))) {
      let previous = '';
      for (const tx of account.transactions) {
        expect(tx.postedTimestamp).toMatch(ISO_UTC);
        expect(tx.transactionTimestamp).toMatch(ISO_UTC);
        expect(new Date(tx.postedTimestamp).getTime()).toBeLessThanOrEqual(asOf.getTime());
        expect(new Date(tx.transactionTimestamp).getTime()).toBeLessThanOrEqual(asOf.getTime());
        expect(tx.postedTimestamp >= previous).toBe(true);
        previous = tx.postedTimestamp;
      }
    }
  });

  it('has transactionTimestamp equal to postedTimestamp, or a day earlier for card purchases', () => {
    for (const account of accountsOf(banks)) {
      for (const tx of account.transactions) {
        const lagDays = (Date.parse(tx.postedTimestamp) - Date.parse(tx.transactionTimestamp)) / 86_400_000;
        const isCardPurchase = account.descriptor.accountCategory === 'LOC_ACCOUNT' && tx.debitCreditMemo === 'DEBIT';
        expect(isCardPurchase ? [0, 1] : [0]).toContain(lagDays);
      }
    }
  });
});

describe('transaction fields', () => {
  it('are posted, positive, in cents, in the account category', () => {
    for (const account of accountsOf(banks)) {
      for (const tx of account.transactions) {
        expect(tx.status).toBe('POSTED');
        expect(tx.amount).toBeGreaterThan(0);
        expect(hasTwoDecimals(tx.amount)).toBe(true);
        expect(['CREDIT', 'DEBIT']).toContain(tx.debitCreditMemo);
        expect(tx.accountCategory).toBe(account.descriptor.accountCategory);
        expect(tx.description.trim().length).toBeGreaterThan(0);
      }
    }
  });

  it('types every investment transaction', () => {
    for (const id of [BROKERAGE, FUND]) {
      for (const tx of accountById(banks, id).transactions) {
        expect(['PURCHASED', 'DEPOSIT', 'DIVIDEND', 'ADJUSTMENT']).toContain(tx.transactionType);
        if (tx.transactionType !== 'ADJUSTMENT') expect(tx.debitCreditMemo).toBe('CREDIT');
        if (tx.transactionType === 'ADJUSTMENT') expect(tx.description).toBe('Market revaluation');
      }
    }
    const brokerageTypes = new Set(accountById(banks, BROKERAGE).transactions.map((tx) => tx.transactionType));
    expect(brokerageTypes).toContain('DIVIDEND');
    expect(accountById(banks, FUND).transactions.some((tx) => tx.transactionType === 'PURCHASED')).toBe(true);
  });
});

describe('transaction ids', () => {
  it.each([
    ['midnight asOf', AS_OF, 24],
    ['long history', AS_OF, 60],
  ])('%s: unique within each bank', (_label, asOf, months) => {
    for (const bank of buildDemoBanks(asOf, months)) {
      const ids = accountsOf([bank]).flatMap((a) => a.transactions.map((tx) => tx.transactionId));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('card repayments', () => {
  const repayments = card.transactions.filter(isCardRepayment);
  const checkingPayments = checking.transactions.filter(isCheckingCardPayment);

  it('happen monthly, as CREDITs on the card and DEBITs on checking', () => {
    expect(repayments.length).toBeGreaterThanOrEqual(23);
    for (const tx of repayments) expect(tx.debitCreditMemo).toBe('CREDIT');
    for (const tx of checkingPayments) expect(tx.debitCreditMemo).toBe('DEBIT');
  });

  it('every card repayment has its checking debit on the same date with the same amount, and vice versa', () => {
    expect(unmatched(repayments, checkingPayments)).toEqual([]);
    expect(unmatched(checkingPayments, repayments)).toEqual([]);
  });
});

describe('transfers between Nat’s accounts', () => {
  it('savings transfers, fund purchases and brokerage contributions leave checking the same day', () => {
    const out = (prefix: string) =>
      checking.transactions.filter((tx) => tx.debitCreditMemo === 'DEBIT' && tx.description.startsWith(prefix));
    const savingsIn = accountById(banks, SAVINGS).transactions.filter((tx) => tx.description.startsWith('ONLINE TRANSFER'));
    const fundIn = accountById(banks, FUND).transactions.filter((tx) => tx.transactionType === 'PURCHASED');
    const brokerageIn = accountById(banks, BROKERAGE).transactions.filter((tx) => tx.transactionType === 'DEPOSIT');

    for (const [outgoing, incoming] of [
      [out('ONLINE TRANSFER TO SAV'), savingsIn],
      [out('LASTISH FUNDCO PURCHASE'), fundIn],
      [out('NORMA SECURITIES'), brokerageIn],
    ]) {
      expect(incoming.length).toBeGreaterThanOrEqual(12);
      expect(unmatched(outgoing, incoming)).toEqual([]);
      expect(unmatched(incoming, outgoing)).toEqual([]);
    }
  });
});

describe('balances', () => {
  it('current balances are in cents and in realistic ranges', () => {
    const ranges: Record<string, [number, number]> = {
      [CHECKING]: [1_000, 10_000],
      [SAVINGS]: [15_000, 30_000],
      [BROKERAGE]: [40_000, 80_000],
      [FUND]: [20_000, 40_000],
      [CARD]: [0, 2_500],
    };
    for (const account of accountsOf(banks)) {
      const [min, max] = ranges[account.descriptor.accountId];
      expect(hasTwoDecimals(account.currentBalance)).toBe(true);
      expect(account.currentBalance).toBeGreaterThanOrEqual(min);
      expect(account.currentBalance).toBeLessThanOrEqual(max);
    }
  });

  it('replaying from the opening balance never overdraws checking and keeps the card within [0, creditLine]', () => {
    for (const build of [banks, buildDemoBanks(MID_DAY_AS_OF), buildDemoBanks(AS_OF, 60)]) {
      for (const account of accountsOf(build)) {
        const path = balancePath(account);
        expect(path[path.length - 1]).toBe(toCents(account.currentBalance));
        expect(Math.min(...path)).toBeGreaterThanOrEqual(0);
        if (account.descriptor.accountCategory === 'LOC_ACCOUNT') {
          expect(Math.max(...path)).toBeLessThanOrEqual(toCents(account.creditLine!));
        }
      }
    }
  });

  it('every build agrees on the opening balances, so currentBalance matches its transactions', () => {
    const openings = (build: DemoBank[]) =>
      Object.fromEntries(accountsOf(build).map((a) => [a.descriptor.accountId, openingCents(a)]));
    const reference = openings(banks);
    expect(openings(buildDemoBanks(MID_DAY_AS_OF))).toEqual(reference);
    expect(openings(buildDemoBanks(AS_OF, 12))).toEqual(reference);
    expect(openings(buildDemoBanks(new Date('2031-07-15T09:00:00.000Z'), 40))).toEqual(reference);
  });
});

describe('market revaluations', () => {
  it.each([[BROKERAGE], [FUND]])('account %s is revalued monthly, mostly upwards with a few down months', (id) => {
    const adjustments = accountById(banks, id).transactions.filter((tx) => tx.transactionType === 'ADJUSTMENT');
    expect(new Set(adjustments.map((tx) => monthKey(tx.postedTimestamp))).size).toBe(adjustments.length);
    expect(adjustments.length).toBeGreaterThanOrEqual(23);
    const down = adjustments.filter((tx) => tx.debitCreditMemo === 'DEBIT').length;
    expect(down).toBeGreaterThanOrEqual(1);
    expect(down).toBeLessThan(adjustments.length / 2);
    const net = adjustments.reduce((sum, tx) => sum + (tx.debitCreditMemo === 'CREDIT' ? 1 : -1) * toCents(tx.amount), 0);
    expect(net).toBeGreaterThan(0);
  });
});

describe('input validation', () => {
  it('rejects an invalid asOf', () => {
    expect(() => buildDemoBanks(new Date('not a date'))).toThrow(RangeError);
  });
});
