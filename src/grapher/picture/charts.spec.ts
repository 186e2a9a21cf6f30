import { describe, expect, it } from '@jest/globals';
import { buildPicture } from './aggregate.js';
import {
  allocationChart,
  allocationChartOption,
  cashFlowChart,
  cashFlowChartOption,
  categoryChart,
  categoryChartOption,
  chartData,
  balanceChart,
  balanceChartOption,
  formatMoney,
  formatMoneyCompact,
  institutionChart,
  INSTITUTION_PALETTE,
  institutionColor,
  institutionTotals,
  monthLabel,
  netWorthChart,
  netWorthChartOption,
} from './charts.js';
import { AS_OF, brokerage, checking, creditCard, fixtureAccounts, household } from './picture.fixtures.js';
import type { Picture } from './picture.types.js';

const picture = (): Picture => buildPicture(fixtureAccounts(), AS_OF, 3);

/** The charts that draw names coming from banks. */
const NAMED_CHARTS: [string, (p: Picture) => string][] = [
  ['netWorthChart', netWorthChart],
  ['balanceChart', balanceChart],
  ['institutionChart', institutionChart],
];

const CHARTS: [string, (p: Picture) => string][] = [
  ...NAMED_CHARTS,
  ['allocationChart', allocationChart],
  ['cashFlowChart', cashFlowChart],
  ['categoryChart', categoryChart],
];

type SeriesLike = { name?: string; type?: string; data?: unknown };

function seriesOf(option: { series?: unknown }): SeriesLike[] {
  return option.series as SeriesLike[];
}

function expectStandaloneSvg(svg: string): void {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svg).toContain('viewBox="0 0 ');
  expect(svg.match(/<svg\b/g)).toHaveLength(1);
}

describe('formatting money and months', () => {
  it('formats whole currency units, negatives included', () => {
    expect(formatMoney(11780.15, 'USD')).toBe('$11,780');
    expect(formatMoney(-820.4, 'USD')).toBe('-$820');
    expect(formatMoneyCompact(12000, 'USD')).toBe('$12K');
    expect(formatMoneyCompact(0, 'USD')).toBe('$0');
  });

  it('falls back to plain numbers when currencies are MIXED', () => {
    expect(formatMoney(1234.5, 'MIXED')).toBe('1,235');
  });

  it('labels month ends as "Mon YYYY"', () => {
    expect(monthLabel('2025-02-28')).toBe('Feb 2025');
    expect(monthLabel('2024-12-31')).toBe('Dec 2024');
  });
});

describe('netWorthChart: institutions stacked over time, debts below zero, net-worth line', () => {
  const p = picture();

  it('stacks each institution\'s assets above zero and the credit card below zero', () => {
    const series = seriesOf(netWorthChartOption(p));
    const bars = series.filter((s) => s.type === 'bar');
    expect(bars.map((s) => [s.name, s.data])).toEqual([
      ['Bank of Astoria', [1900.25, 1600, 2600]],
      ['Bank of Astoria', [-1199.7, -700, -820.4]],
      ['Cedar Street Brokerage', [10037.66, 9750, 10000.55]],
    ]);
  });

  it('draws the net-worth line from the picture', () => {
    const line = seriesOf(netWorthChartOption(p)).find((s) => s.type === 'line');
    expect(line?.name).toBe('Net worth');
    expect(line?.data).toEqual([10738.21, 10650, 11780.15]);
  });

  it('renders a standalone SVG with title, legend, month labels and currency ticks', () => {
    const svg = netWorthChart(p);
    expectStandaloneSvg(svg);
    expect(svg).toContain('Net worth over time');
    expect(svg).toContain('$11,780 on 2025-03-15');
    expect(svg).toContain('>Bank of Astoria<');
    expect(svg).toContain('>Cedar Street Brokerage<');
    expect(svg).toContain('>Net worth<');
    for (const m of ['Jan 2025', 'Feb 2025', 'Mar 2025']) expect(svg).toContain(`>${m}<`);
    expect(svg).toMatch(/>-\$\d+(\.\d)?K</); // the debt pushes the axis below zero
    expect(svg).toMatch(/>\$\d+(\.\d)?K</);
  });
});

