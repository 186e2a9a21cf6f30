import { describe, expect, it } from '@jest/globals';
import { assetClass, balanceSeries, buildPicture, maskNumber, monthEnds } from './aggregate.js';
import { AS_OF, brokerage, checking, creditCard, fixtureAccounts, household, tx } from './picture.fixtures.js';
import type { FetchedAccount } from './picture.types.js';

const DATES = ['2025-01-31', '2025-02-28', '2025-03-15'];

describe('monthEnds: the last day of each month, ending with the as-of date', () => {
  it('lists month ends oldest first and ends on the as-of date itself', () => {
    expect(monthEnds(AS_OF, 3)).toEqual(DATES);
  });

  it('knows leap years and 30-day months', () => {
    expect(monthEnds(new Date('2024-05-10T00:00:00Z'), 4)).toEqual([
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-10',
    ]);
  });

  it('crosses a year boundary', () => {
    expect(monthEnds(new Date('2025-01-10T08:00:00Z'), 3)).toEqual(['2024-11-30', '2024-12-31', '2025-01-10']);
  });

  it('does not overflow months when asOf is the 31st', () => {
    expect(monthEnds(new Date('2025-03-31T23:59:59Z'), 2)).toEqual(['2025-02-28', '2025-03-31']);
  });

  it('gives twelve points a year back and a single point for one month', () => {
    const year = monthEnds(AS_OF, 12);
    expect(year).toHaveLength(12);
    expect(year[0]).toBe('2024-04-30');
    expect(year[10]).toBe('2025-02-28');
    expect(year[11]).toBe('2025-03-15');
    expect(monthEnds(AS_OF, 1)).toEqual(['2025-03-15']);
  });

  it('rejects a non-positive or fractional number of months', () => {
    expect(() => monthEnds(AS_OF, 0)).toThrow(RangeError);
    expect(() => monthEnds(AS_OF, 1.5)).toThrow(RangeError);
  });
});

describe('balanceSeries: value now minus what was posted after each date', () => {
  it('rolls a checking account back through credits and debits', () => {
    expect(balanceSeries(checking(), DATES)).toEqual([1900.25, 1600, 2600]);
  });

  it('puts a transaction posted after asOf back into the as-of value (it is already in "now")', () => {
    // currentBalance 2500 already includes the 100.00 debit of 2025-03-20.
    expect(balanceSeries(checking(), ['2025-03-15', '2025-03-19', '2025-03-20'])).toEqual([2600, 2600, 2500]);
  });

  it('ignores PENDING, AUTHORIZATION and MEMO-status transactions and MEMO entries', () => {
    const acc = checking();
    const onlyCounted: FetchedAccount = {
      ...acc,
      transactions: acc.transactions.filter((t) => ['rent', 'after-asof', 'salary', 'old'].includes(t.transactionId)),
    };
    expect(balanceSeries(acc, DATES)).toEqual(balanceSeries(onlyCounted, DATES));
    const card = creditCard();
    // The 30.00 authorization and the 40.00 MEMO-status debit of March must not move the as-of value.
    expect(balanceSeries(card, ['2025-03-11', '2025-03-15'])).toEqual([-820.4, -820.4]);
  });

  it('counts a posted transaction on day D as part of the end of day D', () => {
    expect(balanceSeries(checking(), ['2025-03-09', '2025-03-10'])).toEqual([1600, 2600]);
  });

  it('shows a credit card as a negative value: purchases lower it, payments raise it', () => {
    const series = balanceSeries(creditCard(), DATES);
    expect(series).toEqual([-1199.7, -700, -820.4]);
    expect(series.every((v) => v !== null && v < 0)).toBe(true);
  });

  it('sums in integer cents (0.10 + 0.20 debit gives exactly 0.30)', () => {
    expect(balanceSeries(creditCard(), ['2025-02-09', '2025-02-10'])).toEqual([-1199.7, -1200]);
  });

  it('uses currentValue (not currentBalance) for investments and includes ADJUSTMENT revaluations', () => {
    expect(balanceSeries(brokerage(), DATES)).toEqual([10037.66, 9750, 10000.55]);
    // Between the two ADJUSTMENTs: after the 400.00 fall, before the 250.55 rise.
    expect(balanceSeries(brokerage(), ['2025-03-02'])).toEqual([9750]);
  });

  it('dates a transaction by the calendar day in its own timestamp', () => {
    // 2025-02-28T23:30-05:00 is 2025-03-01 in UTC but belongs to Feb 28.
    expect(balanceSeries(brokerage(), ['2025-02-27', '2025-02-28'])).toEqual([9650, 9750]);
  });

  it('is a flat line when there are no transactions, and 0 when a balance is missing', () => {
    const acc = checking();
    expect(balanceSeries({ ...acc, transactions: [] }, DATES)).toEqual([2500, 2500, 2500]);
    const missing = { ...acc, account: { ...acc.account, currentBalance: undefined }, transactions: [] };
    expect(balanceSeries(missing, DATES)).toEqual([0, 0, 0]);
  });
});

