import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sha256 } from '../src/common/crypto/secrets.js';
import { parseClientKeys } from '../src/common/oauth-client/client-keys.js';
import { TokenVault } from '../src/grapher/token-vault.service.js';
import { Browser, forms, Page, text, unescapeHtml } from './support/browser.js';
import { BANK_IDS, delegateBank } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/** Grapher's picture, over real HTTP from four banks: what the page shows, what it exports, what it keeps. */

async function connectGrapher(browser: Browser, baseUrl: string, historyMonths = '24'): Promise<Page> {
  let page = await browser.get(`${baseUrl}/grapher`);
  page = await browser.submit(page, '/grapher/connect');
  if (!page.url.includes('/as/consent/')) throw new Error(`expected the consent page, got ${page.url}`);
  return browser.submit(page, '/as/consent/', { history_months: historyMonths }, { name: 'decision', value: 'allow' });
}

function figure(page: Page, id: string): string {
  const m = new RegExp(`<figure class="chart" id="${id}">([\\s\\S]*?)</figure>`).exec(page.html);
  if (!m) throw new Error(`no figure #${id}`);
  return m[1];
}

function chartData(page: Page, id: string): { currency: string; categories: string[]; series: { name: string; data: (number | null)[] }[] } {
  const m = /<script type="application\/json" class="chart-data">([\s\S]*?)<\/script>/.exec(figure(page, id));
  return JSON.parse(m![1]);
}

function rows(html: string, tableClass: string): string[][] {
  const table = new RegExp(`<table class="${tableClass}">([\\s\\S]*?)</table>`).exec(html)![1];
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]));
}

