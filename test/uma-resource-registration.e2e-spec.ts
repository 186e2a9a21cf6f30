import { Browser } from './support/browser.js';
import { obtainPat, obtainTokens, registerClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/** UMA 2.0 Federated Authorization §3: resource registration with a PAT. */
describe('UMA 2.0 FedAuthz §3 resource registration', () => {
  let run: RunningApp;
  let browser: Browser;
  let patA: string;
  let patB: string;
  const rsA = 'https://bank-a.example';
  const rsB = 'https://bank-b.example';
  const rreg = () => `${run.baseUrl}/as/uma/resource_set`;
  const call = (method: string, url: string, pat: string | undefined, body?: unknown) =>
    fetch(url, {
      method,
      headers: { ...(pat ? { authorization: `Bearer ${pat}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const description = (rs: string, id = '1') => ({ resource_scopes: ['accounts:read', 'transactions:read'], name: `Checking ••${id}`, type: 'checking', endpoint: `${rs}/fdx/v6/accounts/${id}` });

  beforeAll(async () => {
    run = await startApp();
    browser = new Browser();
    patA = (await obtainPat(browser, run.baseUrl, rsA, 'Bank A')).pat;
    patB = (await obtainPat(browser, run.baseUrl, rsB, 'Bank B')).pat;
  });
  afterAll(() => run.close());

  it('§3.2.1 create: 201 with Location and _id; §3.2.2 read; §3.2.5 list', async () => {
    const res = await call('POST', rreg(), patA, description(rsA));
    expect(res.status).toBe(201);
    const { _id } = (await res.json()) as { _id: string };
    expect(res.headers.get('location')).toBe(`${rreg()}/${_id}`);
    const read = await call('GET', `${rreg()}/${_id}`, patA);
    expect(await read.json()).toEqual({ _id, ...description(rsA) });
    const list = await call('GET', rreg(), patA);
    expect(await list.json()).toContain(_id);
  });

  it('§3.2.3 update and §3.2.4 delete', async () => {
    const { _id } = (await (await call('POST', rreg(), patA, description(rsA, '2'))).json()) as { _id: string };
    const upd = await call('PUT', `${rreg()}/${_id}`, patA, { ...description(rsA, '2'), name: 'Renamed' });
    expect(upd.status).toBe(200);
    expect(((await (await call('GET', `${rreg()}/${_id}`, patA)).json()) as { name: string }).name).toBe('Renamed');
    expect((await call('DELETE', `${rreg()}/${_id}`, patA)).status).toBe(204);
    expect((await call('GET', `${rreg()}/${_id}`, patA)).status).toBe(404);
  });

  it("another bank's resource is not_found (404) and stays untouched", async () => {
    const { _id } = (await (await call('POST', rreg(), patA, description(rsA, '3'))).json()) as { _id: string };
    for (const [method, body] of [['GET', undefined], ['PUT', description(rsB, '3')], ['DELETE', undefined]] as const) {
      const res = await call(method, `${rreg()}/${_id}`, patB, body);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: string }).error).toBe('not_found');
    }
    expect(await (await call('GET', rreg(), patB)).json()).not.toContain(_id);
    expect((await call('GET', `${rreg()}/${_id}`, patA)).status).toBe(200);
  });

  it("a bank cannot register an endpoint outside its own resource server", async () => {
    const res = await call('POST', rreg(), patA, description(rsB, '4'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('§3.3 invalid_request for a description without resource_scopes, and nothing is written', async () => {
    const before = await run.db.query('SELECT COUNT(*) AS n FROM as_resources');
    const res = await call('POST', rreg(), patA, { name: 'x', endpoint: `${rsA}/fdx/v6/accounts/5` });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
    expect(await run.db.query('SELECT COUNT(*) AS n FROM as_resources')).toEqual(before);
  });

  it('§3.3 unsupported_method_type (405) for PATCH', async () => {
    const res = await call('PATCH', `${rreg()}/anything`, patA, {});
    expect(res.status).toBe(405);
    expect(((await res.json()) as { error: string }).error).toBe('unsupported_method_type');
  });

  it('needs a PAT: no token is 401 with a challenge that carries no error code (RFC 6750 §3.1)', async () => {
    const res = await call('GET', rreg(), undefined);
    expect(res.status).toBe(401);
    // Both schemes it takes (a FAPI 2.0 bank's PAT is DPoP-bound, RFC 9449 §7.1), neither with an error code.
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="steward", DPoP realm="steward", algs="ES256 PS256 EdDSA"');
  });

  it('authenticates before it reads the body: no PAT is 401 and an app token is 403, whatever the body (RFC 6750 §3.1)', async () => {
    const broken = { resource_scopes: 'not a list', endpoint: 42 };
    const none = await call('POST', rreg(), undefined, broken);
    expect(none.status).toBe(401);
    const app = await call('POST', rreg(), 'x'.repeat(43), broken);
    expect(app.status).toBe(401);
    expect(app.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const appToken = (await obtainTokens(browser, run.baseUrl, await registerClient(run.baseUrl), 'accounts:read')).access_token as string;
    const wrongScope = await call('POST', rreg(), appToken, broken);
    expect(wrongScope.status).toBe(403);
    expect(wrongScope.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('the scheme is case-insensitive (RFC 9110 §11.1): "bearer <PAT>" registers', async () => {
    const res = await fetch(rreg(), { method: 'POST', headers: { authorization: `bearer ${patA}`, 'content-type': 'application/json' }, body: JSON.stringify({ resource_scopes: ['accounts:read'], endpoint: `${rsA}/accounts/lower-case` }) });
    expect(res.status).toBe(201);
  });
});
