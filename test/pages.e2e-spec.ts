import { GLOSSARY } from '../src/demo/glossary.js';
import { Browser, forms, text } from './support/browser.js';
import { RunningApp, startApp } from './support/app.js';
import { setUpStory } from './support/story.js';

/**
 * Issue 16, the pages a person reads: the dashboard in words, confirmations before anything is
 * removed, a message afterwards, the back button after Allow, a favicon, the help links that resolve,
 * sign-in that keeps the username, and a bank that says what it will register.
 */
describe('What a person reads on the AS, bank and Grapher pages', () => {
  let run: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    run = await startApp();
    browser = await setUpStory(run.baseUrl);
    for (let i = 0; i < 3; i++) await browser.get(`${run.baseUrl}/grapher/picture`);
  });
  afterAll(() => run.close());

  describe('the dashboard', () => {
    let page: Awaited<ReturnType<Browser['get']>>;
    beforeAll(async () => {
      page = await browser.get(`${run.baseUrl}/as/account`);
    });

    it('writes times readably (and machine-readably for the browser to localise) and account types in words', () => {
      expect(page.html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z">\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC<\/time>/);
      expect(page.html).toContain('<script src="/assets/local-time.js" defer></script>');
      const t = text(page);
      for (const words of ['Mutual fund', 'Credit card', 'Checking account', 'Brokerage account']) expect(t).toContain(words);
      expect(t).not.toMatch(/\b(mutualfund|creditcard)\b/);
    });

    it('folds the picture views into one line with a count, and puts banks in the bank column', () => {
      const rows = [...page.html.matchAll(/<tr class="activity-(\w+)">([\s\S]*?)<\/tr>/g)].map((m) => ({ kind: m[1], cells: [...m[2].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()) }));
      const intro = rows.filter((r) => r.kind === 'intro_called');
      expect(intro).toHaveLength(1);
      expect(intro[0].cells[1]).toMatch(/· 4 times/);
      for (const r of rows.filter((r) => r.kind === 'resource_registered' || r.cells[1].includes('register your accounts'))) {
        expect(r.cells[2]).toBe('');
        expect(r.cells[3]).not.toBe('');
      }
    });

    it('asks before Remove and Revoke access (a step in the page, no script), and says what happened afterwards', async () => {
      expect(page.html).toMatch(/<details class="confirm"><summary class="button secondary small">Remove<\/summary>/);
      expect(page.html).toMatch(/<details class="confirm"><summary class="button small">Revoke access<\/summary>/);
      expect(page.html).toContain('Yes, remove it');
      const remove = forms(page).find((f) => f.action.includes('/remove'))!;
      const after = await browser.submit(page, remove.action);
      expect(after.url).toBe(`${run.baseUrl}/as/account`);
      expect(text(after)).toContain('The account was removed');
    });
  });

  it('Disconnect asks first, then says what it did', async () => {
    const home = await browser.get(`${run.baseUrl}/grapher`);
    expect(home.html).toContain('<summary class="button secondary">Disconnect</summary>');
    const after = await browser.submit(home, '/grapher/disconnect');
    expect(text(after)).toContain('Disconnected: Grapher revoked its access at your authorization server');
    expect(text(after)).toContain('AS stands for authorization server');
  });

  it('the back button after Allow says the request completed, with a link back to where the person started', async () => {
    let page = await browser.get(`${run.baseUrl}/grapher`);
    const connect = await browser.submit(page, '/grapher/connect', {}, undefined, false);
    const consentUrl = new URL(connect.headers.get('location')!, connect.url);
    page = await browser.get(consentUrl.toString());
    expect(page.url).toContain('/as/consent/');
    const consent = page.url;
    await browser.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
    const back = await browser.get(consent);
    expect(back.status).toBe(200);
    expect(text(back)).toContain('This request is complete');
    expect(text(back)).toContain('You allowed Grapher');
    expect(back.html).toContain(`href="${run.baseUrl}/grapher/"`);
    const again = await browser.submit(back, '/as/consent/').catch(() => undefined);
    expect(again).toBeUndefined(); // no form to post twice
  });

  it('a wrong password keeps the username, at the AS and at a bank, and no password is echoed', async () => {
    const b = new Browser();
    let page = await b.get(`${run.baseUrl}/as/login`);
    page = await b.submit(page, '/as/login', { username: 'nat', password: 'wrong-password-1' });
    expect(text(page)).toContain('Wrong username or password');
    expect(forms(page).find((f) => f.action.endsWith('/as/login'))!.fields.username).toBe('nat');
    expect(page.html).not.toContain('wrong-password-1');
    page = await b.get(`${run.baseUrl}/as/login`);
    expect(forms(page).find((f) => f.action.endsWith('/as/login'))!.fields.username).toBe('');
    page = await b.get(`${run.baseUrl}/banks/norma`);
    page = await b.submit(page, '/banks/norma/login', { username: 'nat', password: 'wrong-password-2' });
    expect(forms(page).find((f) => f.action.endsWith('/banks/norma/login'))!.fields.username).toBe('nat');
    expect(page.html).not.toContain('wrong-password-2');
  });

  it('the bank lists the accounts it will register before sending the person to the AS, and asks before it stops delegating', async () => {
    const page = await browser.get(`${run.baseUrl}/banks/astoria`);
    expect(text(page)).toContain('Bank of Astoria will register these 2 accounts at your AS');
    expect(text(page)).toMatch(/Astoria Everyday Checking ••\d*9874/);
    expect(page.html).toContain('<summary class="button secondary small">Stop delegating</summary>');
  });

  it('has a favicon, and every help link of the trace points at a section the landing page has', async () => {
    const icon = await fetch(`${run.baseUrl}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
    const landing = await (await fetch(`${run.baseUrl}/`)).text();
    const anchors = new Set(Object.values(GLOSSARY).map((g) => g.url).filter((u) => u.startsWith('/#')));
    expect(anchors.size).toBeGreaterThan(0);
    for (const anchor of anchors) expect(landing).toContain(`id="${anchor.slice(2)}"`);
    expect(landing).toContain('<ul class="bank-links">');
    expect(landing).toMatch(/<code class="addr">http:\/\/[^<]+\/as<\/code>/);
  });

});
