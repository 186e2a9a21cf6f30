import { Browser } from './support/browser.js';
import { delegateBank, getJson, obtainTokens, registerClient } from './support/fixtures.js';
import { startApp } from './support/app.js';

/** Two apps in one process (as e2e suites do) must not share a bank's token checks. */
describe('Two apps in one process', () => {
  it('a bank keeps verifying tokens after another app in the same process started and closed', async () => {
    const first = await startApp();
    try {
      const browser = new Browser();
      await delegateBank(browser, first.baseUrl, 'norma');
      const tokens = await obtainTokens(browser, first.baseUrl, await registerClient(first.baseUrl));
      const [entry] = Object.values((await getJson(`${first.baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json) as { endpoint: string; access_token: string }[];
      const second = await startApp();
      await second.close();
      const res = await getJson(entry.endpoint, { authorization: `Bearer ${entry.access_token}` });
      expect(res.status).toBe(200);
      expect(res.json.accountId).toBe('5835394');
    } finally {
      await first.close();
    }
  });
});
