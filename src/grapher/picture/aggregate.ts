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
import type {
  FetchedAccount,
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

function balanceSeriesCents(acc: FetchedAccount, dates: string[]): number[] {
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
    let after = 0;
    for (const mv of moves) if (mv.day > d) after += mv.cents;
    return now - after;
  });
}

/** Net-worth value of the account at the end of each date (YYYY-MM-DD), rounded to cents. */
export function balanceSeries(acc: FetchedAccount, dates: string[]): number[] {
  return balanceSeriesCents(acc, dates).map(fromCents);
}

/** The whole picture: `months` month-end points ending with asOf's date. */
export function buildPicture(accounts: FetchedAccount[], asOf: Date, months = 12): Picture {
  const dates = monthEnds(asOf, months);
  const zeros = (): number[] => dates.map(() => 0);

  const netCents = zeros();
  const instCents = new Map<string, number[]>();
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
      netCents[i] += c;
      inst[i] += c;
    });

    pictureAccounts.push({
      label: acc.label,
      institution: acc.institution,
      accountCategory: acc.account.accountCategory,
      accountType: acc.account.accountType,
      accountNumberDisplay: acc.account.accountNumberDisplay,
      currency: acc.account.currency?.currencyCode ?? '',
      value: fromCents(valueCents),
      series: series.map(fromCents),
    });
  }

  const byInstitution: PictureInstitution[] = [...instCents].map(([institution, cents]) => ({
    institution,
    values: cents.map(fromCents),
  }));

  const codes = new Set(pictureAccounts.map((a) => a.currency));
  const currency = codes.size === 1 ? [...codes][0] || 'MIXED' : 'MIXED';

  return {
    dates,
    netWorth: netCents.map(fromCents),
    byInstitution,
    accounts: pictureAccounts,
    totals: {
      assets: fromCents(assetsCents),
      liabilities: fromCents(liabilitiesCents),
      netWorth: fromCents(assetsCents - liabilitiesCents),
    },
    currency,
  };
}
