import { Browser, forms, text } from './support/browser.js';
import { BANK_IDS, delegateBank } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/**
 * The seed's story, end to end, over real HTTP, as a person in a browser: every hop is a real redirect,
 * form post or back-channel call between the parties.
 */
describe('The story: four phases in one browser', () => {
  let run: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    // 127.0.0.1:9 plays a bank that is down; it must be trusted to get past the SSRF guard.
    run = await startApp({ TRUSTED_LOCAL_ORIGINS: 'http://127.0.0.1:9' });
    browser = new Browser();
  });
  afterAll(() => run.close());

  it('the landing page tells the story and links every party', async () => {
    const page = await browser.get(`${run.baseUrl}/`);
    expect(page.status).toBe(200);
    for (const link of ['/as', '/grapher', '/banks/norma', '/banks/lastish', '/banks/monami', '/banks/astoria']) {
      expect(page.html).toContain(`href="${run.baseUrl}${link}"`);
    }
  });

  describe('Phase 1 — Resource Registration at each bank', () => {
    it('a bank refuses a wrong password, says so, and stays signed out', async () => {
      const b = new Browser();
      const page = await b.get(`${run.baseUrl}/banks/norma`);
      const after = await b.submit(page, '/banks/norma/login', { username: 'nat', password: 'wrong' });
      expect(after.url).toBe(`${run.baseUrl}/banks/norma`);
      expect(text(after)).toContain('Wrong username or password');
      expect(forms(after).some((f) => f.action.endsWith('/banks/norma/login'))).toBe(true);
    });

    it.each(BANK_IDS)('%s: sign in, delegate to the AS, consent, and the bank shows the delegation', async (bankId) => {
      const page = await delegateBank(browser, run.baseUrl, bankId);
      expect(page.status).toBe(200);
      expect(page.url).toBe(`${run.baseUrl}/banks/${bankId}`);
      expect(text(page)).toMatch(/Done: [12] account\(s\) now accept only tokens from your authorization server/);
      expect(text(page)).toContain(`${run.baseUrl}/as`);
      expect(text(page)).not.toContain('not delegated');
    });

    it('the AS dashboard now lists five accounts, grouped under four banks', async () => {
      const page = await browser.get(`${run.baseUrl}/as`);
      expect(page.url).toBe(`${run.baseUrl}/as/account`);
      const banks = page.html.match(/<h3>([^<]+)<\/h3>\s*<table class="accounts">/g) ?? [];
      expect(banks.map((h) => h.replace(/<[^>]+>|\s/g, ''))).toEqual(['BankofAstoria', 'LastishFundco', 'MonamiCard', 'NormaSecurities']);
      expect(page.html.match(/\/as\/account\/resources\/[^/]+\/remove/g)).toHaveLength(5);
    });

    it('delegating again to the same AS updates the registrations instead of duplicating them', async () => {
      const before = await run.db.query('SELECT id FROM as_resources ORDER BY id');
      const page = await delegateBank(browser, run.baseUrl, 'astoria');
      expect(text(page)).toContain('Done: 2 account(s)');
      expect(await run.db.query('SELECT id FROM as_resources ORDER BY id')).toEqual(before);
    });

    it('each party keeps its own cookie, scoped to its own path', () => {
      const names = browser.cookieNames();
      expect(names).toEqual(expect.arrayContaining(['steward_sid@/as', 'steward_sid@/banks/norma', 'steward_sid@/banks/astoria']));
    });
  });

  describe('Phase 2 — Authorization through Grapher', () => {
    it('Grapher offers the AS button, prefilled with the local AS', async () => {
      const page = await browser.get(`${run.baseUrl}/grapher`);
      const form = forms(page).find((f) => f.action === '/grapher/connect');
      expect(form?.fields.issuer).toBe(`${run.baseUrl}/as`);
    });

    it('acct: → WebFinger → discovery → registration → consent listing every account → code → tokens', async () => {
      let page = await browser.get(`${run.baseUrl}/grapher`);
      page = await browser.submit(page, '/grapher/connect', { issuer: `acct:nat@${new URL(run.baseUrl).host}` });
      // The person is already signed in at the AS (Phase 1), so the consent page shows at once.
      expect(page.url).toContain('/as/consent/');
      const t = text(page);
      expect(t).toContain('Grapher wants your data at:');
      expect(t).toContain('not verified');
      const consent = forms(page).find((f) => f.action.includes('/as/consent/'))!;
      expect(consent.fields.resource).toHaveLength(5);
      for (const label of ['Norma Securities — Self-Directed Brokerage ••5394', 'Bank of Astoria', 'Monami Card', 'Lastish Fundco']) expect(t).toContain(label);
      page = await browser.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
      expect(page.url).toBe(`${run.baseUrl}/grapher/picture`);
      expect(page.status).toBe(200);
    });
  });

  describe('Phase 3 and 4 — Get Data, Service Provision', () => {
    it('Grapher draws net worth and balances as inline SVG from every bank', async () => {
      const page = await browser.get(`${run.baseUrl}/grapher/picture`);
      expect(page.status).toBe(200);
      expect(page.html).not.toContain('bank-failure');
      expect((page.html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
      const t = text(page);
      for (const bank of ['Norma Securities', 'Lastish Fundco', 'Monami Card', 'Bank of Astoria']) expect(t).toContain(bank);
      expect(t).toMatch(/Net worth \$[\d,]+\.\d{2}/);
    });

    it('the picture never shows a token', async () => {
      const page = await browser.get(`${run.baseUrl}/grapher/picture`);
      expect(page.html).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    });

    it('the period picker changes the window', async () => {
      const page = await browser.get(`${run.baseUrl}/grapher/picture?months=3`);
      expect(page.status).toBe(200);
      expect(page.html).toContain('aria-current="page">3 months');
      const bad = await browser.get(`${run.baseUrl}/grapher/picture?months=7`);
      expect(bad.status).toBe(400);
    });
  });

  describe('A bank that fails', () => {
    it('is named beside the charts, and the other banks still draw', async () => {
      // Monami stops trusting the AS for its card; Lastish's endpoint points at a port where nothing listens.
      await run.db.query(`DELETE FROM bank_delegations WHERE bank_id = 'monami'`);
      await run.db.query(`UPDATE as_resources SET endpoint = 'http://127.0.0.1:9/fdx/v6/accounts/436922' WHERE name LIKE 'Lastish%'`);
      const page = await browser.get(`${run.baseUrl}/grapher/picture`);
      expect(page.status).toBe(200);
      const failures = page.html.match(/class="alert bank-failure"[^]*?<\/p>/g) ?? [];
      expect(failures).toHaveLength(2);
      expect(failures.join(' ')).toContain('Monami Card</strong>: the bank answered HTTP 401');
      expect(failures.join(' ')).toContain('Lastish Fundco</strong>: unreachable');
      expect((page.html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
      expect(text(page)).toContain('Norma Securities');
    });
  });

  describe('Disconnect', () => {
    it('revokes at the AS and forgets the connection', async () => {
      let page = await browser.get(`${run.baseUrl}/grapher`);
      page = await browser.submit(page, '/grapher/disconnect');
      expect(page.url).toBe(`${run.baseUrl}/grapher`);
      expect(forms(page).some((f) => f.action === '/grapher/connect')).toBe(true);
      const picture = await browser.get(`${run.baseUrl}/grapher/picture`);
      expect(text(picture)).toContain('Not connected');
      const rows = await run.db.query(`SELECT status FROM as_grants WHERE scope LIKE '%accounts:read%'`);
      expect(rows).toEqual([{ status: 'REVOKED' }]);
    });
  });
});
