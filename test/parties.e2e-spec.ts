import { Browser, forms, text } from './support/browser.js';
import { BANK_IDS, delegateBank, getJson } from './support/fixtures.js';
import { RunningApp, SplitDeployment, startParties } from './support/app.js';

/**
 * One party per process (PARTIES): the AS, the banks and Grapher as three apps on three ports of 127.0.0.1,
 * each with its own database, finding the others only by AS_URL, BANKS_URL and GRAPHER_URL.
 */
describe('The story with the three parties in three processes', () => {
  let d: SplitDeployment;
  const browser = new Browser();

  beforeAll(async () => {
    d = await startParties();
  }, 120_000);
  afterAll(() => d?.close());

  it('each process serves only its own party, and its probes', async () => {
    expect((await getJson(`${d.as.baseUrl}/.well-known/oauth-authorization-server/as`)).json.issuer).toBe(`${d.as.baseUrl}/as`);
    expect((await fetch(`${d.as.baseUrl}/banks/norma`)).status).toBe(404);
    expect((await fetch(`${d.as.baseUrl}/grapher`)).status).toBe(404);
    expect((await fetch(`${d.banks.baseUrl}/as/jwks`)).status).toBe(404);
    expect((await fetch(`${d.banks.baseUrl}/grapher`)).status).toBe(404);
    expect((await fetch(`${d.grapher.baseUrl}/.well-known/oauth-authorization-server/as`)).status).toBe(404);
    expect((await fetch(`${d.grapher.baseUrl}/banks/norma`)).status).toBe(404);
    for (const run of [d.as, d.banks, d.grapher]) {
      expect((await fetch(`${run.baseUrl}/readyz`)).status).toBe(200);
      // The tour drives the whole story from one process: it is not served where a party is missing.
      expect((await fetch(`${run.baseUrl}/demo`)).status).toBe(404);
    }
  });

  it("each process migrates and seeds only its own party: the others' tables are not even there", async () => {
    const count = async (run: RunningApp, table: string) => Number((await run.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    const tables = async (run: RunningApp, names: string[]) => {
      const runner = run.db.source.createQueryRunner();
      try {
        const present: string[] = [];
        for (const name of names) if (await runner.hasTable(name)) present.push(name);
        return present;
      } finally {
        await runner.release();
      }
    };
    const every = ['web_sessions', 'as_users', 'as_signing_keys', 'bank_accounts', 'grapher_connections'];
    expect(await tables(d.as, every)).toEqual(['web_sessions', 'as_users', 'as_signing_keys']);
    expect(await tables(d.banks, every)).toEqual(['web_sessions', 'bank_accounts']);
    expect(await tables(d.grapher, every)).toEqual(['web_sessions', 'grapher_connections']);
    expect(await count(d.as, 'as_users')).toBe(1);
    expect(await count(d.banks, 'bank_accounts')).toBe(5);
  });

  it('the pages link each party where it runs, and the banks and Grapher offer the AS at AS_URL', async () => {
    const landing = await browser.get(`${d.grapher.baseUrl}/`);
    expect(landing.html).toContain(`href="${d.as.baseUrl}/as"`);
    expect(landing.html).toContain(`href="${d.banks.baseUrl}/banks/norma"`);
    expect(landing.html).toContain(`href="${d.grapher.baseUrl}/grapher"`);
    const grapher = await browser.get(`${d.grapher.baseUrl}/grapher`);
    expect(forms(grapher).find((f) => f.action === '/grapher/connect')?.fields.issuer).toBe(`${d.as.baseUrl}/as`);
  });

  it.each(BANK_IDS)('Phase 1 at %s: the bank registers its accounts at the AS in another process', async (bankId) => {
    const page = await delegateBank(browser, d.banks.baseUrl, bankId, `${d.as.baseUrl}/as`);
    expect(page.url).toBe(`${d.banks.baseUrl}/banks/${bankId}`);
    expect(text(page)).toMatch(/Done: [12] account\(s\) now accept only tokens from your authorization server/);
    // The endpoints registered at the AS are the bank's, at BANKS_URL.
    const rows = (await d.as.db.query('SELECT endpoint FROM as_resources')) as { endpoint: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.endpoint.startsWith(`${d.banks.baseUrl}/banks/`)).toBe(true);
  });

  it('Phase 2: Grapher finds the AS by WebFinger on the AS host, and the person consents there', async () => {
    let page = await browser.get(`${d.grapher.baseUrl}/grapher`);
    page = await browser.submit(page, '/grapher/connect', { issuer: `acct:nat@${new URL(d.as.baseUrl).host}` });
    expect(page.url.startsWith(`${d.as.baseUrl}/as/consent/`)).toBe(true);
    expect(forms(page).find((f) => f.action.includes('/as/consent/'))?.fields.resource).toHaveLength(5);
    page = await browser.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
    expect(page.url).toBe(`${d.grapher.baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
  });

  it('Phases 3 and 4: Grapher reads every bank with the tokens Intro gave, and draws the picture', async () => {
    const page = await browser.get(`${d.grapher.baseUrl}/grapher/picture`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('bank-failure');
    const t = text(page);
    for (const bank of ['Norma Securities', 'Lastish Fundco', 'Monami Card', 'Bank of Astoria']) expect(t).toContain(bank);
    expect(t).toMatch(/Net worth \$[\d,]+\.\d{2}/);
  });
});