describe('buildPicture: net worth across banks', () => {
  const p = buildPicture(fixtureAccounts(), AS_OF, 3);

  it('uses the month ends as dates', () => {
    expect(p.dates).toEqual(DATES);
  });

  it('sums every account into net worth per date', () => {
    // 1900.25 − 1199.70 + 10037.66, 1600 − 700 + 9750, 2600 − 820.40 + 10000.55
    expect(p.netWorth).toEqual([10738.21, 10650, 11780.15]);
  });

  it('groups by institution in order of appearance, netting the card against the checking account', () => {
    expect(p.byInstitution).toEqual([
      { institution: 'Bank of Astoria', values: [700.55, 900, 1779.6] },
      { institution: 'Cedar Street Brokerage', values: [10037.66, 9750, 10000.55] },
    ]);
  });

  it('describes each account with its current value and series', () => {
    expect(p.accounts.map((a) => [a.label, a.accountType, a.accountNumberDisplay, a.currency, a.value])).toEqual([
      ['Bank of Astoria — Checking ••9874', 'CHECKING', '••9874', 'USD', 2500],
      ['Bank of Astoria — Card ••4421', 'CREDITCARD', '••4421', 'USD', -820.4],
      ['Cedar Street Brokerage — Brokerage ••1107', 'BROKERAGE', '••1107', 'USD', 10000.55],
    ]);
    expect(p.accounts[1].series).toEqual([-1199.7, -700, -820.4]);
    expect(p.accounts[2].institution).toBe('Cedar Street Brokerage');
  });

  it('totals assets, liabilities (owed, positive) and net worth now', () => {
    expect(p.totals).toEqual({ assets: 12500.55, liabilities: 820.4, netWorth: 11680.15 });
  });

  it('reports the shared currency, or MIXED', () => {
    expect(p.currency).toBe('USD');
    const euro = brokerage();
    euro.account = { ...euro.account, currency: { currencyCode: 'EUR' } };
    expect(buildPicture([checking(), euro], AS_OF, 3).currency).toBe('MIXED');
    expect(buildPicture([euro], AS_OF, 3).currency).toBe('EUR');
  });

  it('gives the same result whatever the transaction order', () => {
    const reversed = fixtureAccounts().map((a) => ({ ...a, transactions: [...a.transactions].reverse() }));
    expect(buildPicture(reversed, AS_OF, 3)).toEqual(p);
  });

  it('defaults to twelve months and copes with no accounts', () => {
    expect(buildPicture(fixtureAccounts(), AS_OF).dates).toHaveLength(12);
    const empty = buildPicture([], AS_OF, 2);
    expect(empty.netWorth).toEqual([0, 0]);
    expect(empty.totals).toEqual({ assets: 0, liabilities: 0, netWorth: 0 });
  });

  it('moves net worth when one more posted transaction is added', () => {
    const acc = checking();
    acc.transactions.push(tx('DEPOSIT_ACCOUNT', 'extra', '2025-03-01', 'CREDIT', 0.01));
    const q = buildPicture([acc, creditCard(), brokerage()], AS_OF, 3);
    expect(q.netWorth).toEqual([10738.2, 10649.99, 11780.15]);
  });
});

describe('cash flow: income vs spending per month, on fixed data', () => {
  const p = buildPicture(household(), AS_OF, 3);

  it('counts salary, interest and dividends as income, month by month', () => {
    expect(p.cashFlow.months).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(p.cashFlow.income).toEqual([2000, 2035.1, 2012.5]);
  });

  it('counts purchases and bills as spending, a refund lowers it, transfers and market moves stay out', () => {
    // Jan: rent 1200 + Chipotle 60.25; Feb: Safeway 85.40 + Costco 250 − Costco return 40; Mar: rent 1200 + United 150.60
    expect(p.cashFlow.spending).toEqual([1260.25, 295.4, 1350.6]);
    expect(p.cashFlow.net).toEqual([739.75, 1739.7, 661.9]);
  });

  it('leaves out what is pending, before the period or after the as-of date', () => {
    const acc = household();
    acc[0].transactions = acc[0].transactions.filter((t) => !['c1', 'c9', 'c11'].includes(t.transactionId));
    expect(buildPicture(acc, AS_OF, 3).cashFlow).toEqual(p.cashFlow);
  });
});

describe('flows: the period\'s income and spending stated once, averages over complete months', () => {
  it('totals every month with history, the month to date included', () => {
    const p = buildPicture(household(), AS_OF, 3);
    expect(p.cashFlow.monthToDate).toBe(15);
    expect(p.flows).toMatchObject({ income: 6047.6, spending: 2906.25, saved: 3141.35, monthsCovered: 3, completeMonths: 2 });
  });

  it('leaves the month to date out of the averages', () => {
    const p = buildPicture(household(), AS_OF, 3);
    expect(p.flows.averageIncome).toBe((2000 + 2035.1) / 2);
    expect(p.flows.averageSpending).toBe(777.83); // (1260.25 + 295.40) / 2, to the cent
    expect(p.flows.averageSaved).toBe(1239.73); // (739.75 + 1739.70) / 2, to the cent
  });

  it('counts the last month in the averages once it is over', () => {
    const p = buildPicture(household(), new Date('2025-03-31T23:00:00Z'), 3);
    expect(p.cashFlow.monthToDate).toBeUndefined();
    expect(p.flows.completeMonths).toBe(3);
  });

  it('has no average when no month is complete', () => {
    const p = buildPicture(household(), AS_OF, 1);
    expect(p.flows.completeMonths).toBe(0);
    expect(p.flows.averageSpending).toBeNull();
  });
});

