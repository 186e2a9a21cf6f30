import type { ExchangeView } from '../src/demo/trace-view.service.js';
import { Writable } from 'node:stream';
import { Browser } from './support/browser.js';
import { basic, DEMO, delegateBank, getJson, obtainTokens, postForm, registerClient, TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/** What an operator reads: a line per request with its id, a reason for every refused token, and no secret. */
describe('The log', () => {
  let run: RunningApp;
  let client: TestClient;
  let tokens: Record<string, any>;
  let intro: Record<string, { endpoint: string; access_token: string; bank_id: string }>;
  const lines: Record<string, any>[] = [];
  let raw = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      raw += String(chunk);
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const since = (mark: number) => lines.slice(mark);

  beforeAll(async () => {
    // Every bank call is rechecked with the AS (RFC 7662), so a bank's request makes a call of its own.
    run = await startApp({ LOG_LEVEL: 'debug', LOG_FORMAT: 'json', BANK_TOKEN_RECHECK_SECONDS: '0' }, { logTo: sink });
    const browser = new Browser();
    await delegateBank(browser, run.baseUrl, 'norma');
    await delegateBank(browser, run.baseUrl, 'astoria');
    client = await registerClient(run.baseUrl);
    tokens = await obtainTokens(browser, run.baseUrl, client);
    intro = (await getJson(`${run.baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).json;
  });
  afterAll(() => run.close());

  it('has one JSON line per request with method, URL, status, the answering party and a request id it also answers', async () => {
    const mark = lines.length;
    const res = await fetch(`${run.baseUrl}/.well-known/oauth-authorization-server/as`);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 50));
    expect(since(mark)).toContainEqual(
      expect.objectContaining({ level: 30, reqId: id, req: expect.objectContaining({ method: 'GET', url: '/.well-known/oauth-authorization-server/as', party: 'as' }), res: { statusCode: 200 } }),
    );
  });

  it("keeps a caller's well-formed X-Request-Id and sends it on the calls made for that request (bank → AS)", async () => {
    const norma = Object.values(intro).find((e) => e.bank_id.endsWith('/banks/norma'))!;
    const mine = 'op-check-0001';
    const mark = lines.length;
    const res = await fetch(norma.endpoint, { headers: { 'x-request-id': mine, authorization: `Bearer ${norma.access_token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(mine);
    await new Promise((r) => setTimeout(r, 50));
    const mineLines = since(mark).filter((l) => l.reqId === mine);
    expect(mineLines).toContainEqual(expect.objectContaining({ req: expect.objectContaining({ method: 'POST', url: '/as/introspect', party: 'as', caller: 'bank:norma' }) }));
    expect(mineLines).toContainEqual(expect.objectContaining({ req: expect.objectContaining({ method: 'GET', party: 'bank:norma' }), res: { statusCode: 200 } }));
    // The demo trace shows it: on the bank's own answer, and on the call the bank made to the AS.
    const exchanges = (await getJson(`${run.baseUrl}/demo/api/trace`)).json.exchanges as ExchangeView[];
    expect(exchanges).toContainEqual(expect.objectContaining({ to: 'bank:norma', response: expect.objectContaining({ headers: expect.objectContaining({ 'x-request-id': mine }) }) }));
    expect(exchanges).toContainEqual(
      expect.objectContaining({ from: 'bank:norma', url: '/as/introspect', request: expect.objectContaining({ headers: expect.objectContaining({ 'x-request-id': mine }) }) }),
    );
  });

  it('gives a fresh id to a request whose X-Request-Id is not well formed (no forged log lines)', async () => {
    const res = await fetch(`${run.baseUrl}/.well-known/oauth-authorization-server/as`, { headers: { 'x-request-id': 'forged {"level":60}' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((l) => l.level === 60)).toEqual([]);
  });

  it('says why a token was refused: a Norma token at Astoria is for another resource server (aud)', async () => {
    const norma = Object.values(intro).find((e) => e.bank_id.endsWith('/banks/norma'))!;
    const mark = lines.length;
    const res = await fetch(`${run.baseUrl}/banks/astoria/fdx/v6/accounts/8879874`, { headers: { authorization: `Bearer ${norma.access_token}` } });
    expect(res.status).toBe(401);
    const id = res.headers.get('x-request-id');
    expect(since(mark)).toContainEqual(
      expect.objectContaining({ level: 30, reqId: id, event: 'token_refused', party: 'bank:astoria', error: 'invalid_token', reason: expect.stringContaining('(aud)') }),
    );
  });

  it.each([
    ['Intro, with an unknown token', () => fetch(`${run.baseUrl}/as/intro`, { headers: { authorization: 'Bearer not-a-token' } }), 'as', /unknown, expired or revoked/],
    ['the token endpoint, with a used-up code', () => postForm(`${run.baseUrl}/as/token`, { grant_type: 'authorization_code', code: 'nope', redirect_uri: client.redirect_uri, code_verifier: 'v'.repeat(43) }, { authorization: basic(client.client_id, client.client_secret) }), 'as', /./],
  ])('at %s: one info line with the reason', async (_where, call, party, reason) => {
    const mark = lines.length;
    await call();
    await new Promise((r) => setTimeout(r, 50));
    const refused = since(mark).filter((l) => l.event === 'token_refused');
    expect(refused).toEqual([expect.objectContaining({ level: 30, party, reason: expect.stringMatching(reason) })]);
  });

  it('at introspection: the AS says why a token is inactive, though the bank only hears active=false', async () => {
    const norma = Object.values(intro).find((e) => e.bank_id.endsWith('/banks/norma'))!;
    const mark = lines.length;
    // Grapher is no resource server: its call is answered active=false, and the log says why.
    const res = await postForm(`${run.baseUrl}/as/introspect`, { token: norma.access_token }, { authorization: basic(client.client_id, client.client_secret) });
    expect(res.json).toEqual({ active: false });
    expect(since(mark)).toContainEqual(expect.objectContaining({ event: 'token_refused', party: 'as', reason: 'the caller is not a resource server' }));
  });

  it('never holds a secret: tokens, codes, client secrets, passwords, cookies, Authorization headers', async () => {
    const secrets = [tokens.access_token, tokens.refresh_token, client.client_secret, DEMO.password, ...Object.values(intro).map((e) => e.access_token)];
    for (const s of secrets) {
      expect(typeof s).toBe('string');
      expect(raw).not.toContain(s);
    }
    expect(raw).not.toMatch(/Bearer [A-Za-z0-9]/);
    expect(raw).not.toMatch(/Basic [A-Za-z0-9]/);
    expect(raw).not.toMatch(/[?&]code=(?!\[redacted\])/);
    expect(raw).not.toMatch(/"(cookie|set-cookie)":"(?!\[redacted\])/);
    // At debug the request headers are there, censored.
    expect(lines.some((l) => l.req?.headers?.authorization === '[redacted]')).toBe(true);
    expect(lines.some((l) => l.req?.headers?.cookie === '[redacted]')).toBe(true);
  });
});