describe('Grapher: the financial picture', () => {
  let run: RunningApp;
  let browser: Browser;
  let picture: Page;
  const output: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  beforeAll(async () => {
    // Everything the process writes while Grapher works, to look for tokens in it afterwards.
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => (output.push(String(chunk)), writes.out(chunk as string, ...(rest as [])))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => (output.push(String(chunk)), writes.err(chunk as string, ...(rest as [])))) as typeof process.stderr.write;
    run = await startApp();
    browser = new Browser();
    for (const bank of BANK_IDS) await delegateBank(browser, run.baseUrl, bank);
    picture = await connectGrapher(browser, run.baseUrl);
  });

  afterAll(async () => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await run.close();
  });

  describe('the page', () => {
    it('lands on the picture after consent, with every bank, the currency and the time of the fetch', () => {
      expect(picture.url).toBe(`${run.baseUrl}/grapher/picture`);
      expect(picture.status).toBe(200);
      const t = text(picture);
      expect(t).toContain('5 accounts shared by your AS');
      expect(t).toMatch(/currency USD · fetched live \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
      expect(picture.html).not.toContain('bank-failure');
      expect(picture.headers.get('cache-control')).toBe('no-store');
    });

    it('draws net worth over time stacked by institution, with the card\'s debt below zero', () => {
      const data = chartData(picture, 'net-worth');
      expect(data.categories).toHaveLength(12);
      const names = data.series.map((s) => s.name);
      expect(names).toEqual(expect.arrayContaining(['Bank of Astoria', 'Lastish Fundco', 'Monami Card', 'Norma Securities', 'Net worth']));
      const card = data.series.filter((s) => s.name === 'Monami Card');
      expect(card.some((s) => s.data.every((v) => v !== null && v <= 0) && s.data.some((v) => (v as number) < 0))).toBe(true);
      expect(figure(picture, 'net-worth')).toContain('Net worth over time');
    });

    it('shows allocation today by institution and by account type', () => {
      const byInstitution = chartData(picture, 'by-institution');
      expect(byInstitution.categories).toEqual(['Bank of Astoria', 'Lastish Fundco', 'Monami Card', 'Norma Securities']);
      const byType = chartData(picture, 'by-type');
      expect(byType.categories).toEqual(['Cash', 'Investments', 'Funds', 'Credit']);
      const [cash, investments, funds, credit] = byType.series[0].data as number[];
      expect(cash).toBeGreaterThan(0);
      expect(investments).toBeGreaterThan(0);
      expect(funds).toBeGreaterThan(0);
      expect(credit).toBeLessThanOrEqual(0);
      const total = (byInstitution.series[0].data as number[]).reduce((a, b) => a + Math.round(b * 100), 0);
      expect(total).toBe([cash, investments, funds, credit].reduce((a, b) => a + Math.round(b * 100), 0));
    });

    it('shows income vs spending per month: salary in, more than transfers out', () => {
      const data = chartData(picture, 'cash-flow');
      expect(data.series.map((s) => s.name)).toEqual(['Income', 'Spending', 'Saved']);
      const [income, spending] = data.series;
      // Two paychecks of at least $3,150 in every whole month; the last month may be partial.
      for (const v of income.data.slice(0, -1)) expect(v as number).toBeGreaterThanOrEqual(6300);
      for (const v of spending.data.slice(0, -1)) expect(v as number).toBeGreaterThan(2350); // rent at least
    });

    it('shows spending by category, and the rules that sorted it, with what each matched', () => {
      const data = chartData(picture, 'categories');
      expect(data.categories[0]).toBe('Housing');
      expect(data.categories).toEqual(expect.arrayContaining(['Groceries', 'Restaurants', 'Bills & utilities', 'Subscriptions', 'Transport']));
      const table = /<details class="rules" id="rules">([\s\S]*?)<\/details>/.exec(picture.html)![1];
      expect(table).toContain('How Grapher sorts your transactions');
      expect(table).toContain('WHOLE FOODS, TRADER JOE&#x27;S, SAFEWAY, COSTCO');
      const groceries = /<tr><td>Groceries<\/td><td>Spending<\/td>.*?<td class="num">(\d+)<\/td>/.exec(table);
      expect(Number(groceries![1])).toBeGreaterThan(50);
      expect(table).toMatch(/<tr><td>Transfers between your accounts<\/td><td>Neither \(transfer\)<\/td>/);
    });

    it('draws a balance line per account and lists the accounts with type, masked number, balance and last update', () => {
      expect(chartData(picture, 'balances').series).toHaveLength(5);
      const accounts = rows(picture.html, 'accounts');
      expect(accounts).toHaveLength(5);
      expect(accounts.map((r) => [r[0], r[2], r[3]])).toEqual([
        ['Bank of Astoria', 'Checking', '••9874'],
        ['Bank of Astoria', 'Savings', '••9881'],
        ['Lastish Fundco', 'Mutual fund', '••6922'],
        ['Monami Card', 'Credit card', '••1204'],
        ['Norma Securities', 'Brokerage', '••5394'],
      ]);
      for (const r of accounts) {
        expect(r[4]).toMatch(/^-?\$[\d,]+\.\d{2}$/);
        expect(r[5]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
      }
    });

    it('the period picker offers 3, 12 and 24 months and redraws for each', async () => {
      for (const months of [3, 12, 24]) {
        const page = await browser.get(`${run.baseUrl}/grapher/picture?months=${months}`);
        expect(page.html).toContain(`aria-current="page">${months} months`);
        expect(chartData(page, 'net-worth').categories).toHaveLength(months);
        expect(chartData(page, 'cash-flow').categories).toHaveLength(months);
        expect(page.html).toContain(`href="/grapher/export.csv?months=${months}"`);
      }
    });

    it.each(['7', '0', 'abc', '12.5', '-3'])('refuses months=%s with a clear 400', async (months) => {
      const page = await browser.get(`${run.baseUrl}/grapher/picture?months=${months}`);
      expect(page.status).toBe(400);
      expect(text(page)).toContain('months must be 3, 12 or 24');
    });

    it('serves the scripts that make the charts interactive, and nothing else under assets', async () => {
      const page = await browser.get(`${run.baseUrl}/grapher/picture`);
      expect(page.html).toContain('<script src="/grapher/assets/echarts-ssr-client.js" defer></script>');
      for (const name of ['echarts-ssr-client.js', 'picture.js']) {
        const res = await fetch(`${run.baseUrl}/grapher/assets/${name}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/javascript');
      }
      expect((await fetch(`${run.baseUrl}/grapher/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
      expect((await fetch(`${run.baseUrl}/grapher/assets/app.js`)).status).toBe(404);
    });
  });

  describe('a shorter history window than the period', () => {
    it('leaves the months before the allowed history blank and says why', async () => {
      const other = new Browser();
      for (const bank of BANK_IDS) await delegateBank(other, run.baseUrl, bank);
      await connectGrapher(other, run.baseUrl, '12');
      const page = await other.get(`${run.baseUrl}/grapher/picture?months=24`);
      expect(text(page)).toMatch(/Your AS lets Grapher read history from \d{4}-\d{2}-\d{2} on/);
      const worth = chartData(page, 'net-worth').series.find((s) => s.name === 'Net worth')!.data;
      expect(worth.slice(0, 11).every((v) => v === null)).toBe(true);
      expect(worth.slice(13).every((v) => v !== null)).toBe(true);
      const twelve = await other.get(`${run.baseUrl}/grapher/picture?months=12`);
      expect(twelve.html).not.toContain('history-window');
    });
  });

  describe('export', () => {
    it('CSV: one tidy table, as a download, not cached', async () => {
      const res = await browser.request('GET', `${run.baseUrl}/grapher/export.csv?months=3`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="grapher-picture.csv"');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const lines = res.html.trimEnd().split('\r\n');
      expect(lines[0]).toBe('section,date,name,kind,value,currency');
      const bySection = (s: string) => lines.filter((l) => l.startsWith(`${s},`));
      expect(bySection('net_worth')).toHaveLength(3);
      expect(bySection('account_balance')).toHaveLength(15);
      expect(bySection('income')).toHaveLength(3);
      expect(bySection('spending')).toHaveLength(3);
      expect(bySection('allocation_type').map((l) => l.split(',')[2])).toEqual(['Cash', 'Investments', 'Funds', 'Credit']);
      expect(bySection('category').some((l) => l.includes(',Groceries,spending,'))).toBe(true);
      expect(lines.every((l) => l.split(',').length >= 6)).toBe(true);
    });

    it('JSON: the same numbers as the page', async () => {
      const res = await browser.request('GET', `${run.baseUrl}/grapher/export.json?months=12`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="grapher-picture.json"');
      const body = JSON.parse(res.html) as Record<string, any>;
      expect(body.months).toBe(12);
      expect(body.currency).toBe('USD');
      expect(body.dates).toHaveLength(12);
      expect(body.accounts).toHaveLength(5);
      expect(body.accounts.map((a: { number: string }) => a.number)).toEqual(['••9874', '••9881', '••6922', '••1204', '••5394']);
      expect(body.categoryRules.length).toBeGreaterThan(10);
      const page = await browser.get(`${run.baseUrl}/grapher/picture?months=12`);
      expect(chartData(page, 'cash-flow').series[0].data).toEqual(body.cashFlow.income);
      expect(text(page)).toContain(`Net worth ${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(body.totals.netWorth)}`);
    });

    it('is refused with a clear 403 page when the browser is not connected', async () => {
      const stranger = new Browser();
      for (const kind of ['csv', 'json']) {
        const page = await stranger.get(`${run.baseUrl}/grapher/export.${kind}`);
        expect(page.status).toBe(403);
        expect(text(page)).toContain('Connect Grapher to your authorization server first');
      }
    });
  });

  describe('the transaction list', () => {
    const rowsOf = (page: Page) => [...(/<table class="transactions-list">([\s\S]*?)<\/table>/.exec(page.html)?.[1] ?? '').matchAll(/<tr class="kind-\w+">([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => unescapeHtml(c[1].replace(/<details[\s\S]*<\/details>/, '').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim()));

    it('lists the period\'s transactions newest first, 100 a page, linked from the picture', async () => {
      expect(picture.html).toContain('href="/grapher/transactions?months=12"');
      const page = await browser.get(`${run.baseUrl}/grapher/transactions?months=3`);
      expect(page.status).toBe(200);
      const rows = rowsOf(page);
      expect(rows.length).toBe(100);
      const dates = rows.map((r) => r[0]);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(text(page)).toMatch(/1–100 of \d{3,}/);
      expect(page.html).toContain('Older →');
    });

    it('searches descriptions, and filters by account and category: every row shown matches', async () => {
      const search = rowsOf(await browser.get(`${run.baseUrl}/grapher/transactions?months=12&q=whole%20foods`));
      expect(search.length).toBeGreaterThan(0);
      for (const r of search) expect(r[2].toUpperCase()).toContain('WHOLE FOODS');
      const listed = await browser.get(`${run.baseUrl}/grapher/transactions?months=3`);
      const account = unescapeHtml([...listed.html.matchAll(/<option value="([^"]*Monami[^"]*)"/g)][0][1]);
      const byAccount = rowsOf(await browser.get(`${run.baseUrl}/grapher/transactions?months=3&account=${encodeURIComponent(account)}`));
      expect(byAccount.length).toBeGreaterThan(0);
      for (const r of byAccount) expect(r[1]).toBe(account);
      const housing = rowsOf(await browser.get(`${run.baseUrl}/grapher/transactions?months=24&category=Housing`));
      expect(housing.length).toBeGreaterThanOrEqual(20);
      for (const r of housing) expect(r[3]).toBe('Housing');
    });

    it('exports the same filtered transactions as CSV (formulas defused) and JSON', async () => {
      const csv = await browser.request('GET', `${run.baseUrl}/grapher/transactions.csv?months=12&category=Groceries`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="grapher-transactions.csv"');
      const lines = csv.html.trimEnd().split('\r\n');
      expect(lines[0]).toBe('date,account,description,category,kind,amount,currency,transaction_id');
      const json = JSON.parse((await browser.request('GET', `${run.baseUrl}/grapher/transactions.json?months=12&category=Groceries`)).html) as { count: number; transactions: { category: string; amount: number }[] };
      expect(json.count).toBe(lines.length - 1);
      expect(json.transactions.every((t) => t.category === 'Groceries' && t.amount < 0)).toBe(true);
      const page = await browser.get(`${run.baseUrl}/grapher/picture?months=12`);
      const groceries = chartData(page, 'categories');
      const i = groceries.categories.indexOf('Groceries');
      const spent = -json.transactions.reduce((s, t) => s + Math.round(t.amount * 100), 0) / 100;
      expect(groceries.series[0].data[i]).toBeCloseTo(spent, 2);
    });

    it('a category the person corrects is kept, shown as theirs, and counted in the charts', async () => {
      const before = await browser.get(`${run.baseUrl}/grapher/picture?months=12`);
      const catTotal = (page: Page, name: string) => {
        const d = chartData(page, 'categories');
        return (d.series[0].data[d.categories.indexOf(name)] as number | undefined) ?? 0;
      };
      const list = await browser.get(`${run.baseUrl}/grapher/transactions?months=12&category=Housing`);
      const form = forms(list).find((f) => f.action === '/grapher/transactions/category')!;
      const amount = -Number(rowsOf(list)[0][4].replace(/[^0-9.-]/g, ''));
      const saved = await browser.request('POST', `${run.baseUrl}${form.action}`, { ...form.fields, category: 'Travel' } as Record<string, string>);
      expect(saved.status).toBe(303);
      expect(saved.headers.get('location')).toBe(form.fields.back);
      const after = await browser.get(`${run.baseUrl}${saved.headers.get('location')}`);
      expect(text(after)).toContain('Saved: that transaction now counts as Travel');
      const travel = await browser.get(`${run.baseUrl}/grapher/transactions?months=12&category=Travel`);
      expect(rowsOf(travel).some((r) => r[3].includes('Travel (your choice)'))).toBe(true);
      const picture = await browser.get(`${run.baseUrl}/grapher/picture?months=12`);
      expect(catTotal(picture, 'Housing')).toBeCloseTo(catTotal(before, 'Housing') - amount, 2);
      expect(catTotal(picture, 'Travel')).toBeCloseTo(catTotal(before, 'Travel') + amount, 2);
      const rows = (await run.db.query('SELECT category FROM grapher_category_overrides')) as { category: string }[];
      expect(rows).toEqual([{ category: 'Travel' }]);
      // An unknown category, or a forged CSRF token, changes nothing.
      expect((await browser.request('POST', `${run.baseUrl}${form.action}`, { ...form.fields, category: 'Bribes' } as Record<string, string>)).status).toBe(400);
      expect((await browser.request('POST', `${run.baseUrl}${form.action}`, { ...form.fields, _csrf: 'forged', category: '' } as Record<string, string>)).status).toBe(403);
      // Back to the rules.
      await browser.request('POST', `${run.baseUrl}${form.action}`, { ...form.fields, category: '' } as Record<string, string>);
      expect(await run.db.query('SELECT category FROM grapher_category_overrides')).toEqual([]);
    });

    it('refuses a bad filter with a clear 400, and a stranger with a 403', async () => {
      expect((await browser.get(`${run.baseUrl}/grapher/transactions?page=0`)).status).toBe(400);
      expect((await browser.get(`${run.baseUrl}/grapher/transactions?q=${'x'.repeat(101)}`)).status).toBe(400);
      const stranger = new Browser();
      expect((await stranger.get(`${run.baseUrl}/grapher/transactions.csv`)).status).toBe(403);
    });
  });

  describe('what Grapher keeps, and where tokens never go', () => {
    it('keeps the refresh and access tokens and its client keys only sealed, and they open to the live values', async () => {
      const [conn] = (await run.db.query('SELECT * FROM grapher_connections')) as Record<string, string>[];
      const vault = run.app.get(TokenVault);
      expect(conn.access_token_sealed).toMatch(/^v1\./);
      expect(conn.refresh_token_sealed).toMatch(/^v1\./);
      const refresh = vault.open(conn.refresh_token_sealed, `grapher_connections/${conn.id}/refresh_token`);
      const live = (await run.db.query(`SELECT kind, revoked_at FROM as_tokens WHERE token_hash = ?`, [sha256(refresh)])) as Record<string, unknown>[];
      expect(live).toEqual([{ kind: 'refresh', revoked_at: null }]);
      const [client] = (await run.db.query('SELECT * FROM grapher_as_clients')) as Record<string, string>[];
      // This AS offers FAPI 2.0, so Grapher holds keys there, not a secret: sealed, opening to the keys the AS knows.
      expect(client.client_secret_sealed).toBeNull();
      expect(client.client_keys_sealed).toMatch(/^v1\./);
      const keys = parseClientKeys(vault.open(client.client_keys_sealed, `grapher_as_clients/${client.issuer}/keys`));
      const [registered] = (await run.db.query('SELECT jwks, token_endpoint_auth_method FROM as_clients WHERE client_id = ?', [client.client_id])) as Record<string, string>[];
      expect(registered.token_endpoint_auth_method).toBe('private_key_jwt');
      expect((JSON.parse(registered.jwks) as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toEqual([keys.signing.kid]);
      // …and the refresh token is bound to its DPoP key (RFC 9449 §5).
      const [bound] = (await run.db.query('SELECT jkt FROM as_tokens WHERE token_hash = ?', [sha256(refresh)])) as Record<string, string>[];
      expect(bound.jkt).toBe(keys.dpop.jkt);
      expect(Object.keys(conn)).not.toContain('refresh_token');
    });

    it('puts no token in a URL, a page, a cookie or a log line', async () => {
      const vault = run.app.get(TokenVault);
      const connections = (await run.db.query('SELECT * FROM grapher_connections')) as Record<string, string>[];
      const secrets = connections.flatMap((c) => [
        vault.open(c.access_token_sealed, `grapher_connections/${c.id}/access_token`),
        vault.open(c.refresh_token_sealed, `grapher_connections/${c.id}/refresh_token`),
      ]);
      const jwt = /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}/;
      const page = await browser.get(`${run.baseUrl}/grapher/picture?months=24`);
      const csv = await browser.request('GET', `${run.baseUrl}/grapher/export.csv?months=24`);
      for (const haystack of [page.html, csv.html, browser.history.map((h) => h.url).join('\n'), output.join('')]) {
        expect(haystack).not.toMatch(jwt);
        for (const s of secrets) expect(haystack).not.toContain(s);
      }
      expect(browser.history.some((h) => /(access|refresh)_token=/.test(h.url))).toBe(false);
      expect(browser.cookieNames().filter((n) => n.endsWith('@/grapher')).sort()).toEqual(['grapher_remember@/grapher', 'steward_sid@/grapher']);
    });
  });
});