describe('balanceChart: one line per account', () => {
  const p = picture();

  it('has one line series per account, named by its label, with its series', () => {
    const series = seriesOf(balanceChartOption(p));
    expect(series.map((s) => [s.type, s.name, s.data])).toEqual([
      ['line', 'Bank of Astoria — Checking ••9874', [1900.25, 1600, 2600]],
      ['line', 'Bank of Astoria — Card ••4421', [-1199.7, -700, -820.4]],
      ['line', 'Cedar Street Brokerage — Brokerage ••1107', [10037.66, 9750, 10000.55]],
    ]);
  });

  it('renders a standalone SVG whose legend shows every account label', () => {
    const svg = balanceChart(p);
    expectStandaloneSvg(svg);
    for (const a of p.accounts) expect(svg).toContain(`>${a.label}<`);
  });
});

describe('institutionChart: net worth today by institution', () => {
  const p = picture();

  it('sums each institution\'s current values (checking minus card)', () => {
    expect(institutionTotals(p).map((r) => [r.institution, r.value])).toEqual([
      ['Bank of Astoria', 1679.6],
      ['Cedar Street Brokerage', 10000.55],
    ]);
  });

  it('renders names, amounts and the total', () => {
    const svg = institutionChart(p);
    expectStandaloneSvg(svg);
    expect(svg).toContain('>Bank of Astoria<');
    expect(svg).toContain('>Cedar Street Brokerage<');
    expect(svg).toContain('>$1,680<');
    expect(svg).toContain('>$10,001<');
    expect(svg).toContain('total $11,680');
  });

  it('shows an institution holding only debt as a negative bar', () => {
    const q = buildPicture([checking(), { ...creditCard(), institution: 'Harbor Card Co' }, brokerage()], AS_OF, 3);
    expect(institutionTotals(q).find((r) => r.institution === 'Harbor Card Co')?.value).toBe(-820.4);
    expect(institutionChart(q)).toContain('>-$820<');
  });
});

