// What the picture page says in words beside the charts: which accounts the totals include, the one
// statement of income and spending, and the categorisation rules. Pure: no request, no I/O.

import { flowPeriod } from './charts.js';
import { CATEGORY_RULES, OTHER_INCOME, OTHER_SPENDING } from './categories.js';
import type { Picture } from './picture.types.js';

export interface Coverage {
  /** Every shared account is in the figures. */
  complete: boolean;
  drawn: number;
  shared: number;
  /** "All 5 accounts shared" or "4 of 5 accounts; Monami Card — Platinum ••1204 unavailable". */
  text: string;
  unavailable: string[];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the totals include: never a silent gap when a bank did not answer. */
export function coverage(picture: Picture, shared: number): Coverage {
  const unavailable = picture.unavailable ?? [];
  const drawn = picture.accounts.length;
  const total = Math.max(shared, drawn + unavailable.length);
  const complete = unavailable.length === 0;
  const text = complete
    ? `${total === 1 ? 'the 1 account' : `all ${total} accounts`} shared with Grapher`
    : `${drawn} of ${plural(total, 'account')}; ${unavailable.join(', ')} unavailable`;
  return { complete, drawn, shared: total, text, unavailable };
}

/** The period's income and spending, once, with monthly averages over complete months. */
export function flowsView(picture: Picture) {
  const f = picture.flows;
  return {
    ...f,
    period: flowPeriod(picture),
    monthToDate: picture.cashFlow.monthToDate !== undefined,
    completeMonthsText: plural(f.completeMonths, 'complete month'),
  };
}

/** The categorisation rules as the page shows them, with what each matched in this period. */
export function rulesTable(picture: Picture) {
  const kinds = { income: 'Income', spending: 'Spending', transfer: 'Neither (transfer)', market: 'Neither (market value)' };
  const found = new Map(picture.categories.map((c) => [c.category, c]));
  const rows = CATEGORY_RULES.map((r) => ({
    category: r.category,
    kind: kinds[r.kind],
    keywords: r.keywords.join(', '),
    types: (r.transactionTypes ?? []).join(', '),
    count: found.get(r.category)?.count ?? 0,
    total: found.get(r.category)?.total ?? 0,
  }));
  for (const [category, kind, what] of [
    [OTHER_SPENDING, 'Spending', 'any other debit'],
    [OTHER_INCOME, 'Income', 'any other credit'],
  ] as const) {
    rows.push({ category, kind, keywords: what, types: '', count: found.get(category)?.count ?? 0, total: found.get(category)?.total ?? 0 });
  }
  return rows;
}
