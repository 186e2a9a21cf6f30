import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { RunningApp, startApp } from '../support/app.js';
import { BANK_IDS, DEMO } from '../support/fixtures.js';

/**
 * The Grapher page as a person sees it, in headless Chromium (Debian's chromium package, driven by
 * playwright-core): delegation at four banks, the AS button, consent, and the picture — screenshotted
 * into test/browser/screenshots/ (ignored by git) and checked, pixels included.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, 'screenshots');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const INSTITUTIONS = ['Norma Securities', 'Lastish Fundco', 'Monami Card', 'Bank of Astoria'];

async function signInIfAsked(page: Page): Promise<void> {
  const form = page.locator('form:has(input[name=password])');
  if ((await form.count()) === 0) return;
  await form.locator('input[name=username]').fill(DEMO.username);
  await form.locator('input[name=password]').fill(DEMO.password);
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
}

/** The little of the DOM these functions use inside the page (the project compiles without the DOM library). */
interface BrowserGlobals {
  Image: new () => { src: string; width: number; height: number; decode(): Promise<void> };
  document: {
    cookie: string;
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(kind: '2d'): { drawImage(img: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    };
  };
  localStorage: { length: number };
  sessionStorage: { length: number };
}

/** Counts the screenshot's pixels close to each colour, decoding the PNG in the page itself. */
async function colourCounts(page: Page, png: Buffer, colours: Record<string, string>): Promise<Record<string, number>> {
  return page.evaluate(
    async ({ dataUrl, colours }) => {
      const { Image, document } = globalThis as unknown as BrowserGlobals;
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      const targets = Object.entries(colours).map(([name, hex]) => [name, parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)] as const);
      const counts: Record<string, number> = Object.fromEntries(targets.map(([name]) => [name, 0]));
      for (let i = 0; i < data.length; i += 4) {
        for (const [name, r, g, b] of targets) {
          if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) counts[name]++;
        }
      }
      return counts;
    },
    { dataUrl: `data:image/png;base64,${png.toString('base64')}`, colours },
  );
}