describe('charts are safe to inline in an HTML page', () => {
  const evilInstitution = 'Evil <script>alert(1)</script> Bank';
  const evilLabel = 'Evil "Bank" — <img src=x onerror=alert(2)> & Co';
  const evil = (): Picture => {
    const acc = checking();
    return buildPicture([{ ...acc, institution: evilInstitution, label: evilLabel }, brokerage()], AS_OF, 3);
  };

  it.each(NAMED_CHARTS)('%s escapes markup in institution names and account labels', (_name, chart) => {
    const svg = chart(evil());
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/<img/i);
    expect(svg).not.toContain('onerror=alert(2)>');
    expect(svg).toMatch(/&lt;(script|img)/);
  });

  it('keeps the escaped names readable', () => {
    expect(netWorthChart(evil())).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt; Bank');
    expect(balanceChart(evil())).toContain('Evil &quot;Bank&quot; — &lt;img src=x onerror=alert(2)&gt; &amp; Co');
  });

  it.each(CHARTS)('%s gives its ids and CSS classes a prefix of its own', (_name, chart) => {
    const a = chart(picture());
    const b = chart(picture());
    expect(a).not.toMatch(/(id|class)="zr\d+-/);
    expect(a).not.toMatch(/\.zr\d+-/);
    const prefixes = (svg: string) => new Set([...svg.matchAll(/class="(g[0-9a-f]{8})-/g)].map((m) => m[1]));
    expect(prefixes(a).size).toBe(1);
    expect([...prefixes(a)][0]).not.toBe([...prefixes(b)][0]);
  });

  it.each(CHARTS)('%s carries an accessible name', (_name, chart) => {
    expect(chart(picture())).toMatch(/^<svg[^>]* role="img" aria-label="[^"]+"><title>[^<]+<\/title>/);
  });

  it.each(CHARTS)('%s still renders an empty picture', (_name, chart) => {
    expectStandaloneSvg(chart(buildPicture([], AS_OF, 3)));
  });
});

describe('allocationChart: cash, investments, funds and credit today', () => {
  const p = buildPicture(household(), AS_OF, 3);

  it('has one bar per account type, credit negative', () => {
    const [bars] = seriesOf(allocationChartOption(p));
    expect((bars.data as { name: string; value: number }[]).map((d) => [d.name, d.value])).toEqual([
      ['Cash', 13500],
      ['Investments', 20000],
      ['Funds', 5000],
      ['Credit', -150.6],
    ]);
  });

  it('labels each bar with its amount and share of assets, and the debt as owed', () => {
    const svg = allocationChart(p);
    expectStandaloneSvg(svg);
    expect(svg).toContain('Allocation by account type');
    expect(svg).toContain('>$13,500 · 35%<'); // of 38,500 in assets
    expect(svg).toContain('>$20,000 · 52%<');
    expect(svg).toContain('>$5,000 · 13%<');
    expect(svg).toContain('>-$151 owed<');
    for (const name of ['Cash', 'Investments', 'Funds', 'Credit']) expect(svg).toContain(`>${name}<`);
  });
});

describe('cashFlowChart: income vs spending per month', () => {
  const p = buildPicture(household(), AS_OF, 3);

  it('has income and spending bars and the saved line, from the picture, the month to date drawn lighter', () => {
    const unwrap = (d: unknown) => (d !== null && typeof d === 'object' && 'value' in d ? (d as { value: unknown }).value : d);
    const series = seriesOf(cashFlowChartOption(p));
    expect(series.map((s) => [s.name, s.type, (s.data as unknown[]).map(unwrap)])).toEqual([
      ['Income', 'bar', [2000, 2035.1, 2012.5]],
      ['Spending', 'bar', [1260.25, 295.4, 1350.6]],
      ['Saved', 'line', [739.75, 1739.7, 661.9]],
    ]);
    const income = series[0].data as unknown[];
    expect(income[0]).toBe(2000);
    expect(income[2]).toEqual({ value: 2012.5, itemStyle: { opacity: 0.4 } });
  });

  it('renders the months, the legend, and the current month marked as month to date, without restating the totals', () => {
    const svg = cashFlowChart(p);
    expectStandaloneSvg(svg);
    expect(svg).toContain('Income vs spending');
    for (const label of ['>Income<', '>Spending<', '>Saved<', '>Jan 2025<', '>Feb 2025<', '>Mar 2025 (to day 15)<']) expect(svg).toContain(label);
    expect(svg).toContain('Mar 2025 (to day 15) is month to date, drawn lighter');
    expect(svg).not.toContain('$2,906');
  });

  it('a month that is over is not marked', () => {
    const q = buildPicture(household(), new Date('2025-03-31T12:00:00Z'), 3);
    expect(q.cashFlow.monthToDate).toBeUndefined();
    expect(cashFlowChart(q)).toContain('>Mar 2025<');
  });
});

describe('categoryChart: spending by category', () => {
  const p = buildPicture(household(), AS_OF, 3);

  it('has one bar per spending category, largest first, and nothing for income or transfers', () => {
    const [bars] = seriesOf(categoryChartOption(p));
    expect((bars.data as { name: string; value: number }[]).map((d) => [d.name, d.value])).toEqual([
      ['Housing', 2400],
      ['Groceries', 295.4],
      ['Travel', 150.6],
      ['Restaurants', 60.25],
    ]);
  });

  it('labels each bar with amount and share, and the period with its total', () => {
    const svg = categoryChart(p);
    expectStandaloneSvg(svg);
    expect(svg).toContain('>$2,400 · 83%<');
    expect(svg).toContain('>$60 · 2%<');
    expect(svg).toContain('The spending of Income vs spending, Jan 2025 – Mar 2025 (to day 15), by category');
    expect(svg).not.toContain('$2,906');
    expect(svg).not.toContain('>Salary<');
    expect(svg).not.toContain('Transfers between');
  });
});

describe('chartData: the numbers behind the tooltips', () => {
  it('gives the category labels and each series, safe inside a <script> element', () => {
    const evil = household();
    evil[0] = { ...evil[0], institution: '</script><script>alert(1)</script>', label: '</script><b>x' };
    const json = chartData(netWorthChartOption(buildPicture(evil, AS_OF, 3)), 'USD');
    expect(json).not.toMatch(/<|>|&/);
    const data = JSON.parse(json) as { currency: string; categories: string[]; series: { name: string; data: unknown[] }[] };
    expect(data.currency).toBe('USD');
    expect(data.categories).toEqual(['Jan 2025', 'Feb 2025', 'Mar 2025']);
    expect(data.series[0].name).toBe('</script><script>alert(1)</script>');
    expect(data.series.at(-1)).toEqual({ name: 'Net worth', data: buildPicture(evil, AS_OF, 3).netWorth });
  });

  it('unwraps bar items to their values', () => {
    const data = JSON.parse(chartData(categoryChartOption(buildPicture(household(), AS_OF, 3)), 'USD')) as { categories: string[]; series: { data: unknown[] }[] };
    expect(data.categories).toEqual(['Housing', 'Groceries', 'Travel', 'Restaurants']);
    expect(data.series[0].data).toEqual([2400, 295.4, 150.6, 60.25]);
  });
});

describe('colours: one per institution, the same in every chart', () => {
  it('draws each account line in its institution\'s colour, a second account of one institution dashed', () => {
    const p = picture();
    const lines = seriesOf(balanceChartOption(p)) as { name: string; itemStyle: { color: string }; lineStyle: { type: string } }[];
    const bars = seriesOf(netWorthChartOption(p)).filter((s) => s.type === 'bar') as { name: string; itemStyle: { color: string } }[];
    const colourOf = (institution: string) => bars.find((b) => b.name === institution)!.itemStyle.color;
    expect(lines.map((l) => [l.itemStyle.color, l.lineStyle.type])).toEqual([
      [colourOf('Bank of Astoria'), 'solid'],
      [colourOf('Bank of Astoria'), 'dashed'],
      [colourOf('Cedar Street Brokerage'), 'solid'],
    ]);
    expect(colourOf('Bank of Astoria')).not.toBe(colourOf('Cedar Street Brokerage'));
  });

  it('takes an institution\'s colour from its name, not from its place in the list', () => {
    const all = household();
    const colours = (accounts: typeof all) => {
      const bars = seriesOf(netWorthChartOption(buildPicture(accounts, AS_OF, 3))).filter((s) => s.type === 'bar') as { name: string; itemStyle: { color: string } }[];
      return Object.fromEntries(bars.map((b) => [b.name, b.itemStyle.color]));
    };
    const before = colours(all);
    // Bank of Astoria (first in the list) gone: the others keep their colours.
    const after = colours(all.filter((a) => a.institution !== 'Bank of Astoria'));
    for (const [name, colour] of Object.entries(after)) expect(colour).toBe(before[name]);
    expect(colours([...all].reverse())).toEqual(before);
    for (const [name, colour] of Object.entries(before)) expect(colour).toBe(institutionColor(name));
  });

  it('gives the four demo banks four different colours', () => {
    const demo = ['Bank of Astoria', 'Norma Securities', 'Lastish Fundco', 'Monami Card'].map(institutionColor);
    expect(new Set(demo).size).toBe(4);
    for (const c of demo) expect(INSTITUTION_PALETTE).toContain(c);
  });
});
