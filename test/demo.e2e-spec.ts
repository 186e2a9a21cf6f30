import type { ExchangeView } from '../src/demo/trace-view.service.js';
import { Browser } from './support/browser.js';
import { getJson } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';


/** Issue 5: the guided tour's play mode, the live trace, the break-it scenarios and reset, over real HTTP. */
describe('Teaching demo', () => {
  let run: RunningApp;
  let csrf: string;
  let cookie: string;
  const post = async (path: string, token = csrf) => {
    const res = await fetch(`${run.baseUrl}${path}`, { method: 'POST', headers: { 'x-csrf-token': token, cookie, accept: 'application/json' } });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  /** The whole trace, page by page, as the tour page reads it: each answer's cursor is the next `since`. */
  const trace = async (reveal = false, since = 0) => {
    const all: ExchangeView[] = [];
    for (let cursor = since, more = true; more; ) {
      const page = (await getJson(`${run.baseUrl}/demo/api/trace?since=${cursor}&reveal=${reveal ? 1 : 0}`)).json as { cursor: number; more: boolean; exchanges: ExchangeView[] };
      all.push(...page.exchanges);
      expect(page.exchanges.length).toBeLessThanOrEqual(100);
      ({ cursor, more } = page);
    }
    return all;
  };

  beforeAll(async () => {
    run = await startApp();
    const page = await new Browser().request('GET', `${run.baseUrl}/demo`);
    csrf = /data-csrf="([^"]+)"/.exec(page.html)![1];
    cookie = page.headers.get('set-cookie')!.split(';')[0];
  });
  afterAll(() => run.close());

  it('the tour page lists the four phases with the seed step numbers', async () => {
    const page = await new Browser().request('GET', `${run.baseUrl}/demo`);
    for (const phase of ['Resource Registration', 'Authorization', 'Get Data', 'Service Provision']) expect(page.html).toContain(phase);
    expect(page.html).toContain('[6]–[9]');
    expect(page.html).toContain('<script src="/assets/demo.js" defer></script>');
  });

  it('controls need the page CSRF token', async () => {
    const res = await post('/demo/api/tour/next', 'forged');
    expect(res.status).toBe(403);
    expect((await post('/demo/api/tour/restart')).body.log).toEqual([]);
  });

  describe('play mode', () => {
    let exchanges: ExchangeView[];
    beforeAll(async () => {
      let state: Record<string, any> = {};
      for (let i = 0; i < 80 && !state.done && !state.error; i++) state = (await post('/demo/api/tour/next')).body;
      expect(state.error).toBeUndefined();
      expect(state.done).toBe(true);
      exchanges = await trace();
    });

    const find = (pred: (e: ExchangeView) => boolean) => {
      const hit = exchanges.find(pred);
      expect(hit).toBeDefined();
      return hit!;
    };

    it('Phase 1: each bank discovers the AS, registers, gets a PAT and registers accounts, on the back channel', () => {
      for (const bank of ['norma', 'lastish', 'monami', 'astoria']) {
        expect(find((e) => e.from === `bank:${bank}` && e.url === '/as/register')).toMatchObject({ phase: 1, channel: 'back', to: 'as', status: 201 });
        // The banks are FAPI 2.0 clients too: the PAT's request is pushed, and the token call retried once with the AS's DPoP nonce.
        expect(find((e) => e.from === `bank:${bank}` && e.url === '/as/par')).toMatchObject({ phase: 1, channel: 'back', status: 201 });
        const tokenCalls = exchanges.filter((e) => e.from === `bank:${bank}` && e.url === '/as/token');
        expect(tokenCalls.slice(0, -1).every((e) => e.status === 400 && (e.response.body as { error?: string }).error === 'use_dpop_nonce')).toBe(true);
        expect(tokenCalls.at(-1)).toMatchObject({ phase: 1, status: 200 });
        expect(find((e) => e.from === `bank:${bank}` && e.url === '/as/uma/resource_set')).toMatchObject({ phase: 1, status: 201 });
        expect(find((e) => e.to === `bank:${bank}` && e.url.endsWith('/delegate'))).toMatchObject({ phase: 1, channel: 'front', from: 'browser', status: 303 });
      }
    });

    it('Phase 2: the authorization request [5], consent [6]–[9], code by redirect [10]–[11], token [12]', () => {
      expect(find((e) => e.seed === '[5]')).toMatchObject({ phase: 2, from: 'browser', to: 'as', status: 303 });
      expect(find((e) => e.seed === '[6]–[7]')).toMatchObject({ method: 'GET', status: 200 });
      expect(find((e) => e.seed === '[8]–[9]')).toMatchObject({ method: 'POST', status: 303 });
      expect(find((e) => e.seed === '[10]–[11]')).toMatchObject({ to: 'grapher', status: 303 });
      // Grapher is a FAPI 2.0 client here: its first proof has no nonce, the AS asks for one (RFC 9449 §8), the retry gets the tokens.
      const tokenCalls = exchanges.filter((e) => e.seed === '[12]');
      expect(tokenCalls.slice(0, -1).every((e) => e.status === 400 && (e.response.body as { error?: string }).error === 'use_dpop_nonce')).toBe(true);
      const token = tokenCalls.at(-1)!;
      expect(token).toMatchObject({ from: 'grapher', to: 'as', channel: 'back', url: '/as/token', status: 200 });
      expect(token.params.map((p) => p.name)).toEqual(expect.arrayContaining(['grant_type', 'code', 'redirect_uri', 'code_verifier', 'intro_endpoint']));
    });

    it('Phase 3: Intro [13]–[15] with five decoded bank tokens, whose aud is each bank; then every bank [16]–[19]', () => {
      const intro = find((e) => e.seed === '[13]–[15]');
      expect(intro).toMatchObject({ from: 'grapher', to: 'as', channel: 'back', status: 200 });
      const bankTokens = intro.jwts.filter((j) => j.where.startsWith('response'));
      expect(bankTokens).toHaveLength(5);
      const auds = bankTokens.map((j) => j.claims.find((c) => c.name === 'aud')?.value);
      expect(new Set(auds)).toEqual(new Set(['norma', 'lastish', 'monami', 'astoria'].map((b) => `${run.baseUrl}/banks/${b}`)));
      for (const j of bankTokens) expect(j.signature).toBe('verified with the AS JWKS');
      for (const bank of ['norma', 'lastish', 'monami', 'astoria']) {
        expect(find((e) => e.seed === '[16]–[19]' && e.to === `bank:${bank}`)).toMatchObject({ from: 'grapher', channel: 'back', status: 200 });
      }
    });

    it('Phase 4: the picture [20]–[22]', () => {
      expect(find((e) => e.seed === '[20]–[22]')).toMatchObject({ phase: 4, from: 'browser', to: 'grapher', status: 200 });
    });

    it('the trace API answers only what is new after the cursor, in pages, each exchange once', async () => {
      const ids = exchanges.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      const first = (await getJson(`${run.baseUrl}/demo/api/trace?since=0&limit=10`)).json as { cursor: number; more: boolean; exchanges: ExchangeView[] };
      expect(first.exchanges.map((e) => e.id)).toEqual(ids.slice(0, 10));
      expect(first).toMatchObject({ cursor: ids[9], more: true });
      // The classification of an exchange does not depend on where the page starts.
      const later = await trace(false, ids[9]);
      expect(later.map((e) => [e.id, e.phase, e.title])).toEqual(exchanges.slice(10).map((e) => [e.id, e.phase, e.title]));
      const newest = ids[ids.length - 1];
      const none = (await getJson(`${run.baseUrl}/demo/api/trace?since=${newest + 1000}`)).json as { cursor: number; exchanges: ExchangeView[] };
      expect(none.exchanges).toEqual([]);
    });

    it('secrets are masked unless revealed', async () => {
      const masked = JSON.stringify(exchanges);
      expect(masked).not.toContain('nat-demo');
      expect(masked).not.toMatch(/"access_token":"[A-Za-z0-9_-]{40,}/);
      const revealed = JSON.stringify(await trace(true));
      expect(revealed).toContain('nat-demo');
      expect(revealed).toMatch(/"access_token":"[A-Za-z0-9_-]{40,}/);
    });
  });

  describe('break it on purpose', () => {
    it.each(['replay-code', 'cross-bank', 'tampered-jwt', 'deny', 'revoke', 'bank-down', 'bank-token-without-key', 'cuckoo-token'])('%s shows its protection', async (name) => {
      const res = await post(`/demo/api/scenarios/${name}`);
      expect(res.status).toBe(200);
      expect(res.body.observed).toEqual(expect.any(String));
      expect(res.body.passed).toBe(true);
    });

    it('the revoke scenario shows the push: the SET decoded on its way to each bank, signature checked, and the bank refusing next', async () => {
      const res = await post('/demo/api/scenarios/revoke');
      expect(res.body.passed).toBe(true);
      expect(res.body.observed).toContain('Norma after: 401');
      await new Promise((r) => setTimeout(r, 300));
      const pushes = (await trace(false, res.body.trace.from - 1)).filter((e) => e.url.endsWith('/ssf/events'));
      expect(pushes.map((e) => e.to).sort()).toEqual(['bank:astoria', 'bank:lastish', 'bank:monami', 'bank:norma']);
      for (const push of pushes) {
        expect(push.status).toBe(202);
        expect(push.title).toContain('pushes a revocation');
        const [set] = push.jwts;
        expect(set.where).toContain('Security Event Token');
        expect(set.signature).toBe('verified with the AS JWKS');
        expect(set.claims.find((c) => c.name === 'events')?.value).toHaveProperty(['https://schemas.openid.net/secevent/caep/event-type/session-revoked']);
      }
    });

    it('the DPoP scenarios show why the bank refused: the missing key, and the foreign issuer (FAPI 2.0 §6.3)', async () => {
      const stolen = (await post('/demo/api/scenarios/bank-token-without-key')).body.observed as string;
      expect(stolen).toMatch(/as Bearer: 401 \(the access token is bound to a DPoP key/);
      expect(stolen).toMatch(/with the thief's key [A-Za-z0-9_-]{8}…: 401 \(the DPoP proof is signed with a key other than the one the token is bound to\)/);
      expect(stolen).toContain('the app with its key: 200');
      const cuckoo = (await post('/demo/api/scenarios/cuckoo-token')).body.observed as string;
      expect(cuckoo).toMatch(/: 401 \(the token was not issued by the authorization server this account is delegated to\)/);
    });

    it('each result names the trace ids of the exchanges it made, and those are its own', async () => {
      const res = await post('/demo/api/scenarios/cross-bank');
      const { from, to } = res.body.trace as { from: number; to: number };
      expect(to).toBeGreaterThanOrEqual(from);
      const made = (await trace(false, from - 1)).filter((e) => e.id <= to);
      expect(made.length).toBe(to - from + 1);
      expect(made.some((e) => e.to === 'bank:astoria' && e.status === 401)).toBe(true);
    });

    it('the bank-down scenario shows 503 from the bank on Grapher, and the bank is back afterwards', async () => {
      const res = await post('/demo/api/scenarios/bank-down');
      expect(res.body.observed).toContain('503');
      const after = await trace();
      expect(after.some((e) => e.to === 'bank:monami' && e.status === 503)).toBe(true);
    });
  });

  describe('reveal, reset and the outage switch are for the machine running Steward only', () => {
    // What a visitor over the network looks like here: through a proxy on this host (a forwarding header).
    // (Another Host — DNS rebinding — cannot be sent with fetch; src/common/guards/local-only.guard.spec.ts.)
    const remote: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }];

    it('a remote visitor gets 403 for reveal, and no secret', async () => {
      for (const headers of remote) {
        const res = await fetch(`${run.baseUrl}/demo/api/trace?reveal=1`, { headers: { accept: 'application/json', ...headers } });
        const text = await res.text();
        expect({ headers, status: res.status }).toEqual({ headers, status: 403 });
        expect(text).not.toContain('nat-demo');
      }
    });

    it('a remote visitor, even with a CSRF token from /demo, cannot reset the demo or switch a bank off', async () => {
      const clients = ((await run.db.query('SELECT COUNT(*) AS n FROM as_clients')) as { n: number }[])[0].n;
      for (const headers of remote) {
        const reset = await fetch(`${run.baseUrl}/demo/api/reset`, { method: 'POST', headers: { 'x-csrf-token': csrf, cookie, accept: 'application/json', ...headers } });
        expect({ headers, status: reset.status }).toEqual({ headers, status: 403 });
        const outage = await fetch(`${run.baseUrl}/banks/monami/demo/outage`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: '{"down":true}' });
        expect({ headers, status: outage.status }).toEqual({ headers, status: 403 });
      }
      expect(((await run.db.query('SELECT COUNT(*) AS n FROM as_clients')) as { n: number }[])[0].n).toBe(clients);
      expect(clients).toBeGreaterThan(0);
    });

    it('masked values show no character of the secret', async () => {
      const masked = JSON.stringify(await trace());
      expect(masked).toContain('••••••');
      expect(masked).not.toMatch(/…\(\d+ chars\)/);
    });
  });

  it('reset brings the demo back to its first state', async () => {
    expect(((await run.db.query('SELECT COUNT(*) AS n FROM as_resources')) as { n: number }[])[0].n).toBeGreaterThan(0);
    const res = await post('/demo/api/reset');
    expect(res.status).toBe(200);
    for (const table of ['as_resources', 'as_grants', 'as_tokens', 'as_clients', 'bank_delegations', 'grapher_connections']) {
      expect(await run.db.query(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual([{ n: 0 }]);
    }
    expect(await run.db.query('SELECT username FROM as_users')).toEqual([{ username: 'nat' }]);
    expect(((await run.db.query('SELECT COUNT(*) AS n FROM bank_transactions')) as { n: number }[])[0].n).toBeGreaterThan(1000);
    expect(await trace()).toEqual([]);
  });
});

describe('Teaching demo switched off', () => {
  it('TRACE=off records nothing at all, while the parties work as before', async () => {
    const run = await startApp({ TRACE: 'off' });
    try {
      const page = await new Browser().request('GET', `${run.baseUrl}/banks/norma`);
      expect(page.status).toBe(200);
      expect((await fetch(`${run.baseUrl}/.well-known/oauth-authorization-server/as`)).status).toBe(200);
      expect((await getJson(`${run.baseUrl}/demo/api/trace`)).json).toEqual({ enabled: false, cursor: 0, more: false, exchanges: [] });
    } finally {
      await run.close();
    }
  });

  it('DEMO=off hides /demo and the bank outage switch', async () => {
    const run = await startApp({ DEMO: 'off' });
    try {
      expect((await fetch(`${run.baseUrl}/demo`)).status).toBe(404);
      expect((await fetch(`${run.baseUrl}/demo/api/trace`)).status).toBe(404);
      expect((await fetch(`${run.baseUrl}/banks/monami/demo/outage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"down":true}' })).status).toBe(404);
    } finally {
      await run.close();
    }
  });
});
