import { buildPicture } from './aggregate.js';
import {
  balanceChart,
  balanceChartOption,
  formatMoney,
  formatMoneyCompact,
  institutionChart,
  institutionTotals,
  monthLabel,
  netWorthChart,
  netWorthChartOption,
} from './charts.js';
import { AS_OF, brokerage, checking, creditCard, fixtureAccounts } from './picture.fixtures.js';
import type { Picture } from './picture.types.js';

const picture = (): Picture => buildPicture(fixtureAccounts(), AS_OF, 3);

const CHARTS: [string, (p: Picture) => string][] = [
  ['netWorthChart', netWorthChart],
  ['balanceChart', balanceChart],
  ['institutionChart', institutionChart],
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

  it.each(CHARTS)('%s escapes markup in institution names and account labels', (_name, chart) => {
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
