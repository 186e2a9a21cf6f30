// Pure aggregation of fetched FDX accounts into Grapher's "picture":
// month-end net-worth history, per institution and per account.
//
// Sign rules (net-worth view):
//   value now = currentBalance (DEPOSIT_ACCOUNT), currentValue (INVESTMENT_ACCOUNT),
//               −currentBalance (LOC_ACCOUNT: currentBalance is the amount owed).
//   A POSTED CREDIT raises net worth by `amount`, a POSTED DEBIT lowers it, MEMO does
//   nothing; other statuses are ignored.
//   value at end of day D = value now − Σ(signed amounts posted on a day after D).
//
// All sums are done in integer cents.

import type { FdxAccount, FdxTransaction } from '../../common/fdx/fdx.types.js';
import { categorise } from './categories.js';
import type {
  AssetClass,
  CashFlow,
  CategoryTotal,
  FetchedAccount,
  FlowSummary,
  NamedValue,
  Picture,
  PictureAccount,
  PictureInstitution,
} from './picture.types.js';

const ISO_DAY = /^(\d{4}-\d{2}-\d{2})/;

function toCents(amount: number | undefined): number {
  if (amount === undefined || amount === null || !Number.isFinite(amount)) return 0;
  return Math.round(amount * 100);
}

function fromCents(cents: number): number {
  // `+ 0` turns a -0 into 0.
  return cents / 100 + 0;
}

/** The UTC calendar date of `d` as YYYY-MM-DD. */
export function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('Invalid date');
  return d.toISOString().slice(0, 10);
}

/**
 * ISO dates of the last day of each of the `months` months ending with asOf's month
 * (UTC calendar), oldest first; the last point is asOf's date itself.
 */
export function monthEnds(asOf: Date, months: number): string[] {
  if (!Number.isInteger(months) || months < 1) {
    throw new RangeError(`months must be a positive integer, got ${months}`);
  }
  const asOfDay = isoDate(asOf);
  const year = asOf.getUTCFullYear();
  const month = asOf.getUTCMonth();
  const out: string[] = [];
  for (let back = months - 1; back >= 1; back--) {
    // Day 0 of the following month = last day of month (month - back).
    out.push(isoDate(new Date(Date.UTC(year, month - back + 1, 0))));
  }
  out.push(asOfDay);
  return out;
}

/** Net-worth value of an account now, in cents. */
export function currentValueCents(account: FdxAccount): number {
  switch (account.accountCategory) {
    case 'DEPOSIT_ACCOUNT':
      return toCents(account.currentBalance);
    case 'INVESTMENT_ACCOUNT':
      return toCents(account.currentValue);
    case 'LOC_ACCOUNT':
      return -toCents(account.currentBalance);
    default:
      return 0;
  }
}

/** Signed effect of a transaction on net worth, in cents (0 unless POSTED CREDIT/DEBIT). */
export function signedCents(tx: FdxTransaction): number {
  if (tx.status !== 'POSTED') return 0;
  if (tx.debitCreditMemo === 'CREDIT') return toCents(tx.amount);
  if (tx.debitCreditMemo === 'DEBIT') return -toCents(tx.amount);
  return 0;
}

/**
 * The calendar day a transaction was posted, as written in its timestamp
 * (the bank's local date: "2025-01-31T23:30:00-05:00" → "2025-01-31").
 * Falls back to the UTC date of a parseable non-ISO timestamp; undefined if unparseable.
 */
export function postedDay(tx: FdxTransaction): string | undefined {
  const ts = tx.postedTimestamp ?? '';
  const m = ISO_DAY.exec(ts);
  if (m) return m[1];
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? undefined : isoDate(d);
}

function balanceSeriesCents(acc: FetchedAccount, dates: string[]): (number | null)[] {
  const now = currentValueCents(acc.account);
  const moves: { day: string; cents: number }[] = [];
  for (const tx of acc.transactions) {
    const cents = signedCents(tx);
    if (cents === 0) continue;
    const day = postedDay(tx);
    // A posted transaction without a usable date cannot be placed in time: it is
    // taken as already reflected in every point (i.e. not "after" any date).
    if (day === undefined) continue;
    moves.push({ day, cents });
  }
  return dates.map((d) => {
    // Before the history the bank serves, the transactions to roll back through are missing.
    if (acc.historyFrom && d < acc.historyFrom) return null;
    let after = 0;
    for (const mv of moves) if (mv.day > d) after += mv.cents;
    return now - after;
  });
}

function fromCentsOrNull(cents: number | null): number | null {
  return cents === null ? null : fromCents(cents);
}

