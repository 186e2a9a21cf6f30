import type {
  FdxAccount,
  FdxAccountCategory,
  FdxAccountType,
  FdxTransaction,
} from '../../common/fdx/fdx.types.js';

/** One account as Grapher fetched it from a bank. */
export interface FetchedAccount {
  /** e.g. "Bank of Astoria — Checking ••9874" (unique across the picture). */
  label: string;
  /** e.g. "Bank of Astoria" */
  institution: string;
  account: FdxAccount;
  /** Any order. */
  transactions: FdxTransaction[];
  /** First day the bank serves transactions for (the history the person allowed), when known. */
  historyFrom?: string;
  /** Categories the person chose, by the bank's transaction id: they win over the rules. */
  categoryOverrides?: Record<string, string>;
}

export interface PictureInstitution {
  institution: string;
  /** Sum of that institution's accounts, one value per `Picture.dates` entry; null before the history allowed. */
  values: (number | null)[];
}

/** What an account is, for allocation: money held, investments, funds, or debt. */
export type AssetClass = 'Cash' | 'Investments' | 'Funds' | 'Credit';

export interface PictureAccount {
  label: string;
  institution: string;
  accountCategory: FdxAccountCategory;
  accountType: FdxAccountType;
  /** e.g. "Checking", "Mutual fund", "Credit card". */
  typeName: string;
  assetClass: AssetClass;
  /** The bank's product name, e.g. "Astoria Everyday Checking". */
  productName: string;
  accountNumberDisplay: string;
  /** Only the last four characters of the number, e.g. "••9874". */
  maskedNumber: string;
  /** When the bank last updated the balance (its balanceAsOf), as given. */
  balanceAsOf: string;
  currency: string;
  /** Net-worth value now (from the account's current balance / value; negative for debt). */
  value: number;
  /** Net-worth value at the end of each `Picture.dates` entry; null where it is before the history allowed. */
  series: (number | null)[];
}

export interface PictureTotals {
  /** Sum of the accounts whose value now is positive. */
  assets: number;
  /** Amount owed: minus the sum of the accounts whose value now is negative (a positive number). */
  liabilities: number;
  /** assets − liabilities */
  netWorth: number;
}

export interface NamedValue {
  name: string;
  value: number;
}

export interface CashFlow {
  /** YYYY-MM, one per `Picture.dates` entry; the last month runs to the as-of date. */
  months: string[];
  /** The day of the month the last month runs to, when that month is not over (month to date). */
  monthToDate?: number;
  /** null for a month before the history allowed. */
  income: (number | null)[];
  spending: (number | null)[];
  /** income − spending */
  net: (number | null)[];
}

/** Income and spending over the period, by the one definition both charts use. */
export interface FlowSummary {
  income: number;
  spending: number;
  /** income − spending */
  saved: number;
  /** Months with history, the current month to date included. */
  monthsCovered: number;
  /** Months with history that are over: the averages' months. */
  completeMonths: number;
  /** Per complete month; null when no month is complete. */
  averageIncome: number | null;
  averageSpending: number | null;
  averageSaved: number | null;
}

export interface CategoryTotal {
  category: string;
  kind: 'income' | 'spending' | 'transfer' | 'market';
  /** Over the whole period: spending and income as positive amounts, transfers and market moves net. */
  total: number;
  count: number;
  /** One per `CashFlow.months` entry. */
  byMonth: number[];
}

export interface Picture {
  /** ISO dates (YYYY-MM-DD), oldest first; the last one is the as-of date. */
  dates: string[];
  /** Sum over all accounts, per date; null where some account's history does not reach. */
  netWorth: (number | null)[];
  /** In order of first appearance in the input. */
  byInstitution: PictureInstitution[];
  /** In input order. */
  accounts: PictureAccount[];
  totals: PictureTotals;
  /** The currency code shared by every account, or 'MIXED'. */
  currency: string;
  /** Net worth now by institution and by asset class (credit negative), in picture order. */
  allocation: { byInstitution: NamedValue[]; byClass: NamedValue[] };
  cashFlow: CashFlow;
  /** Totals and monthly averages of `cashFlow`: the figures the page states once. */
  flows: FlowSummary;
  /** Every category with at least one transaction in the period: spending first, largest first. */
  categories: CategoryTotal[];
  /** First day of the period (YYYY-MM-DD). */
  periodStart: string;
  /** The latest first day of history any account allows, when the period starts before it. */
  historyFrom?: string;
  /** Accounts shared with Grapher that could not be fetched (their labels): not in any figure above. */
  unavailable?: string[];
}
