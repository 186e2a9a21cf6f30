// The transaction list: every posted transaction of the period, newest first, with the category the
// picture sorted it into — filtered by text, account and category. Pure: no request, no I/O.

import { postedDay } from './aggregate.js';
import { categorise } from './categories.js';
import type { FetchedAccount } from './picture.types.js';

export interface TransactionRow {
  /** YYYY-MM-DD, as the bank dated it. */
  date: string;
  /** The account's label, e.g. "Bank of Astoria — Checking ••9874". */
  account: string;
  institution: string;
  description: string;
  category: string;
  kind: 'income' | 'spending' | 'transfer' | 'market';
  /** Signed effect on the account's value: + a credit, − a debit. */
  amount: number;
  currency: string;
  /** The bank's transaction id. */
  id: string;
  /** The person chose this category (over the rules' guess). */
  corrected: boolean;
}

export interface TransactionFilter {
  /** Case-insensitive text found in the description. */
  q?: string;
  /** An account label. */
  account?: string;
  /** A category name. */
  category?: string;
}

/** Every posted credit or debit of the accounts from `from` to `until` (YYYY-MM-DD, inclusive), newest first. */
export function transactionRows(accounts: FetchedAccount[], from: string, until: string): TransactionRow[] {
  const rows: TransactionRow[] = [];
  for (const acc of accounts) {
    const currency = acc.account.currency?.currencyCode ?? '';
    for (const tx of acc.transactions) {
      const day = postedDay(tx);
      if (!day || day < from || day > until) continue;
      if (acc.historyFrom && day < acc.historyFrom) continue;
      const chosen = acc.categoryOverrides?.[tx.transactionId];
      const c = categorise(tx, chosen);
      if (!c) continue;
      const cents = Math.round(Math.abs(tx.amount) * 100) * (tx.debitCreditMemo === 'CREDIT' ? 1 : -1);
      rows.push({ date: day, account: acc.label, institution: acc.institution, description: String(tx.description ?? ''), category: c.category, kind: c.kind, amount: cents / 100 + 0, currency, id: String(tx.transactionId ?? ''), corrected: chosen !== undefined && chosen === c.category });
    }
  }
  return rows.sort((a, b) => b.date.localeCompare(a.date) || a.account.localeCompare(b.account) || a.id.localeCompare(b.id));
}

/** The rows that match every filter given. */
export function filterRows(rows: TransactionRow[], filter: TransactionFilter): TransactionRow[] {
  const q = filter.q?.trim().toUpperCase();
  return rows.filter(
    (r) => (!q || r.description.toUpperCase().includes(q)) && (!filter.account || r.account === filter.account) && (!filter.category || r.category === filter.category),
  );
}

/** Money in and out of the rows shown (a transfer counts on both sides of its two accounts). */
export function rowTotals(rows: TransactionRow[]): { credits: number; debits: number; count: number } {
  let credits = 0;
  let debits = 0;
  for (const r of rows) {
    const cents = Math.round(r.amount * 100);
    if (cents > 0) credits += cents;
    else debits -= cents;
  }
  return { credits: credits / 100 + 0, debits: debits / 100 + 0, count: rows.length };
}
