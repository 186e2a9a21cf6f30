import { describe, expect, it } from '@jest/globals';
import { buildPicture } from './aggregate.js';
import { categorise } from './categories.js';
import { AS_OF, household, tx } from './picture.fixtures.js';
import { filterRows, rowTotals, transactionRows } from './transactions.js';

describe('the transaction list', () => {
  const rows = transactionRows(household(), '2025-01-01', '2025-03-15');

  it('lists posted credits and debits of the period, newest first, signed, with their category', () => {
    expect(rows.length).toBeGreaterThan(10);
    const dates = rows.map((r) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates.every((d) => d >= '2025-01-01' && d <= '2025-03-15')).toBe(true);
    const rent = rows.find((r) => r.category === 'Housing')!;
    expect(rent.amount).toBeLessThan(0);
    expect(rent.kind).toBe('spending');
  });

  it('filters by text (any case), account and category, all at once', () => {
    const housing = filterRows(rows, { category: 'Housing' });
    expect(housing.length).toBe(2);
    expect(filterRows(rows, { q: 'rent' }).every((r) => r.description.toUpperCase().includes('RENT'))).toBe(true);
    const account = rows[0].account;
    expect(filterRows(rows, { account }).every((r) => r.account === account)).toBe(true);
    expect(filterRows(rows, { account, category: 'No such category' })).toEqual([]);
  });

  it('adds up what it shows', () => {
    const t = rowTotals(filterRows(rows, { category: 'Housing' }));
    expect(t).toEqual({ credits: 0, debits: 2400, count: 2 });
  });
});

describe('a category the person chose', () => {
  it('wins over the rules, with the kind of the category chosen', () => {
    const t = { ...tx('DEPOSIT_ACCOUNT', 'x1', '2025-02-01', 'DEBIT', 50), description: 'WHOLE FOODS MARKET' };
    expect(categorise(t)?.category).toBe('Groceries');
    expect(categorise(t, 'Restaurants')).toEqual({ category: 'Restaurants', kind: 'spending', cents: 5000 });
    expect(categorise(t, 'Transfers between your accounts')?.kind).toBe('transfer');
    expect(categorise(t, 'No such category')?.category).toBe('Groceries');
  });

  it('moves the amount between categories in the picture, and in the list', () => {
    const accounts = household();
    const rent = transactionRows(accounts, '2025-01-01', '2025-03-15').find((r) => r.category === 'Housing')!;
    const before = buildPicture(accounts, AS_OF, 3);
    const owner = accounts.find((a) => a.label === rent.account)!;
    owner.categoryOverrides = { [rent.id]: 'Travel' };
    const after = buildPicture(accounts, AS_OF, 3);
    const total = (p: typeof before, name: string) => p.categories.find((c) => c.category === name)?.total ?? 0;
    expect(total(after, 'Housing')).toBe(total(before, 'Housing') - 1200);
    expect(total(after, 'Travel')).toBe(total(before, 'Travel') + 1200);
    expect(after.flows.spending).toBe(before.flows.spending);
    const row = transactionRows(accounts, '2025-01-01', '2025-03-15').find((r) => r.id === rent.id)!;
    expect(row).toMatchObject({ category: 'Travel', corrected: true });
  });
});
