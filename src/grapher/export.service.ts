import { Injectable } from '@nestjs/common';
import { PageError } from '../common/errors/page.errors.js';
import type { Visit } from './visit.js';
import { CATEGORY_RULES } from './picture/categories.js';
import type { Picture } from './picture/picture.types.js';
import { LoadedPicture, PictureService } from './picture.service.js';

type Row = [section: string, date: string, name: string, kind: string, value: number | null, currency: string];
type Cell = number | string | null;

/** The aggregated picture as a file: JSON for programs, CSV (one tidy table) for spreadsheets. */
@Injectable()
export class ExportService {
  constructor(private readonly pictures: PictureService) {}

  async json(visit: Visit, months: number) {
    const loaded = await this.connected(visit, months);
    const p = loaded.picture;
    return {
      generatedAt: loaded.asOf.toISOString(),
      months,
      period: { start: p.periodStart, end: p.dates[p.dates.length - 1] },
      currency: p.currency,
      totals: p.totals,
      dates: p.dates,
      netWorth: p.netWorth,
      byInstitution: p.byInstitution,
      accounts: p.accounts.map((a) => ({
        label: a.label,
        institution: a.institution,
        type: a.typeName,
        assetClass: a.assetClass,
        productName: a.productName,
        number: a.maskedNumber,
        currency: a.currency,
        balance: a.value,
        balanceAsOf: a.balanceAsOf,
        series: a.series,
      })),
      allocation: p.allocation,
      cashFlow: p.cashFlow,
      flows: p.flows,
      categories: p.categories,
      categoryRules: CATEGORY_RULES,
      accountsShared: loaded.accountsShared,
      failures: loaded.failures.map(({ label, kind, reason }) => ({ label, kind, reason })),
    };
  }

  async csv(visit: Visit, months: number): Promise<string> {
    const loaded = await this.connected(visit, months);
    return toCsv(csvRows(loaded.picture));
  }

  private async connected(visit: Visit, months: number): Promise<Extract<LoadedPicture, { connected: true }>> {
    const loaded = await this.pictures.load(visit, months);
    if (!loaded.connected) {
      throw new PageError(403, 'Not connected', loaded.ended || loaded.reconnect ? 'Your authorization server no longer accepts Grapher (the grant expired or was revoked). Reconnect, then export again.' : 'Connect Grapher to your authorization server first.');
    }
    return loaded;
  }
}

/** section, date (YYYY-MM-DD, or YYYY-MM for monthly flows), name, kind, value (empty before the history allowed), currency. */
export function csvRows(p: Picture): Row[] {
  const c = p.currency;
  const today = p.dates[p.dates.length - 1];
  const rows: Row[] = [];
  p.dates.forEach((d, i) => rows.push(['net_worth', d, 'Net worth', '', p.netWorth[i], c]));
  for (const inst of p.byInstitution) p.dates.forEach((d, i) => rows.push(['institution', d, inst.institution, '', inst.values[i], c]));
  for (const a of p.accounts) p.dates.forEach((d, i) => rows.push(['account_balance', d, a.label, a.assetClass, a.series[i], a.currency]));
  for (const a of p.accounts) rows.push(['account', a.balanceAsOf, a.label, `${a.typeName} ${a.maskedNumber}`.trim(), a.value, a.currency]);
  for (const v of p.allocation.byInstitution) rows.push(['allocation_institution', today, v.name, '', v.value, c]);
  for (const v of p.allocation.byClass) rows.push(['allocation_type', today, v.name, '', v.value, c]);
  p.cashFlow.months.forEach((m, i) => {
    rows.push(['income', m, 'Income', 'income', p.cashFlow.income[i], c]);
    rows.push(['spending', m, 'Spending', 'spending', p.cashFlow.spending[i], c]);
    rows.push(['saved', m, 'Saved', '', p.cashFlow.net[i], c]);
  });
  for (const cat of p.categories) p.cashFlow.months.forEach((m, i) => rows.push(['category', m, cat.category, cat.kind, cat.byMonth[i], c]));
  return rows;
}

/** RFC 4180, with text cells that a spreadsheet would run as a formula defused by a leading apostrophe. */
export function toCsv(rows: readonly (readonly Cell[])[], header = 'section,date,name,kind,value,currency'): string {
  const cell = (v: Cell): string => {
    if (v === null) return '';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
    const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}
