import { Browser } from './support/browser.js';
import { delegateBank, getJson, obtainTokens, registerClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/** EXTRA_DEMO_BANKS: more simulated banks beyond the story's four, for the story at scale. */
describe('Extra demo banks', () => {
  let run: RunningApp;
  beforeAll(async () => {
    run = await startApp({ EXTRA_DEMO_BANKS: '2' });
  });
  afterAll(() => run.close());

  it('each is its own bank, with a checking account that can be delegated and read through Intro', async () => {
    const browser = new Browser();
    for (const bank of ['astoria', 'bank05', 'bank06']) await delegateBank(browser, run.baseUrl, bank);
    const client = await registerClient(run.baseUrl);
    const tokens = await obtainTokens(browser, run.baseUrl, client);
    const map = (await getJson(`${run.baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json as Record<string, { endpoint: string; access_token: string }>;
    expect(Object.keys(map)).toEqual(expect.arrayContaining(['Demo Bank 05', 'Demo Bank 06']));
    const res = await getJson(map['Demo Bank 06'].endpoint, { authorization: `Bearer ${map['Demo Bank 06'].access_token}` });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ accountType: 'CHECKING', productName: 'Demo Bank 06 Checking', accountId: '9100001' });
    const cross = await getJson(map['Demo Bank 05'].endpoint, { authorization: `Bearer ${map['Demo Bank 06'].access_token}` });
    expect(cross.status).toBe(401);
    expect((await fetch(`${run.baseUrl}/banks/bank07`)).status).toBe(404);
  });

  it('GET /healthz answers ok', async () => {
    expect((await getJson(`${run.baseUrl}/healthz`)).json).toEqual({ status: 'ok' });
  });
});
