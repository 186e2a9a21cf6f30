// How Grapher sorts transactions: an ordered list of rules, shown to the person as it is.
// The first rule that matches wins. A rule matches when the description contains one of its
// keywords as whole words (case-insensitive), or when the FDX transactionType is one of its types.
// Only POSTED credits and debits are sorted; anything no rule matches is "Other spending" (a debit)
// or "Other income" (a credit).

import type { FdxTransaction } from '../../common/fdx/fdx.types.js';

/** income and spending make the cash flow; transfers and market moves change net worth only. */
export type FlowKind = 'income' | 'spending' | 'transfer' | 'market';

export interface CategoryRule {
  category: string;
  kind: FlowKind;
  keywords: string[];
  transactionTypes?: string[];
}

export const OTHER_SPENDING = 'Other spending';
export const OTHER_INCOME = 'Other income';

export const CATEGORY_RULES: readonly CategoryRule[] = [
  {
    category: 'Transfers between your accounts',
    kind: 'transfer',
    keywords: ['CARD PAYMENT', 'PAYMENT - THANK YOU', 'ONLINE TRANSFER', 'ACH TRANSFER', 'ACH DEPOSIT FROM', 'FUNDCO PURCHASE', 'AUTOMATIC INVESTMENT PLAN'],
    transactionTypes: ['PURCHASED', 'SOLD', 'DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'CONTRIBUTION'],
  },
  { category: 'Market moves', kind: 'market', keywords: ['MARKET REVALUATION'], transactionTypes: ['ADJUSTMENT'] },
  { category: 'Salary', kind: 'income', keywords: ['PAYROLL', 'SALARY', 'DIRECT DEP'] },
  { category: 'Interest', kind: 'income', keywords: ['INTEREST'], transactionTypes: ['INTEREST'] },
  { category: 'Dividends', kind: 'income', keywords: ['DIVIDEND'], transactionTypes: ['DIVIDEND'] },
  { category: 'Housing', kind: 'spending', keywords: ['RENT', 'MORTGAGE', 'APARTMENTS'] },
  { category: 'Bills & utilities', kind: 'spending', keywords: ['PG&E', 'COMCAST', 'XFINITY', 'VERIZON', 'UTIL BILL', 'UTILITY'] },
  { category: 'Subscriptions', kind: 'spending', keywords: ['NETFLIX', 'SPOTIFY', 'DISNEY PLUS', 'APPLE.COM/BILL'] },
  { category: 'Groceries', kind: 'spending', keywords: ['WHOLE FOODS', "TRADER JOE'S", 'SAFEWAY', 'COSTCO'] },
  { category: 'Restaurants', kind: 'spending', keywords: ['CHIPOTLE', 'SWEETGREEN', 'NOPA', 'TACOLICIOUS', 'RESTAURANT'] },
  { category: 'Coffee', kind: 'spending', keywords: ['BLUE BOTTLE', 'STARBUCKS'] },
  { category: 'Transport', kind: 'spending', keywords: ['SHELL', 'CHEVRON', 'UBER', 'LYFT'] },
  { category: 'Shopping', kind: 'spending', keywords: ['AMAZON', 'TARGET', 'REI'] },
  { category: 'Travel', kind: 'spending', keywords: ['AIRLINES', 'AIR LINES', 'MARRIOTT', 'HOTEL'] },
  { category: 'Health', kind: 'spending', keywords: ['CVS', 'PHARMACY'] },
  { category: 'Cash withdrawals', kind: 'spending', keywords: ['ATM'] },
];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

interface CompiledRule {
  rule: CategoryRule;
  pattern: RegExp | undefined;
  types: Set<string>;
}

function compile(rules: readonly CategoryRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    rule,
    // Whole words: no letter or digit right before or after the keyword.
    pattern: rule.keywords.length ? new RegExp(`(?<![A-Z0-9])(?:${rule.keywords.map((k) => escapeRegExp(k.toUpperCase())).join('|')})(?![A-Z0-9])`) : undefined,
    types: new Set((rule.transactionTypes ?? []).map((t) => t.toUpperCase())),
  }));
}

const COMPILED = compile(CATEGORY_RULES);

export interface Categorised {
  category: string;
  kind: FlowKind;
  /** Signed effect on its kind's total: a debit adds to spending, a credit (a refund) takes from it; the reverse for income. */
  cents: number;
}

/** Every category a person can choose, with what it counts as. */
export function categoryKinds(): Map<string, FlowKind> {
  return new Map<string, FlowKind>([...CATEGORY_RULES.map((r): [string, FlowKind] => [r.category, r.kind]), [OTHER_SPENDING, 'spending'], [OTHER_INCOME, 'income']]);
}

const KINDS = categoryKinds();

/**
 * The category of one transaction, or undefined when it does not count (not POSTED, or a MEMO).
 * `chosen`, a category the person picked for it, wins over the rules.
 */
export function categorise(tx: FdxTransaction, chosen?: string): Categorised | undefined {
  if (tx.status !== 'POSTED' || (tx.debitCreditMemo !== 'CREDIT' && tx.debitCreditMemo !== 'DEBIT')) return undefined;
  const amount = Number.isFinite(tx.amount) ? Math.round(Math.abs(tx.amount) * 100) : 0;
  if (amount === 0) return undefined;
  const description = String(tx.description ?? '').toUpperCase();
  const type = String(tx.transactionType ?? '').toUpperCase();
  const credit = tx.debitCreditMemo === 'CREDIT';
  const hit = chosen && KINDS.has(chosen) ? undefined : COMPILED.find((c) => c.pattern?.test(description) || (type !== '' && c.types.has(type)));
  const category = chosen && KINDS.has(chosen) ? chosen : (hit?.rule.category ?? (credit ? OTHER_INCOME : OTHER_SPENDING));
  const kind: FlowKind = KINDS.get(category) ?? (credit ? 'income' : 'spending');
  const cents = kind === 'spending' ? (credit ? -amount : amount) : credit ? amount : -amount;
  return { category, kind, cents };
}
