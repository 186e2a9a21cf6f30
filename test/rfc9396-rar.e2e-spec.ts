import jwt from 'jsonwebtoken';
import { Browser, text } from './support/browser.js';
import { authorize, authorizeUrl, basic, delegateBank, getJson, obtainTokens, pkce, postForm, redeem, registerClient, TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

const ACTIONS = ['list_accounts', 'read_balances', 'read_transactions'];

/** RFC 9396 Rich Authorization Requests, type account_information: from the request to the consent, the token response and each bank token. */
describe('RFC 9396: authorization_details of type account_information', () => {
  let run: RunningApp;
  let browser: Browser;
  let client: TestClient;
  const bank = (id: string) => `${run.baseUrl}/banks/${id}`;

  /** An authorization with these details (and no scope unless given), the person's choices applied; the token response. */
  async function withDetails(details: unknown[], choose?: (f: Record<string, string | string[]>) => Record<string, string | string[]>, scope?: string) {
    const p = pkce();
    const url = authorizeUrl(run.baseUrl, client, { scope, authorization_details: JSON.stringify(details), code_challenge: p.challenge, code_challenge_method: 'S256' });
    const back = await authorize(browser, url, 'allow', choose);
    const res = await redeem(run.baseUrl, client, back.searchParams.get('code')!, p.verifier);
    expect(res.status).toBe(200);
    return res.json;
  }

  /** The error the AS sends back to the client for a malformed request (RFC 9396 §5). */
  async function refused(details: string): Promise<URL> {
    const p = pkce();
    const res = await fetch(authorizeUrl(run.baseUrl, client, { scope: undefined, authorization_details: details, code_challenge: p.challenge, code_challenge_method: 'S256' }), { redirect: 'manual' });
    expect(res.status).toBe(303);
    return new URL(res.headers.get('location')!);
  }

  beforeAll(async () => {
    run = await startApp();
    browser = new Browser();
    for (const id of ['norma', 'monami', 'astoria']) await delegateBank(browser, run.baseUrl, id);
    client = await registerClient(run.baseUrl, { client_name: 'Rich App' });
  });
  afterAll(() => run.close());

  it('§10: the metadata advertises authorization_details_types_supported', async () => {
    const meta = (await getJson(`${run.baseUrl}/.well-known/oauth-authorization-server/as`)).json;
    expect(meta.authorization_details_types_supported).toEqual(['account_information']);
  });

  it('§3: the consent renders from the details (only the banks named as locations); §7: the token response carries what was granted', async () => {
    const asked = [{ type: 'account_information', actions: ACTIONS, locations: [bank('norma'), bank('astoria')], datatypes: ['balances', 'transactions'] }];
    const p = pkce();
    const page = await browser.get(authorizeUrl(run.baseUrl, client, { scope: undefined, authorization_details: JSON.stringify(asked), code_challenge: p.challenge, code_challenge_method: 'S256' }));
    const t = text(page);
    for (const words of ['List your accounts', 'See their balances', 'See your transactions', 'Data: balances, transactions']) expect(t).toContain(words);
    expect(t).toContain('Norma Securities');
    expect(t).toContain('Bank of Astoria');
    expect(t).not.toContain('Monami Card —');

    const tokens = await withDetails(asked);
    expect((tokens.scope as string).split(' ').sort()).toEqual(['accounts:read', 'transactions:read']);
    expect(tokens.authorization_details).toEqual([{ type: 'account_information', actions: ACTIONS, locations: [bank('astoria'), bank('norma')], datatypes: ['balances', 'transactions'] }]);
  });

  it('the person narrows as today: the granted locations are the banks of the accounts chosen; each Intro token carries its account’s details (§9.1)', async () => {
    const asked = [{ type: 'account_information', actions: ['list_accounts', 'read_balances'] }];
    const [norma] = (await run.db.query(`SELECT id FROM as_resources WHERE endpoint LIKE '%/banks/norma/%'`)) as { id: string }[];
    const tokens = await withDetails(asked, (f) => ({ ...f, resource: (f.resource as string[]).filter((id) => id !== norma.id) }));
    expect(tokens.authorization_details).toEqual([{ type: 'account_information', actions: ['list_accounts', 'read_balances'], locations: [bank('astoria'), bank('monami')] }]);
    expect(tokens.scope).toBe('accounts:read');

    const intro = (await getJson(`${run.baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json as Record<string, { access_token: string; bank_id: string; endpoint: string }>;
    expect(Object.values(intro).length).toBe(3);
    for (const entry of Object.values(intro)) {
      const claims = jwt.decode(entry.access_token) as Record<string, any>;
      expect(claims.authorization_details).toEqual([{ type: 'account_information', actions: ['list_accounts', 'read_balances'], locations: [entry.bank_id], identifier: claims.resource_id }]);
      expect((await fetch(entry.endpoint, { headers: { authorization: `Bearer ${entry.access_token}` } })).status).toBe(200);
    }
  });

  it('§3 at PAR (RFC 9126): details pushed are the request; a bad detail is refused at the push, 400 invalid_authorization_details', async () => {
    const asked = [{ type: 'account_information', actions: ['read_transactions'], locations: [bank('monami')] }];
    const p = pkce();
    const push = (details: string) =>
      postForm(
        `${run.baseUrl}/as/par`,
        { response_type: 'code', redirect_uri: client.redirect_uri, authorization_details: details, state: 'st-par', code_challenge: p.challenge, code_challenge_method: 'S256' },
        { authorization: basic(client.client_id, client.client_secret) },
      );
    const bad = await push('[{"type":"payment_initiation"}]');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid_authorization_details');
    const pushed = await push(JSON.stringify(asked));
    expect(pushed.status).toBe(201);
    const url = `${run.baseUrl}/as/authorize?client_id=${encodeURIComponent(client.client_id)}&request_uri=${encodeURIComponent(pushed.json.request_uri as string)}`;
    const back = await authorize(browser, url, 'allow');
    const res = await redeem(run.baseUrl, client, back.searchParams.get('code')!, p.verifier);
    expect(res.json.scope).toBe('transactions:read');
    expect(res.json.authorization_details).toEqual([{ type: 'account_information', actions: ['read_transactions'], locations: [bank('monami')] }]);
  });

  it('details and scope together are merged (§3.1)', async () => {
    const tokens = await withDetails([{ type: 'account_information', actions: ['read_balances'] }], undefined, 'transactions:read');
    expect((tokens.scope as string).split(' ').sort()).toEqual(['accounts:read', 'transactions:read']);
  });

  it('a scope-only request keeps working, with no authorization_details anywhere', async () => {
    const tokens = await obtainTokens(browser, run.baseUrl, client);
    expect(tokens).not.toHaveProperty('authorization_details');
    const entry = Object.values((await getJson(`${run.baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json as Record<string, { access_token: string }>)[0];
    expect(jwt.decode(entry.access_token)).not.toHaveProperty('authorization_details');
  });

  it('§5: an unknown type, an unknown field, a wrong value, a missing field or not JSON is invalid_authorization_details, sent back with state and iss', async () => {
    for (const bad of [
      '[{"type":"payment_initiation","actions":["read_balances"]}]',
      '[{"type":"account_information","actions":["read_balances"],"instructedAmount":1}]',
      '[{"type":"account_information","actions":["transfer_money"]}]',
      '[{"type":"account_information","actions":["read_balances"],"locations":["not a url"]}]',
      '[{"type":"account_information"}]',
      '[{"actions":["read_balances"]}]',
      '{"type":"account_information"}',
      'not json',
    ]) {
      const back = await refused(bad);
      expect({ bad, error: back.searchParams.get('error') }).toEqual({ bad, error: 'invalid_authorization_details' });
      expect(back.searchParams.get('iss')).toBe(`${run.baseUrl}/as`);
      expect(back.searchParams.get('state')).toMatch(/^st-/);
    }
  });
});
