// Server-side SVG charts of a Picture, rendered with ECharts SSR.
//
// Every function returns standalone `<svg …>` markup that can be inlined in an HTML page:
//  - ECharts escapes every text it draws (labels, legend, titles, axis labels);
//  - the ids / CSS classes ECharts generates ("zr0-…") are re-scoped to a random
//    per-chart prefix so two inlined charts never clash, even if rendered by
//    different processes (the hover <style> block is global to the page);
//  - the root element gets role="img", an aria-label and a <title>.

import { randomBytes } from 'node:crypto';
import type * as echarts from 'echarts';
import { createRequire } from 'node:module';
import type { Picture } from './picture.types.js';

export interface ChartSize {
  width?: number;
  height?: number;
}

/** Okabe–Ito colour-blind-safe palette (yellow last: weakest contrast on white). */
export const PALETTE = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#D55E00', // vermillion
  '#999999', // grey
  '#F0E442', // yellow
];
const NET_WORTH_COLOR = '#1F2937';
const TEXT_COLOR = '#1F2937';
const MUTED_TEXT = '#4B5563';
const NET_WORTH_SERIES = 'Net worth';
const LEGEND_GAP = 24;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// ---------------------------------------------------------------- formatting

function numberFormat(currency: string, compact: boolean): Intl.NumberFormat {
  const base: Intl.NumberFormatOptions = compact
    ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }
    : { minimumFractionDigits: 0, maximumFractionDigits: 0 };
  try {
    return new Intl.NumberFormat('en-US', { ...base, style: 'currency', currency });
  } catch {
    // 'MIXED' or an unknown code: plain numbers.
    return new Intl.NumberFormat('en-US', base);
  }
}

/** "$12,346" (whole units), or "12,346" when the currency is MIXED / unknown. */
export function formatMoney(value: number, currency: string): string {
  return numberFormat(currency, false).format(value);
}

/** "$12.3K" — for axis ticks. */
export function formatMoneyCompact(value: number, currency: string): string {
  return numberFormat(currency, true).format(value);
}