describe('Grapher in headless Chromium', () => {
  let run: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH`);
    mkdirSync(SHOTS, { recursive: true });
    // 127.0.0.1:9 plays a bank that is down.
    run = await startApp({ TRUSTED_LOCAL_ORIGINS: 'http://127.0.0.1:9' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('request', (r) => requested.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${m.text()} ${m.location().url}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await run?.close();
  });

  it('Nat delegates each bank to the AS, through the pages', async () => {
    for (const bank of BANK_IDS) {
      await page.goto(`${run.baseUrl}/banks/${bank}`);
      await signInIfAsked(page);
      await page.locator(`form[action$="/banks/${bank}/delegate"] button[type=submit]`).click();
      await page.waitForLoadState('load');
      await signInIfAsked(page);
      await Promise.all([page.waitForURL(new RegExp(`/banks/${bank}(\\?.*)?$`)), page.locator('button[name=decision][value=allow]').click()]);
      expect(await page.locator('tbody').innerText()).not.toContain('not delegated');
    }
  });

  it('the AS button leads to consent, and Allow leads to the picture', async () => {
    await page.goto(`${run.baseUrl}/grapher`);
    await page.locator('button.as-button').click();
    await page.waitForURL('**/as/consent/**');
    expect(await page.locator('h1').innerText()).toContain('Grapher wants your data at:');
    // Each radio button sits right beside its label, on the same line.
    const radios = await page.locator('label.check:has(input[type=radio])').evaluateAll((labels) =>
      labels.map((l) => {
        type Box = { left: number; right: number; top: number; bottom: number };
        const label = l as unknown as { querySelector(s: string): { getBoundingClientRect(): Box }; getBoundingClientRect(): Box; textContent: string };
        const input = label.querySelector('input').getBoundingClientRect();
        const range = label.getBoundingClientRect();
        return { text: label.textContent.trim(), gap: input.left - range.left, inputRight: input.right, top: input.top - range.top, bottom: range.bottom - input.bottom, width: range.right - range.left };
      }),
    );
    expect(radios.length).toBeGreaterThanOrEqual(7);
    for (const r of radios) {
      expect(r.gap).toBeLessThan(4);
      expect(r.top).toBeGreaterThanOrEqual(0);
      expect(r.bottom).toBeGreaterThanOrEqual(0);
    }
    const firstText = await page.locator('label.check:has(input[type=radio])').first().evaluate((l) => {
      const label = l as unknown as { querySelector(s: string): { getBoundingClientRect(): { right: number } }; ownerDocument: { createRange(): { selectNodeContents(n: unknown): void; getBoundingClientRect(): { left: number } } }; lastChild: unknown };
      const range = label.ownerDocument.createRange();
      range.selectNodeContents(label.lastChild);
      return range.getBoundingClientRect().left - label.querySelector('input').getBoundingClientRect().right;
    });
    expect(firstText).toBeLessThan(16);
    await page.locator('form').screenshot({ path: join(SHOTS, 'as-consent.png') });
    await page.locator('input[name=history_months][value="24"]').check();
    await Promise.all([page.waitForURL('**/grapher/picture'), page.locator('button[name=decision][value=allow]').click()]);
  });

  it('the back button after Allow says the request completed, with the way back', async () => {
    await page.goBack();
    await page.waitForURL('**/as/consent/**');
    expect(await page.locator('h1').innerText()).toBe('This request is complete');
    expect(await page.locator('.notice').innerText()).toContain('You allowed Grapher');
    const back = page.locator('a.button', { hasText: 'Back to where you started' });
    expect(await back.getAttribute('href')).toBe(`${run.baseUrl}/grapher/`);
    await page.screenshot({ path: join(SHOTS, 'as-request-complete.png') });
  });

  it('draws the whole picture: totals, six charts, the rules and the accounts table', async () => {
    await page.goto(`${run.baseUrl}/grapher/picture?months=24`);
    expect(await page.locator('h1').innerText()).toBe('Your financial picture');
    expect(await page.locator('.currency').innerText()).toBe('USD');
    expect(await page.locator('.bank-failure').count()).toBe(0);
    expect(await page.locator('.periods a[aria-current=page]').innerText()).toBe('24 months');
    for (const id of ['net-worth', 'by-institution', 'by-type', 'cash-flow', 'categories', 'balances']) {
      const svg = page.locator(`#${id} svg`);
      expect(await svg.isVisible()).toBe(true);
      const box = await svg.boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(150);
    }
    const svgText = async (id: string) => (await page.locator(`#${id} svg text`).allTextContents()).join(' | ');
    expect(await svgText('net-worth')).toContain('Net worth over time');
    for (const name of INSTITUTIONS) expect(await svgText('net-worth')).toContain(name);
    for (const type of ['Cash', 'Investments', 'Funds', 'Credit']) expect(await svgText('by-type')).toContain(type);
    expect(await svgText('cash-flow')).toContain('Income vs spending');
    for (const cat of ['Housing', 'Groceries', 'Restaurants']) expect(await svgText('categories')).toContain(cat);
    expect(await page.locator('.totals').innerText()).toMatch(/Net worth\s*\$[\d,]+\.\d{2}/);
    const rows = page.locator('table.accounts tbody tr');
    expect(await rows.count()).toBe(5);
    for (const name of INSTITUTIONS) expect(await page.locator('table.accounts').innerText()).toContain(name);
    expect(await rows.first().locator('td').nth(5).innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    await page.locator('#rules summary').click();
    expect(await page.locator('#rules').innerText()).toContain('WHOLE FOODS');
    await page.locator('#rules summary').click();
  });

  it('the screenshot shows the charts in their colours', async () => {
    const file = join(SHOTS, 'grapher-picture.png');
    const png = await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(50_000);
    const counts = await colourCounts(page, png, { blue: '#0072B2', green: '#009E73', vermillion: '#D55E00', orange: '#C2410C' });
    expect(counts.blue).toBeGreaterThan(2000); // institution bars and lines
    expect(counts.green).toBeGreaterThan(1000); // income bars, cash
    expect(counts.vermillion).toBeGreaterThan(1000); // spending bars, credit
    expect(counts.orange).toBeGreaterThan(500); // Grapher's accent: the card's top border, the current period
  });

  it('hovering a bar shows its value (ECharts SSR client)', async () => {
    const bar = page.locator('#by-institution svg path[ecmeta_ssr_type="chart"]').first();
    await bar.hover();
    const tip = page.locator('.chart-tip');
    await tip.waitFor({ state: 'visible' });
    const data = JSON.parse((await page.locator('#by-institution script.chart-data').textContent()) ?? '{}') as { categories: string[]; series: { data: number[] }[] };
    const expected = `${data.categories[0]}: ${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(data.series[0].data[0])}`;
    expect(await tip.innerText()).toBe(expected);
    expect(expected).toMatch(/^Bank of Astoria: \$[\d,]+$/);
    await page.mouse.move(0, 0);
    await tip.waitFor({ state: 'hidden' });
  });

  it('the period picker redraws for 3 months', async () => {
    await page.locator('.periods a', { hasText: '3 months' }).click();
    await page.waitForURL('**/grapher/picture?months=3');
    expect(await page.locator('.periods a[aria-current=page]').innerText()).toBe('3 months');
    const months = (await page.locator('#cash-flow svg text').allTextContents()).filter((t) => /^[A-Z][a-z]{2} \d{4}( \(to day \d+\))?$/.test(t));
    expect(months).toHaveLength(3);
  });

  it('exports CSV and JSON as downloads', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Export CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('grapher-picture.csv');
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('a', { hasText: 'Export JSON' }).click()]);
    expect(json.suggestedFilename()).toBe('grapher-picture.json');
  });

  it('with the card\'s bank down, the totals say they hold 4 of 5 accounts, and every bank keeps its colour', async () => {
    const colours = { norma: '#CC79A7', astoria: '#0072B2', lastish: '#E69F00' };
    await page.goto(`${run.baseUrl}/grapher/picture?months=12`);
    const before = await colourCounts(page, await page.locator('#net-worth').screenshot(), colours);
    await page.request.post(`${run.baseUrl}/banks/monami/demo/outage`, { data: { down: true } });
    try {
      await page.goto(`${run.baseUrl}/grapher/picture?months=12`);
      const totals = page.locator('section.totals');
      expect(await totals.getAttribute('class')).toContain('incomplete');
      expect(await totals.locator('.scope').innerText()).toContain('Totals of 4 of 5 accounts; Monami Card unavailable');
      expect((await totals.innerText()).replace(/\s+/g, ' ')).toMatch(/Liabilities \$0\.00 \+ unknown: any debt at Monami Card is missing/);
      expect(await page.locator('table.accounts tr.unavailable').innerText()).toContain('unavailable');
      await page.screenshot({ path: join(SHOTS, 'grapher-card-down.png'), fullPage: false });
      const after = await colourCounts(page, await page.locator('#net-worth').screenshot(), colours);
      // The same institution, the same colour: each bank's bars are still drawn in its own.
      for (const name of Object.keys(colours) as (keyof typeof colours)[]) {
        expect(before[name]).toBeGreaterThan(1000);
        expect(after[name]).toBeGreaterThan(before[name] * 0.8);
      }
    } finally {
      await page.request.post(`${run.baseUrl}/banks/monami/demo/outage`, { data: { down: false } });
    }
  });

  it('states income and spending once, with averages over complete months', async () => {
    await page.goto(`${run.baseUrl}/grapher/picture?months=24`);
    const flows = (await page.locator('#flows').innerText()).replace(/\s+/g, ' ');
    expect(flows).toMatch(/\$[\d,]+\.\d{2} in · \$[\d,]+\.\d{2} out · -?\$[\d,]+\.\d{2} saved/);
    const out = /\$([\d,]+\.\d{2}) out/.exec(flows)![1];
    const categories = JSON.parse((await page.locator('#categories script.chart-data').textContent()) ?? '{}') as { series: { data: number[] }[] };
    const byCategory = categories.series[0].data.reduce((s, v) => s + Math.round(v * 100), 0) / 100;
    expect(Number(out.replace(/,/g, ''))).toBeCloseTo(byCategory, 2);
    expect(await page.locator('#cash-flow svg').innerHTML()).not.toContain(`$${out.split('.')[0]}`);
  });

  it('a bank that is down is named on the page while the rest still draws', async () => {
    await run.db.query(`UPDATE as_resources SET endpoint = 'http://127.0.0.1:9/fdx/v6/accounts/436922' WHERE name LIKE 'Lastish%'`);
    await page.goto(`${run.baseUrl}/grapher/picture?months=12`);
    expect(await page.locator('.bank-failure').count()).toBe(1);
    expect(await page.locator('.bank-failure').innerText()).toContain('Lastish Fundco: unreachable');
    expect(await page.locator('#net-worth svg').isVisible()).toBe(true);
    expect(await page.locator('table.accounts tbody tr:not(.unavailable)').count()).toBe(4);
    expect(await page.locator('table.accounts tbody tr.unavailable').innerText()).toContain('Lastish Fundco');
    await page.screenshot({ path: join(SHOTS, 'grapher-bank-down.png'), fullPage: false });
  });

  it('no token in a URL, in browser storage, in a cookie the page can read, or on the page', async () => {
    const storage = await page.evaluate(() => {
      const { localStorage, sessionStorage, document } = globalThis as unknown as BrowserGlobals;
      return { local: localStorage.length, session: sessionStorage.length, cookie: document.cookie };
    });
    expect(storage).toEqual({ local: 0, session: 0, cookie: '' });
    const jwt = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;
    expect(requested.filter((u) => jwt.test(u) || /(access|refresh)_token=/.test(u))).toEqual([]);
    expect(await page.content()).not.toMatch(jwt);
    const cookies = await context.cookies();
    expect(cookies.every((c) => c.httpOnly)).toBe(true);
  });

  it('ran without a script error, a Content-Security-Policy violation or a missing favicon', () => {
    expect(pageErrors).toEqual([]);
  });
});
