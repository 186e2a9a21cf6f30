import { Browser, Page } from './browser.js';
import { BANK_IDS, delegateBank } from './fixtures.js';

/** Grapher's AS button, then Allow at the consent page: the page Grapher lands on. */
export async function connectGrapher(browser: Browser, baseUrl: string): Promise<Page> {
  let page = await browser.get(`${baseUrl}/grapher`);
  page = await browser.submit(page, '/grapher/connect');
  return browser.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
}

/** The whole story by browser: every bank delegated to the AS, Grapher connected; the browser that did it. */
export async function setUpStory(baseUrl: string): Promise<Browser> {
  const browser = new Browser();
  for (const bank of BANK_IDS) await delegateBank(browser, baseUrl, bank);
  const page = await connectGrapher(browser, baseUrl);
  if (page.url !== `${baseUrl}/grapher/picture`) throw new Error(`not connected: ${page.url}`);
  return browser;
}

/** How many accounts the picture's table lists. */
export function accountRows(page: Page): number {
  const table = /<table class="accounts">([\s\S]*?)<\/table>/.exec(page.html);
  return table ? (table[1].match(/<tr>/g)?.length ?? 1) - 1 : 0;
}