/** Net-worth value of the account at the end of each date (YYYY-MM-DD), rounded to cents; null before its history. */
export function balanceSeries(acc: FetchedAccount, dates: string[]): (number | null)[] {
  return balanceSeriesCents(acc, dates).map(fromCentsOrNull);
}

const TYPE_NAMES: Record<string, string> = {
  CHECKING: 'Checking',
  SAVINGS: 'Savings',
  BROKERAGE: 'Brokerage',
  MUTUALFUND: 'Mutual fund',
  CREDITCARD: 'Credit card',
};

export function assetClass(account: FdxAccount): AssetClass {
  if (account.accountCategory === 'LOC_ACCOUNT') return 'Credit';
  if (account.accountCategory === 'INVESTMENT_ACCOUNT') return account.accountType === 'MUTUALFUND' ? 'Funds' : 'Investments';
  return 'Cash';
}

export const ASSET_CLASSES: readonly AssetClass[] = ['Cash', 'Investments', 'Funds', 'Credit'];

/** "••9874" from whatever the bank displays: never more than the last four characters. */
export function maskNumber(display: string | undefined): string {
  const tail = String(display ?? '').replace(/[^A-Za-z0-9]/g, '').slice(-4);
  return tail ? `••${tail}` : '';
}

/**
 * Income and spending per month (YYYY-MM) and totals per category, from the first day of the first
 * month to `until` (YYYY-MM-DD) inclusive. Transfers between accounts and market moves are in the
 * category totals but not in income or spending.
 */
export function cashFlow(accounts: FetchedAccount[], months: string[], until: string, historyFrom?: string): { cashFlow: CashFlow; categories: CategoryTotal[] } {
  const covered = (i: number) => !historyFrom || `${months[i]}-01` >= historyFrom;
  const index = new Map(months.map((m, i) => [m, i]));
  const income = months.map(() => 0);
  const spending = months.map(() => 0);
  const cats = new Map<string, { kind: CategoryTotal['kind']; cents: number[]; count: number }>();
  for (const acc of accounts) {
    for (const tx of acc.transactions) {
      const day = postedDay(tx);
      if (day === undefined || day > until) continue;
      const i = index.get(day.slice(0, 7));
      // A month before the history allowed is left out of both the cash flow and the categories, so the
      // two always agree on what "spending" means over the period.
      if (i === undefined || !covered(i)) continue;
      const c = categorise(tx, acc.categoryOverrides?.[tx.transactionId]);
      if (!c) continue;
      if (c.kind === 'income') income[i] += c.cents;
      if (c.kind === 'spending') spending[i] += c.cents;
      let cat = cats.get(c.category);
      if (!cat) {
        cat = { kind: c.kind, cents: months.map(() => 0), count: 0 };
        cats.set(c.category, cat);
      }
      cat.cents[i] += c.cents;
      cat.count++;
    }
  }
  const order: Record<CategoryTotal['kind'], number> = { spending: 0, income: 1, transfer: 2, market: 3 };
  const categories = [...cats]
    .map(([category, c]) => ({
      category,
      kind: c.kind,
      total: fromCents(c.cents.reduce((a, b) => a + b, 0)),
      count: c.count,
      byMonth: c.cents.map(fromCents),
    }))
    .sort((a, b) => order[a.kind] - order[b.kind] || b.total - a.total || a.category.localeCompare(b.category));
  const lastDay = Number(until.slice(8, 10));
  const monthLength = new Date(Date.UTC(Number(until.slice(0, 4)), Number(until.slice(5, 7)), 0)).getUTCDate();
  return {
    cashFlow: {
      months,
      ...(lastDay < monthLength ? { monthToDate: lastDay } : {}),
      income: income.map((v, i) => (covered(i) ? fromCents(v) : null)),
      spending: spending.map((v, i) => (covered(i) ? fromCents(v) : null)),
      net: income.map((v, i) => (covered(i) ? fromCents(v - spending[i]) : null)),
    },
    categories,
  };
}

/**
 * The one definition of income and spending over the period, shown once on the page: totals over the
 * months the history covers (the current month to date included), and monthly averages over the
 * complete months only — a month that has just begun would drag every average down.
 */
