import { Injectable } from '@nestjs/common';
import { PageError } from '../common/errors/page.errors.js';
import { CategoryOverridesService } from './category-overrides.service.js';
import { ConnectionsService } from './connections.service.js';
import type { Visit } from './visit.js';
import { CATEGORY_RULES, OTHER_INCOME, OTHER_SPENDING } from './picture/categories.js';
import { filterRows, rowTotals, TransactionFilter, TransactionRow, transactionRows } from './picture/transactions.js';
import { LoadedPicture, PERIODS, PictureService } from './picture.service.js';
import { toCsv } from './export.service.js';

export const TRANSACTIONS_PER_PAGE = 100;

export interface TransactionsQuery extends TransactionFilter {
  months: number;
  page?: number;
}

/** The transaction list of the live picture: search, filters by account, category and period, and its export. */
@Injectable()
export class TransactionsService {
  constructor(
    private readonly pictures: PictureService,
    private readonly connections: ConnectionsService,
    private readonly overrides: CategoryOverridesService,
  ) {}

  /** Keeps the person's category for one transaction, then back to the list with a message. */
  async choose(visit: Visit, account: string, transactionId: string, category: string, back?: string): Promise<string> {
    const connection = await this.connections.current(visit);
    if (!connection) throw new PageError(403, 'Not connected', 'Connect Grapher to your authorization server first.');
    if (!(await this.overrides.set(connection.id, account, transactionId, category))) throw new PageError(400, 'Unknown category', 'Choose one of the categories the list offers.');
    visit.session.flash(category ? `Saved: that transaction now counts as ${category}, in the charts and the exports too.` : 'Saved: that transaction is sorted by the rules again.');
    return back && /^\/grapher\/transactions(\?[^#\\]*)?$/.test(back) ? back : '/grapher/transactions';
  }

  async page(visit: Visit, query: TransactionsQuery) {
    const loaded = await this.pictures.load(visit, query.months);
    if (!loaded.connected) return { connected: false, title: 'Transactions', csrf: visit.session.csrfToken() };
    const all = rowsOf(loaded);
    const rows = filterRows(all, query);
    const pages = Math.max(1, Math.ceil(rows.length / TRANSACTIONS_PER_PAGE));
    const page = Math.min(query.page ?? 1, pages);
    const filters = new URLSearchParams(Object.entries({ months: String(query.months), q: query.q ?? '', account: query.account ?? '', category: query.category ?? '' }).filter(([, v]) => v !== ''));
    const link = (n: number) => `/grapher/transactions?${new URLSearchParams([...filters, ['page', String(n)]]).toString()}`;
    const categories = [...new Set([...CATEGORY_RULES.map((r) => r.category), OTHER_SPENDING, OTHER_INCOME])];
    return {
      connected: true,
      title: 'Transactions',
      csrf: visit.session.csrfToken(),
      notice: visit.session.takeFlash(),
      back: link(page),
      query: { ...query, page },
      periods: PERIODS.map((p) => ({ months: p, current: p === query.months })),
      accounts: loaded.picture.accounts.map((a) => ({ label: a.label, selected: a.label === query.account })),
      categories: categories.map((c) => ({ name: c, selected: c === query.category })),
      rows: rows.slice((page - 1) * TRANSACTIONS_PER_PAGE, page * TRANSACTIONS_PER_PAGE),
      totals: rowTotals(rows),
      shownFrom: rows.length ? (page - 1) * TRANSACTIONS_PER_PAGE + 1 : 0,
      shownTo: Math.min(page * TRANSACTIONS_PER_PAGE, rows.length),
      of: all.length,
      filtered: rows.length !== all.length,
      prev: page > 1 ? link(page - 1) : undefined,
      next: page < pages ? link(page + 1) : undefined,
      exportQuery: filters.toString(),
      failures: loaded.failures,
      currency: loaded.picture.currency,
      period: { start: loaded.picture.periodStart, end: loaded.picture.dates[loaded.picture.dates.length - 1] },
    };
  }

  /** The filtered transactions, every page, for a program. */
  async json(visit: Visit, query: TransactionsQuery) {
    const loaded = await this.connected(visit, query.months);
    const rows = filterRows(rowsOf(loaded), query);
    return {
      generatedAt: loaded.asOf.toISOString(),
      period: { start: loaded.picture.periodStart, end: loaded.picture.dates[loaded.picture.dates.length - 1] },
      filter: { q: query.q ?? null, account: query.account ?? null, category: query.category ?? null },
      count: rows.length,
      transactions: rows,
      unavailable: loaded.failures.map(({ label, reason }) => ({ label, reason })),
    };
  }

  /** The filtered transactions as CSV (RFC 4180, formula cells defused). */
  async csv(visit: Visit, query: TransactionsQuery): Promise<string> {
    const loaded = await this.connected(visit, query.months);
    const rows = filterRows(rowsOf(loaded), query);
    return toCsv(
      rows.map((r) => [r.date, r.account, r.description, r.category, r.kind, r.amount, r.currency, r.id]),
      'date,account,description,category,kind,amount,currency,transaction_id',
    );
  }

  private async connected(visit: Visit, months: number): Promise<Extract<LoadedPicture, { connected: true }>> {
    const loaded = await this.pictures.load(visit, months);
    if (!loaded.connected) throw new PageError(403, 'Not connected', 'Connect Grapher to your authorization server first, then export again.');
    return loaded;
  }
}

function rowsOf(loaded: Extract<LoadedPicture, { connected: true }>): TransactionRow[] {
  const p = loaded.picture;
  return transactionRows(loaded.fetched, p.historyFrom ?? p.periodStart, p.dates[p.dates.length - 1]);
}