describe('categories: totals over the period', () => {
  const p = buildPicture(household(), AS_OF, 3);
  const byName = Object.fromEntries(p.categories.map((c) => [c.category, c]));

  it('lists spending first, largest first, then income, transfers and market moves', () => {
    expect(p.categories.map((c) => [c.category, c.kind, c.total, c.count])).toEqual([
      ['Housing', 'spending', 2400, 2],
      ['Groceries', 'spending', 295.4, 3],
      ['Travel', 'spending', 150.6, 1],
      ['Restaurants', 'spending', 60.25, 1],
      ['Salary', 'income', 6000, 3],
      ['Interest', 'income', 35.1, 1],
      ['Dividends', 'income', 12.5, 1],
      ['Transfers between your accounts', 'transfer', 0, 4],
      ['Market moves', 'market', 400, 1],
    ]);
  });

  it('splits each category by month', () => {
    expect(byName.Housing.byMonth).toEqual([1200, 0, 1200]);
    expect(byName.Groceries.byMonth).toEqual([0, 295.4, 0]);
  });

  it('spending categories add up to the spending of the cash flow', () => {
    const spending = p.categories.filter((c) => c.kind === 'spending').reduce((s, c) => s + Math.round(c.total * 100), 0) / 100;
    expect(spending).toBe(1260.25 + 295.4 + 1350.6);
  });
});

describe('allocation today: by institution and by account type', () => {
  const p = buildPicture(household(), AS_OF, 3);

  it('sums each institution, credit card debt negative', () => {
    expect(p.allocation.byInstitution).toEqual([
      { name: 'Bank of Astoria', value: 13500 },
      { name: 'Monami Card', value: -150.6 },
      { name: 'Norma Securities', value: 20000 },
      { name: 'Lastish Fundco', value: 5000 },
    ]);
  });

  it('sorts accounts into cash, investments, funds and credit', () => {
    expect(p.allocation.byClass).toEqual([
      { name: 'Cash', value: 13500 },
      { name: 'Investments', value: 20000 },
      { name: 'Funds', value: 5000 },
      { name: 'Credit', value: -150.6 },
    ]);
    expect(p.accounts.map((a) => [a.typeName, a.assetClass, a.maskedNumber])).toEqual([
      ['Checking', 'Cash', '••9874'],
      ['Savings', 'Cash', '••9881'],
      ['Credit card', 'Credit', '••1204'],
      ['Brokerage', 'Investments', '••5394'],
      ['Mutual fund', 'Funds', '••6922'],
    ]);
  });

  it('never shows more than the last four characters of an account number', () => {
    expect(maskNumber('1234-5678-9012')).toBe('••9012');
    expect(maskNumber('••9874')).toBe('••9874');
    expect(maskNumber('')).toBe('');
    expect(assetClass(household()[4].account)).toBe('Funds');
  });
});

describe('a history window shorter than the period', () => {
  it('leaves the dates and months before the allowed history blank, not flat', () => {
    const accounts = household().map((a) => ({ ...a, historyFrom: '2025-02-10' }));
    const p = buildPicture(accounts, AS_OF, 3);
    expect(p.historyFrom).toBe('2025-02-10');
    expect(p.netWorth[0]).toBeNull();
    expect(p.netWorth[1]).not.toBeNull();
    expect(p.accounts[0].series[0]).toBeNull();
    expect(p.byInstitution[0].values[0]).toBeNull();
    expect(p.cashFlow.income).toEqual([null, null, 2012.5]);
  });

  it('leaves the months before the history out of the categories too, so both charts agree on spending', () => {
    const accounts = household().map((a) => ({ ...a, historyFrom: '2025-02-10' }));
    const p = buildPicture(accounts, AS_OF, 3);
    const spending = p.categories.filter((c) => c.kind === 'spending').reduce((s, c) => s + Math.round(c.total * 100), 0) / 100;
    expect(spending).toBe(1350.6);
    expect(p.flows.spending).toBe(1350.6);
    expect(p.categories.find((c) => c.category === 'Housing')?.byMonth).toEqual([0, 0, 1200]);
  });

  it('says nothing when the history covers the period', () => {
    const p = buildPicture(household().map((a) => ({ ...a, historyFrom: '2024-12-01' })), AS_OF, 3);
    expect(p.historyFrom).toBeUndefined();
    expect(p.netWorth.every((v) => v !== null)).toBe(true);
  });
});