/** "2025-03-31" → "Mar 2025". */
export function monthLabel(isoDate: string): string {
  const [y, m] = isoDate.split('-');
  const name = MONTHS[Number(m) - 1];
  return name ? `${name} ${y}` : isoDate;
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function sumCents(values: (number | null)[]): number {
  return values.reduce((s: number, v) => s + Math.round((v ?? 0) * 100), 0) / 100 + 0;
}

function institutionColors(p: Picture): Map<string, string> {
  const colors = new Map<string, string>();
  const names = [...p.byInstitution.map((b) => b.institution), ...p.accounts.map((a) => a.institution)];
  for (const name of names) {
    if (!colors.has(name)) colors.set(name, PALETTE[colors.size % PALETTE.length]);
  }
  return colors;
}

// ---------------------------------------------------------------- rendering

/**
 * Makes ECharts' generated ids and CSS classes unique to this chart. Only attribute
 * contexts are touched (text content is escaped by ECharts, so it cannot contain `="`).
 */
function scopeIds(svg: string): string {
  const prefix = `g${randomBytes(4).toString('hex')}-`;
  return svg
    .replace(/(\s(?:id|class)=")zr\d+-/g, `$1${prefix}`)
    .replace(/(="url\(#)zr\d+-/g, `$1${prefix}`)
    .replace(/(href="#)zr\d+-/g, `$1${prefix}`)
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, (css) => css.replace(/\.zr\d+-/g, `.${prefix}`));
}

/** Adds role="img", aria-label and a <title> to the root <svg>. */
function labelSvg(svg: string, label: string): string {
  const safe = escapeXml(label);
  return svg.replace(/^<svg\b([^>]*)>/, `<svg$1 role="img" aria-label="${safe}"><title>${safe}</title>`);
}

/**
 * ECharts, loaded on the first chart rather than at start-up, and as its one-file CommonJS bundle: its
 * ES module tree costs about a second of CPU to load, the bundle a sixth of that (a fast first start).
 */
let library: typeof echarts | undefined;
function echartsLibrary(): typeof echarts {
  return (library ??= createRequire(import.meta.url)('echarts') as typeof echarts);
}

function render(option: echarts.EChartsOption, title: string, width: number, height: number): string {
  const chart = echartsLibrary().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      backgroundColor: 'transparent',
      // Helvetica/Arial: the metrics ECharts assumes when it lays out text without a canvas.
      // No quotes here: ECharts copies the font into a style="…" attribute unescaped.
      textStyle: { fontFamily: 'Helvetica, Arial, sans-serif' },
      ...option,
    });
    return labelSvg(scopeIds(chart.renderToSVGString({ useViewBox: true })), title);
  } finally {
    chart.dispose();
  }
}

function titleOption(text: string, subtext: string): echarts.TitleComponentOption {
  return {
    text,
    subtext,
    left: 16,
    top: 12,
    textStyle: { color: TEXT_COLOR, fontSize: 18, fontWeight: 600 },
    subtextStyle: { color: MUTED_TEXT, fontSize: 12 },
  };
}

function valueAxis(currency: string): echarts.YAXisComponentOption {
  return {
    type: 'value',
    axisLabel: { color: MUTED_TEXT, formatter: (v: number) => formatMoneyCompact(v, currency) },
    splitLine: { lineStyle: { color: '#E5E7EB' } },
  };
}

function lastDate(p: Picture): string {
  return p.dates[p.dates.length - 1] ?? '';
}

// ---------------------------------------------------------------- charts

const NET_WORTH_TITLE = 'Net worth over time';
const BALANCE_TITLE = 'Balance by account';
const INSTITUTION_TITLE = 'Net worth by institution';

/** Per institution and date: the sum of its accounts above zero and the sum of those below zero. */
export function institutionParts(p: Picture): { institution: string; color: string; assets: (number | null)[]; debts: (number | null)[] }[] {
  return [...institutionColors(p)].map(([institution, color]) => {
    const accounts = p.accounts.filter((a) => a.institution === institution);
    const part = (keep: (v: number) => boolean): (number | null)[] =>
      p.dates.map((_, i) => (accounts.some((a) => a.series[i] === null) ? null : sumCents(accounts.map((a) => a.series[i] ?? 0).filter(keep))));
    return { institution, color, assets: part((v) => v > 0), debts: part((v) => v < 0) };
  });
}

/** ECharts option of `netWorthChart`. */
export function netWorthChartOption(p: Picture): echarts.EChartsOption {
  const parts = institutionParts(p);
  const series: echarts.SeriesOption[] = [];
  for (const { institution, color, assets, debts } of parts) {
    const hasDebts = debts.some((v) => v !== 0 && v !== null);
    // Both halves share the institution's name, so the legend shows (and toggles) it once.
    if (!hasDebts || assets.some((v) => v !== 0 && v !== null)) {
      series.push({ name: institution, type: 'bar', stack: 'worth', barMaxWidth: 40, itemStyle: { color }, data: assets });
    }
    if (hasDebts) {
      series.push({
        name: institution,
        type: 'bar',
        stack: 'worth',
        barMaxWidth: 40,
        itemStyle: { color, opacity: 0.55, borderColor: color, borderWidth: 1 },
        data: debts,
      });
    }
  }
  series.push({
    name: NET_WORTH_SERIES,
    type: 'line',
    z: 10,
    symbol: 'circle',
    symbolSize: 7,
    itemStyle: { color: NET_WORTH_COLOR },
    lineStyle: { color: NET_WORTH_COLOR, width: 2.5 },
    data: p.netWorth,
  });

  const latest = p.netWorth[p.netWorth.length - 1] ?? 0;
  return {
    title: titleOption(
      NET_WORTH_TITLE,
      `${formatMoney(latest, p.currency)} on ${lastDate(p)} · month-end values, debts below zero`,
    ),
    legend: {
      top: 62,
      left: 16,
      right: 16,
      data: [...parts.map((x) => x.institution), NET_WORTH_SERIES],
      itemGap: LEGEND_GAP,
      textStyle: { color: TEXT_COLOR },
    },
    grid: { left: 80, right: 24, top: 110, bottom: 40 },
    xAxis: {
      type: 'category',
      data: p.dates.map(monthLabel),
      axisLabel: { color: MUTED_TEXT },
      axisTick: { alignWithLabel: true },
    },
    yAxis: valueAxis(p.currency),
    series,
  };
}

/**
 * Stacked bars per institution over time (assets above zero; debts below zero in the
 * institution's colour, lighter) plus the net-worth line.
 */
export function netWorthChart(p: Picture, size: ChartSize = {}): string {
  return render(netWorthChartOption(p), NET_WORTH_TITLE, size.width ?? 800, size.height ?? 420);
}

/** Rough width of a text in px (SSR has no font metrics; errs on the wide side). */
function textWidth(text: string, fontSize = 12): number {
  return Math.ceil(text.length * fontSize * 0.62);
}

/** Height the bottom legend of `balanceChart` needs: items are laid out in rows. */
function legendHeight(p: Picture, width: number): number {
  const available = width - 32;
  let rows = 1;
  let used = 0;
  for (const a of p.accounts) {
    const item = 25 + 5 + textWidth(a.label) + LEGEND_GAP;
    if (used > 0 && used + item > available) {
      rows++;
      used = 0;
    }
    used += item;
  }
  return rows * 24;
}

/** ECharts option of `balanceChart`. */
export function balanceChartOption(p: Picture, width = 800): echarts.EChartsOption {
  const legendH = legendHeight(p, width);
  const colors = institutionColors(p);
  return {
    title: titleOption(BALANCE_TITLE, `Month-end values to ${lastDate(p)} · debts are negative`),
    legend: {
      bottom: 12,
      left: 16,
      right: 16,
      data: p.accounts.map((a) => a.label),
      itemGap: LEGEND_GAP,
      textStyle: { color: TEXT_COLOR },
    },
    grid: { left: 80, right: 24, top: 72, bottom: 56 + legendH },
    xAxis: {
      type: 'category',
      data: p.dates.map(monthLabel),
      boundaryGap: false,
      axisLabel: { color: MUTED_TEXT },
    },
    yAxis: valueAxis(p.currency),
    // In its institution's colour, as in the other charts; a second account of one institution is dashed.
    series: p.accounts.map(
      (a, i): echarts.SeriesOption => ({
        name: a.label,
        type: 'line',
        symbol: p.accounts.findIndex((b) => b.institution === a.institution) === i ? 'circle' : 'emptyCircle',
        symbolSize: 6,
        lineStyle: { width: 2, type: p.accounts.findIndex((b) => b.institution === a.institution) === i ? 'solid' : 'dashed' },
        itemStyle: { color: colors.get(a.institution) ?? PALETTE[i % PALETTE.length] },
        data: a.series,
      }),
    ),
  };
}

/** One line per account (legend = account labels). */
export function balanceChart(p: Picture, size: ChartSize = {}): string {
  const width = size.width ?? 800;
  const height = size.height ?? 360 + legendHeight(p, width);
  return render(balanceChartOption(p, width), BALANCE_TITLE, width, height);
}

/** Net worth today (the accounts' current values) per institution, in picture order. */
export function institutionTotals(p: Picture): { institution: string; color: string; value: number }[] {
  return [...institutionColors(p)].map(([institution, color]) => ({
    institution,
    color,
    value: sumCents(p.accounts.filter((a) => a.institution === institution).map((a) => a.value)),
  }));
}

interface BarRow {
  name: string;
  value: number;
  color: string;
  label: string;
}

/** Horizontal bars, one per row, labelled right of the bar (past zero when negative). */
function barsOption(rows: BarRow[], title: echarts.TitleComponentOption, currency: string, width: number, seriesName: string): echarts.EChartsOption {
  const labels = new Map(rows.map((r) => [r.name, r.label]));
  return {
    title,
    grid: {
      left: Math.min(Math.round(width * 0.4), 28 + Math.max(0, ...rows.map((r) => textWidth(r.name, 13)))),
      right: Math.max(72, 16 + Math.max(0, ...rows.map((r) => textWidth(r.label)))),
      top: 80,
      bottom: 32,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { color: TEXT_COLOR, fontSize: 13, width: Math.round(width * 0.4) - 28, overflow: 'truncate' },
      axisTick: { show: false },
    },
    xAxis: valueAxis(currency) as echarts.XAXisComponentOption,
    series: [
      {
        name: seriesName,
        type: 'bar',
        barMaxWidth: 32,
        data: rows.map((r) => ({ name: r.name, value: r.value, itemStyle: { color: r.color } })),
        label: {
          show: true,
          position: 'right',
          color: TEXT_COLOR,
          formatter: (params: { name?: string }) => labels.get(params.name ?? '') ?? '',
        },
      },
    ],
  };
}

function barsHeight(rows: number): number {
  return Math.max(240, 120 + 52 * rows);
}

/** ECharts option of `institutionChart`. */
export function institutionChartOption(p: Picture, width = 800): echarts.EChartsOption {
  const rows = institutionTotals(p).map((r) => ({ name: r.institution, value: r.value, color: r.color, label: formatMoney(r.value, p.currency) }));
  return barsOption(
    rows,
    titleOption(INSTITUTION_TITLE, `Today (${lastDate(p)}) · total ${formatMoney(p.totals.netWorth, p.currency)}`),
    p.currency,
    width,
    INSTITUTION_TITLE,
  );
}

/** Net worth today by institution: horizontal bars (negative when an institution holds more debt than assets). */
export function institutionChart(p: Picture, size: ChartSize = {}): string {
  const width = size.width ?? 800;
  return render(institutionChartOption(p, width), INSTITUTION_TITLE, width, size.height ?? barsHeight(institutionTotals(p).length));
}

const ALLOCATION_TITLE = 'Allocation by account type';
export const CLASS_COLORS: Record<string, string> = { Cash: '#009E73', Investments: '#0072B2', Funds: '#56B4E9', Credit: '#D55E00' };

/** Share of total assets, e.g. "23%"; debts are shown as owed. */
function shareLabel(value: number, assets: number, currency: string): string {
  if (value < 0) return `${formatMoney(value, currency)} owed`;
  const share = assets > 0 ? Math.round((value / assets) * 100) : 0;
  return `${formatMoney(value, currency)} · ${share}%`;
}

/** ECharts option of `allocationChart`. */
export function allocationChartOption(p: Picture, width = 800): echarts.EChartsOption {
  const rows = p.allocation.byClass.map((r) => ({ name: r.name, value: r.value, color: CLASS_COLORS[r.name] ?? PALETTE[6], label: shareLabel(r.value, p.totals.assets, p.currency) }));
  return barsOption(
    rows,
    titleOption(ALLOCATION_TITLE, `Today (${lastDate(p)}) · cash, investments, funds and credit · % of ${formatMoney(p.totals.assets, p.currency)} in assets`),
    p.currency,
    width,
    ALLOCATION_TITLE,
  );
}

/** Net worth today by asset class: Cash, Investments, Funds, and Credit (negative). */
export function allocationChart(p: Picture, size: ChartSize = {}): string {
  const width = size.width ?? 800;
  return render(allocationChartOption(p, width), ALLOCATION_TITLE, width, size.height ?? barsHeight(p.allocation.byClass.length));
}

const CASH_FLOW_TITLE = 'Income vs spending';
const INCOME_COLOR = '#009E73';
const SPENDING_COLOR = '#D55E00';

/** " (Nov 2026 to the 24th)" when the last month is not over yet. */
function partialMonth(p: Picture): string {
  const last = lastDate(p);
  const [y, m, d] = last.split('-').map(Number);
  if (!d || new Date(Date.UTC(y, m, 0)).getUTCDate() === d) return '';
  return ` (${monthLabel(last)} to day ${d})`;
}

/** ECharts option of `cashFlowChart`. */
export function cashFlowChartOption(p: Picture): echarts.EChartsOption {
  const { months, income, spending, net } = p.cashFlow;
  return {
    title: titleOption(
      CASH_FLOW_TITLE,
      `Per month${partialMonth(p)} · ${formatMoney(sumCents(income), p.currency)} in, ${formatMoney(sumCents(spending), p.currency)} out · transfers between your accounts and market moves left out`,
    ),
    legend: { top: 62, left: 16, data: ['Income', 'Spending', 'Saved'], itemGap: LEGEND_GAP, textStyle: { color: TEXT_COLOR } },
    grid: { left: 80, right: 24, top: 110, bottom: 40 },
    xAxis: { type: 'category', data: months.map((m) => monthLabel(`${m}-01`)), axisLabel: { color: MUTED_TEXT }, axisTick: { alignWithLabel: true } },
    yAxis: valueAxis(p.currency),
    series: [
      { name: 'Income', type: 'bar', barMaxWidth: 28, itemStyle: { color: INCOME_COLOR }, data: income },
      { name: 'Spending', type: 'bar', barMaxWidth: 28, itemStyle: { color: SPENDING_COLOR }, data: spending },
      { name: 'Saved', type: 'line', z: 10, symbol: 'circle', symbolSize: 6, itemStyle: { color: NET_WORTH_COLOR }, lineStyle: { color: NET_WORTH_COLOR, width: 2 }, data: net },
    ],
  };
}

/** Income and spending side by side per month, and what was left (the "Saved" line). */
export function cashFlowChart(p: Picture, size: ChartSize = {}): string {
  return render(cashFlowChartOption(p), CASH_FLOW_TITLE, size.width ?? 800, size.height ?? 380);
}

const CATEGORY_TITLE = 'Spending by category';

/** The spending categories of the period, largest first. */
export function spendingCategories(p: Picture): { name: string; value: number }[] {
  return p.categories.filter((c) => c.kind === 'spending' && c.total !== 0).map((c) => ({ name: c.category, value: c.total }));
}

/** ECharts option of `categoryChart`. */
export function categoryChartOption(p: Picture, width = 800): echarts.EChartsOption {
  const cats = spendingCategories(p);
  const total = sumCents(cats.map((c) => c.value));
  const rows = cats.map((c, i) => ({
    name: c.name,
    value: c.value,
    color: PALETTE[i % PALETTE.length],
    label: `${formatMoney(c.value, p.currency)} · ${total > 0 ? Math.round((c.value / total) * 100) : 0}%`,
  }));
  return barsOption(rows, titleOption(CATEGORY_TITLE, `${p.periodStart} to ${lastDate(p)} · total ${formatMoney(total, p.currency)}`), p.currency, width, CATEGORY_TITLE);
}

/** Where the money went in the period, one bar per spending category. */
export function categoryChart(p: Picture, size: ChartSize = {}): string {
  const width = size.width ?? 800;
  return render(categoryChartOption(p, width), CATEGORY_TITLE, width, size.height ?? barsHeight(spendingCategories(p).length));
}

/**
 * What the browser needs to name a hovered bar or point: the category labels and each series' name
 * and values, as JSON that is safe inside a <script type="application/json"> element.
 */
export function chartData(option: echarts.EChartsOption, currency: string): string {
  const axes = [option.xAxis, option.yAxis].flat() as { type?: string; data?: unknown[] }[];
  const categories = axes.find((a) => a?.type === 'category')?.data ?? [];
  const series = ((option.series ?? []) as { name?: unknown; data?: unknown }[]).map((s) => ({
    name: String(s.name ?? ''),
    data: (Array.isArray(s.data) ? s.data : []).map((d: unknown) => (d !== null && typeof d === 'object' && 'value' in d ? (d as { value: unknown }).value : d)),
  }));
  return JSON.stringify({ currency, categories, series }).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