export function flowSummary(flow: CashFlow): FlowSummary {
  const sum = (values: (number | null)[]) => fromCents(values.reduce((s: number, v) => s + Math.round((v ?? 0) * 100), 0));
  const complete = flow.months.map((_, i) => i).filter((i) => flow.income[i] !== null && !(flow.monthToDate && i === flow.months.length - 1));
  const average = (values: (number | null)[]) => (complete.length ? Math.round(complete.reduce((s, i) => s + Math.round((values[i] ?? 0) * 100), 0) / complete.length) / 100 + 0 : null);
  return {
    income: sum(flow.income),
    spending: sum(flow.spending),
    saved: sum(flow.net),
    monthsCovered: flow.income.filter((v) => v !== null).length,
    completeMonths: complete.length,
    averageIncome: average(flow.income),
    averageSpending: average(flow.spending),
    averageSaved: average(flow.net),
  };
}

/** Sums per name, in order of first appearance, or in `order` when given (names without entries left out). */
function sumByName(entries: { name: string; cents: number }[], order?: readonly string[]): NamedValue[] {
  const sums = new Map<string, number>();
  for (const e of entries) sums.set(e.name, (sums.get(e.name) ?? 0) + e.cents);
  const names = order ? order.filter((n) => sums.has(n)) : [...sums.keys()];
  return names.map((name) => ({ name, value: fromCents(sums.get(name) ?? 0) }));
}

/** The whole picture: `months` month-end points ending with asOf's date. */
export function buildPicture(accounts: FetchedAccount[], asOf: Date, months = 12): Picture {
  const dates = monthEnds(asOf, months);
  const zeros = (): number[] => dates.map(() => 0);

  const netCents: (number | null)[] = zeros();
  const instCents = new Map<string, (number | null)[]>();
  const pictureAccounts: PictureAccount[] = [];
  let assetsCents = 0;
  let liabilitiesCents = 0;

  for (const acc of accounts) {
    const series = balanceSeriesCents(acc, dates);
    const valueCents = currentValueCents(acc.account);
    if (valueCents >= 0) assetsCents += valueCents;
    else liabilitiesCents -= valueCents;

    let inst = instCents.get(acc.institution);
    if (!inst) {
      inst = zeros();
      instCents.set(acc.institution, inst);
    }
    series.forEach((c, i) => {
      netCents[i] = c === null || netCents[i] === null ? null : (netCents[i] as number) + c;
      inst[i] = c === null || inst[i] === null ? null : (inst[i] as number) + c;
    });

    pictureAccounts.push({
      label: acc.label,
      institution: acc.institution,
      accountCategory: acc.account.accountCategory,
      accountType: acc.account.accountType,
      typeName: TYPE_NAMES[acc.account.accountType] ?? String(acc.account.accountType ?? ''),
      assetClass: assetClass(acc.account),
      productName: acc.account.productName ?? '',
      accountNumberDisplay: acc.account.accountNumberDisplay,
      maskedNumber: maskNumber(acc.account.accountNumberDisplay),
      balanceAsOf: acc.account.balanceAsOf ?? '',
      currency: acc.account.currency?.currencyCode ?? '',
      value: fromCents(valueCents),
      series: series.map(fromCentsOrNull),
    });
  }

  const byInstitution: PictureInstitution[] = [...instCents].map(([institution, cents]) => ({
    institution,
    values: cents.map(fromCentsOrNull),
  }));

  const codes = new Set(pictureAccounts.map((a) => a.currency));
  const currency = codes.size === 1 ? [...codes][0] || 'MIXED' : 'MIXED';
  const values = pictureAccounts.map((a) => ({ institution: a.institution, assetClass: a.assetClass, cents: Math.round(a.value * 100) }));
  const periodStart = `${dates[0].slice(0, 7)}-01`;
  const latestHistory = accounts.map((a) => a.historyFrom).filter((h): h is string => !!h).sort().pop();
  const historyFrom = latestHistory && latestHistory > periodStart ? latestHistory : undefined;
  const flows = cashFlow(accounts, dates.map((d) => d.slice(0, 7)), dates[dates.length - 1], historyFrom);

  return {
    dates,
    netWorth: netCents.map(fromCentsOrNull),
    byInstitution,
    accounts: pictureAccounts,
    totals: {
      assets: fromCents(assetsCents),
      liabilities: fromCents(liabilitiesCents),
      netWorth: fromCents(assetsCents - liabilitiesCents),
    },
    currency,
    allocation: {
      byInstitution: sumByName(values.map((v) => ({ name: v.institution, cents: v.cents }))),
      byClass: sumByName(values.map((v) => ({ name: v.assetClass, cents: v.cents })), ASSET_CLASSES),
    },
    cashFlow: flows.cashFlow,
    flows: flowSummary(flows.cashFlow),
    categories: flows.categories,
    periodStart,
    ...(historyFrom ? { historyFrom } : {}),
  };
}
