import { Browser, text } from './support/browser.js';
import { basic, delegateBank, getJson, obtainTokens, postForm, registerClient, TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

const DATA = 'accounts:read transactions:read';
const QUERY = 'grant_management_query';
const REVOKE = 'grant_management_revoke';

/** Grant Management for OAuth 2.0 (FAPI WG draft): grant_id in the token response, and the client's API over its grant. */
describe('Grant Management for OAuth 2.0', () => {
  let run: RunningApp;
  let browser: Browser;

  const grantUrl = (id: string) => `${run.baseUrl}/as/grants/${encodeURIComponent(id)}`;
  const call = (method: 'GET' | 'DELETE', id: string, token?: string) => fetch(grantUrl(id), { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
  async function connect(scope: string, name = 'Grant Holder'): Promise<{ c: TestClient; tokens: Record<string, any> }> {
    const c = await registerClient(run.baseUrl, { client_name: name, scope: `${DATA} ${QUERY} ${REVOKE}` });
    return { c, tokens: await obtainTokens(browser, run.baseUrl, c, scope) };
  }

  beforeAll(async () => {
    run = await startApp();
    browser = new Browser();
    for (const bank of ['norma', 'astoria']) await delegateBank(browser, run.baseUrl, bank);
  });
  afterAll(() => run.close());

  it('§7.1: the metadata names the endpoint and the actions supported (the API’s query and revoke; create, merge and replace in grant-management-actions)', async () => {
    const meta = (await getJson(`${run.baseUrl}/.well-known/oauth-authorization-server/as`)).json;
    expect(meta.grant_management_endpoint).toBe(`${run.baseUrl}/as/grants`);
    expect(meta.grant_management_actions_supported).toEqual(['query', 'revoke', 'create', 'merge', 'replace']);
    expect(meta.grant_management_action_required).toBe(false);
    expect(meta.scopes_supported).toEqual(expect.arrayContaining([QUERY, REVOKE]));
  });

  it('§5.5: the token response carries grant_id, the same after a refresh, and the dashboard shows the same id', async () => {
    const { c, tokens } = await connect(`${DATA} ${QUERY}`);
    const [row] = (await run.db.query('SELECT id FROM as_grants WHERE client_id = ?', [c.client_id])) as { id: string }[];
    expect(tokens.grant_id).toBe(row.id);
    const refreshed = await postForm(`${run.baseUrl}/as/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, { authorization: basic(c.client_id, c.client_secret) });
    expect(refreshed.json.grant_id).toBe(tokens.grant_id);
    const page = await browser.get(`${run.baseUrl}/as/account`);
    expect(text(page)).toContain(`Grant id ${tokens.grant_id}`);
  });

  it('§6.4: the holder reads its grant with grant_management_query', async () => {
    const { tokens } = await connect(`${DATA} ${QUERY}`);
    const res = await call('GET', tokens.grant_id, tokens.access_token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, any>;
    expect(body.scopes).toEqual([{ scope: `${DATA} ${QUERY}`, resource: expect.arrayContaining([expect.stringContaining('/banks/norma/fdx/v6/accounts/'), expect.stringContaining('/banks/astoria/fdx/v6/accounts/')]) }]);
    expect(body.created_at).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(body.status).toBe('ACTIVE');
  });

  it('§6.6: no token 401, a token without the scope 403, another client’s grant or an unknown id 404', async () => {
    const { tokens } = await connect(`${DATA} ${QUERY}`);
    const noScope = await connect(DATA, 'Data Only');
    const other = await connect(`${DATA} ${QUERY} ${REVOKE}`, 'Someone Else');
    expect((await call('GET', tokens.grant_id)).status).toBe(401);
    const forbidden = await call('GET', noScope.tokens.grant_id, noScope.tokens.access_token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('www-authenticate')).toContain('insufficient_scope');
    expect((await call('GET', tokens.grant_id, other.tokens.access_token)).status).toBe(404);
    expect((await call('DELETE', tokens.grant_id, other.tokens.access_token)).status).toBe(404);
    expect((await call('GET', 'no-such-grant', tokens.access_token)).status).toBe(404);
    // A query token cannot revoke.
    expect((await call('DELETE', tokens.grant_id, tokens.access_token)).status).toBe(403);
    expect((await call('GET', tokens.grant_id, tokens.access_token)).status).toBe(200);
  });

  it('§6.5: DELETE with grant_management_revoke ends the grant and its tokens (204), and its banks refuse its tokens at once', async () => {
    const { c, tokens } = await connect(`${DATA} ${QUERY} ${REVOKE}`);
    const intro = (await getJson(`${run.baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json as Record<string, { endpoint: string; access_token: string }>;
    const entry = Object.values(intro)[0];
    expect((await fetch(entry.endpoint, { headers: { authorization: `Bearer ${entry.access_token}` } })).status).toBe(200);
    const res = await call('DELETE', tokens.grant_id, tokens.access_token);
    expect(res.status).toBe(204);
    const [row] = (await run.db.query('SELECT status FROM as_grants WHERE id = ?', [tokens.grant_id])) as { status: string }[];
    expect(row.status).toBe('REVOKED');
    expect((await getJson(`${run.baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).status).toBe(401);
    const refresh = await postForm(`${run.baseUrl}/as/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, { authorization: basic(c.client_id, c.client_secret) });
    expect(refresh.json.error).toBe('invalid_grant');
    // Pushed to the bank (SSF): refused well inside the 30 s recheck bound.
    const start = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - start < 3000) status = (await fetch(entry.endpoint, { headers: { authorization: `Bearer ${entry.access_token}` } })).status;
    expect(status).toBe(401);
  });
});
