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
}

export interface PictureInstitution {
  institution: string;
  /** Sum of that institution's accounts, one value per `Picture.dates` entry. */
  values: number[];
}

export interface PictureAccount {
  label: string;
  institution: string;
  accountCategory: FdxAccountCategory;
  accountType: FdxAccountType;
  accountNumberDisplay: string;
  currency: string;
  /** Net-worth value now (from the account's current balance / value; negative for debt). */
  value: number;
  /** Net-worth value at the end of each `Picture.dates` entry. */
  series: number[];
}

export interface PictureTotals {
  /** Sum of the accounts whose value now is positive. */
  assets: number;
  /** Amount owed: minus the sum of the accounts whose value now is negative (a positive number). */
  liabilities: number;
  /** assets − liabilities */
  netWorth: number;
}

export interface Picture {
  /** ISO dates (YYYY-MM-DD), oldest first; the last one is the as-of date. */
  dates: string[];
  /** Sum over all accounts, per date. */
  netWorth: number[];
  /** In order of first appearance in the input. */
  byInstitution: PictureInstitution[];
  /** In input order. */
  accounts: PictureAccount[];
  totals: PictureTotals;
  /** The currency code shared by every account, or 'MIXED'. */
  currency: string;
}
