import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import jwt from 'jsonwebtoken';
import { Browser, text } from './support/browser.js';
import { basic, getJson, obtainPat, obtainTokens, postForm, registerClient, TestClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';
import { startLocalOrigin, type LocalOrigin } from './support/local-origin.js';
import { setUpStory } from './support/story.js';

/** The fallback bound: long enough that only a push can explain a refusal well inside it. */
const RECHECK_S = 5;
const SESSION_REVOKED = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';
const RESOURCE_DELETED = 'urn:steward:secevent:event-type:resource-deleted';

type Entry = { endpoint: string; access_token: string };

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => resolve(data));
  });
}

/**
 * Shared Signals Framework 1.0 with RFC 8935 push delivery of RFC 8417 SETs (issue 13): the AS transmits,
 * each bank receives, and a revocation stops every bank at once, not at the recheck bound.
 */
describe('SSF 1.0 / RFC 8935: revocation pushed to every bank', () => {
  let run: RunningApp;
  let browser: Browser;
  /** A receiver of our own (a bank-like resource server on 127.0.0.1) that records each push. */
  let own: LocalOrigin;
  const received: { contentType?: string; set: string }[] = [];
  let ownAnswers: number[] = [];

  const intro = async (token: string) => (await (await fetch(`${run.baseUrl}/as/intro`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, Entry>;
  const bankGet = (e: Entry) => fetch(e.endpoint, { headers: { authorization: `Bearer ${e.access_token}` } });
  const at = (map: Record<string, Entry>, bank: string) => Object.values(map).find((e) => e.endpoint.includes(`/banks/${bank}/`))!;
  const grantOf = async (clientId: string) => ((await run.db.query('SELECT id FROM as_grants WHERE client_id = ? ORDER BY created_at DESC', [clientId])) as { id: string }[])[0].id;
  const outbox = () => run.db.query('SELECT * FROM as_ssf_outbox') as Promise<Record<string, any>[]>;
  const jwks = async () => (await getJson(`${run.baseUrl}/as/jwks`)).json.keys as Record<string, unknown>[];

  /** Waits until `fn` holds, polling; how long it took (ms), or throws past `limitMs`. */
  async function within(limitMs: number, fn: () => Promise<boolean>): Promise<number> {
    const start = Date.now();
    for (;;) {
      if (await fn()) return Date.now() - start;
      if (Date.now() - start > limitMs) throw new Error(`not within ${limitMs} ms`);
      await sleep(20);
    }
  }

  async function connect(name: string): Promise<{ c: TestClient; tokens: Record<string, any>; map: Record<string, Entry> }> {
    const c = await registerClient(run.baseUrl, { client_name: name });
    const tokens = await obtainTokens(browser, run.baseUrl, c);
    const map = await intro(tokens.access_token);
    for (const bank of ['norma', 'lastish', 'monami', 'astoria']) expect((await bankGet(at(map, bank))).status).toBe(200);
    return { c, tokens, map };
  }

  beforeAll(async () => {
    own = await startLocalOrigin();
    own.route('/ssf/events', (req, res) => {
      void bodyOf(req).then((set) => {
        received.push({ contentType: req.headers['content-type'], set });
        const status = ownAnswers.shift() ?? 202;
        res.writeHead(status, status === 202 ? {} : { 'content-type': 'application/json' });
        res.end(status === 202 ? '' : '{"err":"temporarily"}');
      });
    });
    run = await startApp({ BANK_TOKEN_RECHECK_SECONDS: String(RECHECK_S), SSF_RETRY_BASE_MS: '100', TRUSTED_LOCAL_ORIGINS: own.origin });
    browser = await setUpStory(run.baseUrl);
  });
  afterAll(async () => {
    await run.close();
    await own.close();
  });

  describe('SSF §7 transmitter metadata and §8 streams', () => {
    it('publishes its configuration at /.well-known/ssf-configuration/as, for the AS issuer', async () => {
      const meta = await getJson(`${run.baseUrl}/.well-known/ssf-configuration/as`);
      expect(meta.status).toBe(200);
      expect(meta.json).toMatchObject({
        spec_version: '1_0',
        issuer: `${run.baseUrl}/as`,
        jwks_uri: `${run.baseUrl}/as/jwks`,
        delivery_methods_supported: ['urn:ietf:rfc:8935'],
        configuration_endpoint: `${run.baseUrl}/as/ssf/streams`,
        verification_endpoint: `${run.baseUrl}/as/ssf/verify`,
        status_endpoint: `${run.baseUrl}/as/ssf/status`,
        authorization_schemes: [{ spec_urn: 'urn:ietf:rfc:6749' }],
      });
    });

    it('each bank set up its push stream when it was delegated to', async () => {
      const streams = (await run.db.query('SELECT audience, endpoint_url FROM as_ssf_streams ORDER BY audience')) as { audience: string; endpoint_url: string }[];
      expect(streams.map((s) => s.endpoint_url).sort()).toEqual(['astoria', 'lastish', 'monami', 'norma'].map((b) => `${run.baseUrl}/banks/${b}/ssf/events`));
      for (const s of streams) expect(s.endpoint_url).toBe(`${s.audience}/ssf/events`);
    });

    it('stream management needs a PAT of a resource server, pushes only under it, one stream per receiver', async () => {
      const url = `${run.baseUrl}/as/ssf/streams`;
      const body = (endpoint_url: string) => JSON.stringify({ delivery: { method: 'urn:ietf:rfc:8935', endpoint_url }, events_requested: [SESSION_REVOKED, RESOURCE_DELETED] });
      const post = (token: string | undefined, b: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: b });
      expect((await post(undefined, body(`${own.origin}/ssf/events`))).status).toBe(401);
      const app = await connect('Not A Bank');
      expect((await post(app.tokens.access_token, body(`${own.origin}/ssf/events`))).status).toBe(403);

      const { client, pat } = await obtainPat(browser, run.baseUrl, own.origin, 'Own Bank');
      const elsewhere = await post(pat, body('https://attacker.example/collect'));
      expect(elsewhere.status).toBe(400);
      expect(((await elsewhere.json()) as { error: string }).error).toBe('invalid_request');
      const created = await post(pat, body(`${own.origin}/ssf/events`));
      expect(created.status).toBe(201);
      const config = (await created.json()) as Record<string, any>;
      expect(config).toMatchObject({
        iss: `${run.baseUrl}/as`,
        aud: own.origin,
        delivery: { method: 'urn:ietf:rfc:8935', endpoint_url: `${own.origin}/ssf/events` },
        events_delivered: [SESSION_REVOKED, RESOURCE_DELETED],
      });
      expect((await post(pat, body(`${own.origin}/ssf/events`))).status).toBe(409);
      const read = await getJson(`${url}?stream_id=${config.stream_id}`, { authorization: `Bearer ${pat}` });
      expect(read.json).toEqual(config);
      // §8.1.4: a verification event, pushed to the receiver with its state.
      const before = received.length;
      const verify = await fetch(`${run.baseUrl}/as/ssf/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${pat}` }, body: JSON.stringify({ stream_id: config.stream_id, state: 'st-42' }) });
      expect(verify.status).toBe(204);
      await within(2000, async () => received.length > before);
      const verification = jwt.decode(received[received.length - 1].set) as Record<string, any>;
      expect(verification.events).toEqual({ 'https://schemas.openid.net/secevent/ssf/event-type/verification': { state: 'st-42' } });
      expect(verification.sub_id).toEqual({ format: 'opaque', id: config.stream_id });
      // Another bank's PAT does not see this stream.
      const norma = await obtainPat(browser, run.baseUrl, `${run.baseUrl}/banks/zz-not-norma`, 'Other Bank');
      expect((await getJson(`${url}?stream_id=${config.stream_id}`, { authorization: `Bearer ${norma.pat}` })).status).toBe(404);
      const foreign = await fetch(`${run.baseUrl}/as/ssf/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${norma.pat}` }, body: JSON.stringify({ stream_id: config.stream_id }) });
      expect(foreign.status).toBe(404);
      // §8.1.2.1: the status of the receiver's own stream, and of no other; stream_id is required.
      const status = `${run.baseUrl}/as/ssf/status`;
      const mine = await getJson(`${status}?stream_id=${config.stream_id}`, { authorization: `Bearer ${pat}` });
      expect(mine.status).toBe(200);
      expect(mine.headers.get('cache-control')).toBe('no-store');
      expect(mine.json).toEqual({ stream_id: config.stream_id, status: 'enabled' });
      expect((await getJson(`${status}?stream_id=${config.stream_id}`, { authorization: `Bearer ${norma.pat}` })).status).toBe(404);
      expect((await getJson(`${status}?stream_id=no-such-stream`, { authorization: `Bearer ${pat}` })).status).toBe(404);
      expect((await getJson(status, { authorization: `Bearer ${pat}` })).json.error).toBe('invalid_request');
      expect((await getJson(`${status}?stream_id=${config.stream_id}&stream_id=${config.stream_id}`, { authorization: `Bearer ${pat}` })).status).toBe(400);
      expect((await getJson(`${status}?stream_id=${config.stream_id}`)).status).toBe(401);
      expect((await getJson(`${status}?stream_id=${config.stream_id}`, { authorization: `Bearer ${app.tokens.access_token}` })).status).toBe(403);
      // §8.1.1.1: one stream per receiver, also when it asks several times at once: one 201, the others 409.
      const racing = await Promise.all(Array.from({ length: 4 }, () => post(norma.pat, body(`${run.baseUrl}/banks/zz-not-norma/ssf/events`))));
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      const won = (await racing.find((r) => r.status === 201)!.json()) as { stream_id: string };
      const gone = await fetch(`${url}?stream_id=${won.stream_id}`, { method: 'DELETE', headers: { authorization: `Bearer ${norma.pat}` } });
      expect(gone.status).toBe(204);
      // Kept for the tests below: its resource joins the grants, and its receiver records the SETs.
      const reg = await fetch(`${run.baseUrl}/as/uma/resource_set`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${pat}` },
        body: JSON.stringify({ resource_scopes: ['accounts:read'], name: 'Own account', endpoint: `${own.origin}/accounts/1` }),
      });
      expect(reg.status).toBe(201);
      expect(client.client_id).toBeTruthy();
    });
  });

  describe('A revocation reaches every bank at once', () => {
    it('revoked on the dashboard: every bank refuses the grant’s tokens within a second, long before the recheck bound', async () => {
      const { c, map } = await connect('Pushed Away');
      const grantId = await grantOf(c.client_id);
      const before = received.length;
      let page = await browser.get(`${run.baseUrl}/as/account`);
      const started = Date.now();
      page = await browser.submit(page, `/as/account/grants/${grantId}/revoke`);
      expect(text(page)).toContain('Pushed Away can no longer read your data');
      const took = await within(RECHECK_S * 1000, async () => {
        const statuses = await Promise.all(['norma', 'lastish', 'monami', 'astoria'].map(async (b) => (await bankGet(at(map, b))).status));
        return statuses.every((s) => s === 401);
      });
      const sinceRevoke = Date.now() - started;
      expect(took).toBeLessThan(1000);
      expect(sinceRevoke).toBeLessThan(RECHECK_S * 1000);
      const refused = await bankGet(at(map, 'astoria'));
      expect(refused.headers.get('www-authenticate')).toContain('security event');
      await within(2000, async () => (await outbox()).length === 0 && received.length > before);

      // The SET our own receiver got, checked as RFC 8417 / SSF §4 / CAEP say, with the AS's published key.
      const mine = received.slice(before).map((r) => ({ ...r, claims: jwt.decode(r.set, { complete: true })! }));
      const set = mine.find((r) => (r.claims.payload as any).events?.[SESSION_REVOKED])!;
      expect(set.contentType).toBe('application/secevent+jwt');
      expect(set.claims.header).toMatchObject({ alg: 'ES256', typ: 'secevent+jwt' });
      const key = (await jwks()).find((k) => k.kid === set.claims.header.kid)!;
      const { createPublicKey } = await import('node:crypto');
      const verified = jwt.verify(set.set, createPublicKey({ key: key as any, format: 'jwk' }), { algorithms: ['ES256'], issuer: `${run.baseUrl}/as`, audience: own.origin }) as Record<string, any>;
      expect(verified).not.toHaveProperty('sub');
      expect(verified).not.toHaveProperty('exp');
      expect(typeof verified.jti).toBe('string');
      expect(verified.sub_id).toEqual({ format: 'complex', session: { format: 'opaque', id: grantId } });
      expect(Object.keys(verified.events)).toEqual([SESSION_REVOKED]);
      expect(verified.events[SESSION_REVOKED]).toMatchObject({ initiating_entity: 'user', reason_admin: { en: expect.stringContaining('dashboard') } });
    });

    it('a refresh token reused (theft) is pushed as session-revoked by policy', async () => {
      const { c, tokens, map } = await connect('Reused');
      const auth = { authorization: basic(c.client_id, c.client_secret) };
      expect((await postForm(`${run.baseUrl}/as/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, auth)).status).toBe(200);
      const before = received.length;
      expect((await postForm(`${run.baseUrl}/as/token`, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, auth)).json.error).toBe('invalid_grant');
      expect(await within(1000, async () => (await bankGet(at(map, 'norma'))).status === 401)).toBeLessThan(1000);
      await within(2000, async () => received.length > before);
      const claims = jwt.decode(received[received.length - 1].set) as Record<string, any>;
      expect(claims.events[SESSION_REVOKED].initiating_entity).toBe('policy');
    });

    it('an expired grant is pushed as well (system)', async () => {
      const { c, tokens, map } = await connect('Expires');
      const grantId = await grantOf(c.client_id);
      const before = received.length;
      await run.db.query('UPDATE as_grants SET expires_at = ? WHERE id = ?', [Date.now() - 1000, grantId]);
      // Intro sees it expired, marks it and tells the banks (the sweep would, within 5 s, if nobody asked).
      expect((await fetch(`${run.baseUrl}/as/intro`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
      expect(await within(1000, async () => (await bankGet(at(map, 'monami'))).status === 401)).toBeLessThan(1000);
      await within(2000, async () => received.length > before);
      expect((jwt.decode(received[received.length - 1].set) as any).events[SESSION_REVOKED].initiating_entity).toBe('system');
    });
  });

  describe('Delivery failures', () => {
    it('a bank that is down when the push goes out still stops within the recheck bound, and gets the SET once back', async () => {
      const { c, map } = await connect('While Down');
      const grantId = await grantOf(c.client_id);
      const lastish = at(map, 'lastish');
      const issued = Date.now();
      const [stream] = (await run.db.query(`SELECT id, endpoint_url FROM as_ssf_streams WHERE endpoint_url LIKE '%/banks/lastish/%'`)) as { id: string; endpoint_url: string }[];
      // The bank's receiver is unreachable (nothing listens on port 9 of this machine).
      await run.db.query('UPDATE as_ssf_streams SET endpoint_url = ? WHERE id = ?', ['http://localhost:9/banks/lastish/ssf/events', stream.id]);
      let page = await browser.get(`${run.baseUrl}/as/account`);
      page = await browser.submit(page, `/as/account/grants/${grantId}/revoke`);
      expect(await within(1000, async () => (await bankGet(at(map, 'norma'))).status === 401)).toBeLessThan(1000);
      await within(2000, async () => (await outbox()).some((r) => r.stream_id === stream.id && r.attempts >= 1 && r.last_error));
      expect((await bankGet(lastish)).status).toBe(200);
      // The fallback: once the token is older than the bound, the bank asks the AS, which says inactive.
      await within((RECHECK_S + 2) * 1000, async () => (await bankGet(lastish)).status === 401);
      expect(Date.now() - issued).toBeGreaterThanOrEqual(RECHECK_S * 1000 - 2000);
      const waiting = (await outbox()).find((r) => r.stream_id === stream.id)!;
      expect(waiting.attempts).toBeGreaterThanOrEqual(2);
      // Back: the retry delivers it, and the outbox is empty.
      await run.db.query('UPDATE as_ssf_streams SET endpoint_url = ? WHERE id = ?', [stream.endpoint_url, stream.id]);
      await within(20_000, async () => (await outbox()).length === 0);
    });

    it('a receiver answering 503 gets the same SET again, with backoff', async () => {
      const { c } = await connect('Retried');
      ownAnswers = [503, 503];
      const before = received.length;
      const grantId = await grantOf(c.client_id);
      let page = await browser.get(`${run.baseUrl}/as/account`);
      page = await browser.submit(page, `/as/account/grants/${grantId}/revoke`);
      await within(5000, async () => received.length >= before + 3);
      const jtis = received.slice(before).map((r) => (jwt.decode(r.set) as any).jti);
      expect(new Set(jtis).size).toBe(1);
      await within(2000, async () => (await outbox()).length === 0);
    });
  });

  describe('RFC 8935 §2 at the bank: what a receiver refuses', () => {
    const push = (bank: string, body: string, type = 'application/secevent+jwt') =>
      fetch(`${run.baseUrl}/banks/${bank}/ssf/events`, { method: 'POST', headers: { 'content-type': type, accept: 'application/json' }, body });

    it('not a SET: 400 invalid_request with a description and Content-Language', async () => {
      const res = await push('norma', 'not-a-jwt');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-language')).toBe('en');
      expect(await res.json()).toMatchObject({ err: 'invalid_request', description: expect.any(String) });
    });

    it('signed by a key the AS does not publish: invalid_key; from an unknown issuer: invalid_issuer', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const claims = { iss: `${run.baseUrl}/as`, aud: `${run.baseUrl}/banks/norma`, jti: 'j1', events: { [SESSION_REVOKED]: {} }, sub_id: { format: 'opaque', id: 'x' } };
      const forged = jwt.sign(claims, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'secevent+jwt', kid: 'not-the-as-key' } });
      expect(await (await push('norma', forged)).json()).toMatchObject({ err: 'invalid_key' });
      const stranger = jwt.sign({ ...claims, iss: 'https://as.example' }, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', typ: 'secevent+jwt', kid: 'k' } });
      expect(await (await push('norma', stranger)).json()).toMatchObject({ err: 'invalid_issuer' });
    });

    it('a genuine SET meant for another recipient: invalid_audience', async () => {
      const genuine = received.find((r) => (jwt.decode(r.set) as any)?.aud === own.origin)!.set;
      const res = await push('norma', genuine);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ err: 'invalid_audience' });
    });
  });

  describe('The bank follows the AS', () => {
    it('an account removed at the AS: its bank refuses at once, and the bank’s own page no longer shows it delegated', async () => {
      const { map } = await connect('Sees Removal');
      const [resource] = (await run.db.query(`SELECT id FROM as_resources WHERE endpoint LIKE '%/banks/monami/%'`)) as { id: string }[];
      let page = await browser.get(`${run.baseUrl}/as/account`);
      page = await browser.submit(page, `/as/account/resources/${resource.id}/remove`);
      expect(text(page)).toContain('The account was removed');
      expect(await within(1000, async () => (await bankGet(at(map, 'monami'))).status === 401)).toBeLessThan(1000);
      const bankPage = text(await browser.get(`${run.baseUrl}/banks/monami`));
      expect(bankPage).toContain('not delegated');
      expect(bankPage).toMatch(/Monami Cash Rewards Visa ••1204 not delegated/);
    });
  });
});
