import { describe, expect, it } from '@jest/globals';
import { buildDemoBanks } from '../../banks/demo/demo-data.js';
import { categorise, CATEGORY_RULES, OTHER_INCOME, OTHER_SPENDING } from './categories.js';
import { tx } from './picture.fixtures.js';

const debit = (description: string, amount = 10, transactionType?: string) => ({ ...tx('DEPOSIT_ACCOUNT', 'x', '2025-03-01', 'DEBIT', amount, 'POSTED', transactionType), description });
const credit = (description: string, amount = 10, transactionType?: string) => ({ ...tx('DEPOSIT_ACCOUNT', 'x', '2025-03-01', 'CREDIT', amount, 'POSTED', transactionType), description });

describe('categorise: the rules the page shows, applied to the banks\' descriptions', () => {
  it.each([
    ['BAYVIEW APARTMENTS RENT WEB PMT', 'Housing'],
    ['PG&E WEB ONLINE PAYMENT', 'Bills & utilities'],
    ['COMCAST XFINITY AUTOPAY', 'Bills & utilities'],
    ['VERIZON WIRELESS PAYMENTS', 'Bills & utilities'],
    ['CITY OF SAN MATEO UTIL BILL PAY', 'Bills & utilities'],
    ['NETFLIX.COM 866-579-7172 CA', 'Subscriptions'],
    ['APPLE.COM/BILL 866-712-7753 CA', 'Subscriptions'],
    ["POS DEBIT TRADER JOE'S #552 SAN MATEO CA", 'Groceries'],
    ['COSTCO WHSE #0144 REDWOOD CITY CA', 'Groceries'],
    ['SQ *TACOLICIOUS SAN MATEO CA', 'Restaurants'],
    ['BLUE BOTTLE COFFEE SAN FRANCISCO CA', 'Coffee'],
    ['SHELL OIL 57444021 SAN MATEO CA', 'Transport'],
    ['UBER *TRIP HELP.UBER.COM CA', 'Transport'],
    ['AMAZON.COM*2K4RT7 AMZN.COM/BILL WA', 'Shopping'],
    ['REI #45 SAN CARLOS CA', 'Shopping'],
    ['DELTA AIR LINES ATLANTA GA', 'Travel'],
    ['POS DEBIT CVS/PHARMACY #09412 SAN MATEO CA', 'Health'],
    ['ATM WITHDRAWAL 004417 E 3RD AVE SAN MATEO CA', 'Cash withdrawals'],
  ])('a debit "%s" is spending on %s', (description, category) => {
    expect(categorise(debit(description, 12.34))).toEqual({ category, kind: 'spending', cents: 1234 });
  });

  it.each([
    ['ACME CORP PAYROLL PPD ID: 9100234567', 'Salary'],
    ['INTEREST PAYMENT', 'Interest'],
    ['DIVIDEND RECEIVED ISHARES CORE S&P 500 ETF (IVV)', 'Dividends'],
  ])('a credit "%s" is income: %s', (description, category) => {
    expect(categorise(credit(description, 100))).toEqual({ category, kind: 'income', cents: 10000 });
  });

  it.each([
    ['MONAMI CARD PAYMENT AUTOPAY PPD ID: 7712040001', 'DEBIT'],
    ['PAYMENT - THANK YOU', 'CREDIT'],
    ['ONLINE TRANSFER TO SAV XXXXXX9881', 'DEBIT'],
    ['ONLINE TRANSFER FROM CHK XXXXXX9874', 'CREDIT'],
    ['LASTISH FUNDCO PURCHASE PPD ID: 4369220000', 'DEBIT'],
    ['NORMA SECURITIES ACH TRANSFER PPD ID: 5835394000', 'DEBIT'],
    ['ACH DEPOSIT FROM BANK OF ASTORIA XXXXXX9874', 'CREDIT'],
  ])('"%s" moves money between Nat\'s own accounts: neither income nor spending', (description, memo) => {
    const t = memo === 'DEBIT' ? debit(description) : credit(description);
    expect(categorise(t)?.kind).toBe('transfer');
  });

  it('market revaluations are market moves, by description or by FDX type', () => {
    expect(categorise(credit('Market revaluation', 5, 'ADJUSTMENT'))?.kind).toBe('market');
    expect(categorise(debit('something else', 5, 'ADJUSTMENT'))?.category).toBe('Market moves');
    expect(categorise(credit('Quarterly payout', 5, 'DIVIDEND'))?.category).toBe('Dividends');
    expect(categorise(credit('Anything', 5, 'PURCHASED'))?.kind).toBe('transfer');
  });

  it('matches keywords as whole words only', () => {
    expect(categorise(debit('CURRENTLY UNKNOWN SHOP'))?.category).toBe(OTHER_SPENDING); // not "RENT"
    expect(categorise(debit('REIMBURSEMENT FEE'))?.category).toBe(OTHER_SPENDING); // not "REI"
    expect(categorise(debit('SHELLFISH SHACK'))?.category).toBe(OTHER_SPENDING); // not "SHELL"
    expect(categorise(debit('whole foods market'))?.category).toBe('Groceries'); // case does not matter
  });

  it('a refund (a credit in a spending category) lowers spending; anything unmatched is "Other"', () => {
    expect(categorise(credit('AMAZON.COM REFUND', 20))).toEqual({ category: 'Shopping', kind: 'spending', cents: -2000 });
    expect(categorise(credit('GIFT FROM AUNT', 50))).toEqual({ category: OTHER_INCOME, kind: 'income', cents: 5000 });
    expect(categorise(debit('MYSTERY MERCHANT', 7.5))).toEqual({ category: OTHER_SPENDING, kind: 'spending', cents: 750 });
  });

  it('ignores what does not move money: pending, authorizations, memos, zero amounts', () => {
    expect(categorise({ ...debit('SAFEWAY'), status: 'PENDING' })).toBeUndefined();
    expect(categorise({ ...debit('SAFEWAY'), status: 'AUTHORIZATION' })).toBeUndefined();
    expect(categorise({ ...debit('SAFEWAY'), debitCreditMemo: 'MEMO' })).toBeUndefined();
    expect(categorise(debit('SAFEWAY', 0))).toBeUndefined();
  });

  it('sorts every transaction of the 24 demo months into a named category (none left as "Other")', () => {
    const banks = buildDemoBanks(new Date('2025-06-30T00:00:00Z'), 24);
    const all = banks.flatMap((b) => b.customers.flatMap((c) => c.accounts.flatMap((a) => a.transactions)));
    expect(all.length).toBeGreaterThan(1000);
    const others = all.filter((t) => [OTHER_SPENDING, OTHER_INCOME].includes(categorise(t)?.category ?? ''));
    expect(others.map((t) => t.description)).toEqual([]);
    const used = new Set(all.map((t) => categorise(t)?.category));
    expect([...used].sort()).toEqual(CATEGORY_RULES.map((r) => r.category).sort());
  });
});
