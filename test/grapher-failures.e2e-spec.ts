import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpClient } from '../src/common/http/http-client.js';
import { Browser, Page, text, unescapeHtml } from './support/browser.js';
import { BANK_IDS, delegateBank } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/**
 * A bank that is down, slow, answers garbage or answers 401: each is named on the picture while the
 * rest still draws, and a 401 costs at most one fresh Intro call. The misbehaving banks are tiny HTTP
 * servers on 127.0.0.1 that the AS's resource endpoints are pointed at.
 */

interface Local {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

async function local(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<Local> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests.push(`${req.url} ${req.headers.authorization ?? ''}`);
    handler(req, res, requests.length);
  });
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

/** A port where nothing listens. */
async function closedPort(): Promise<string> {
  const s = await local(() => undefined);
  await s.close();
  return s.origin;
}

function failures(page: Page): { kind: string; text: string }[] {
  return [...page.html.matchAll(/<p class="alert bank-failure" data-kind="(\w+)" role="alert">([\s\S]*?)<\/p>/g)].map((m) => ({ kind: m[1], text: unescapeHtml(m[2].replace(/<[^>]+>/g, '')) }));
}

function accountRows(page: Page): number {
  const table = /<table class="accounts">([\s\S]*?)<\/table>/.exec(page.html);
  return table ? (table[1].match(/<tr>/g)?.length ?? 1) - 1 : 0;
}

describe('Grapher when banks misbehave', () => {
  let run: RunningApp;
  let browser: Browser;
  let down: string;
  let slow: Local;
  let garbage: Local;
  let refusing: Local;
  let onceRefusing: Local;
  let endpoints: { id: string; endpoint: string }[];
  let introCalls: () => string[];
  let bankCalls: (path: string) => string[];

  const pointAt = (bankId: string, origin: string) => {
    const r = endpoints.find((e) => e.endpoint.includes(`/banks/${bankId}/`))!;
    return run.db.query('UPDATE as_resources SET endpoint = ? WHERE id = ?', [origin + new URL(r.endpoint).pathname, r.id]);
  };

  beforeAll(async () => {
    down = await closedPort();
    slow = await local(() => undefined); // accepts, never answers
    garbage = await local((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Scheduled maintenance</body></html>');
    });
    refusing = await local((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'application/json' });
      res.end('{"code":"401","message":"no"}');
    });
    // Refuses the first token it sees; after that, passes requests on to the real bank.
    let firstToken: string | undefined;
    onceRefusing = await local((req, res) => {
      firstToken ??= req.headers.authorization;
      if (req.headers.authorization === firstToken) {
        res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
        return void res.end();
      }
      void fetch(`${run.baseUrl}${req.url}`, { headers: { authorization: String(req.headers.authorization), accept: 'application/json' } }).then(async (r) => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(await r.text());
      });
    });
    // Grapher with bearer tokens (CLIENT_PROFILE=plain): these fake banks forward to the real ones, and a DPoP
    // proof names the URL it was made for (htu), so no proxy can pass one on. DPoP at the banks: rfc9449, fapi2.
    run = await startApp({ CLIENT_PROFILE: 'plain', TRUSTED_LOCAL_ORIGINS: [down, slow.origin, garbage.origin, refusing.origin, onceRefusing.origin].join(',') });
    browser = new Browser();
    for (const bank of BANK_IDS) await delegateBank(browser, run.baseUrl, bank);
    let page = await browser.get(`${run.baseUrl}/grapher`);
    page = await browser.submit(page, '/grapher/connect');
    page = await browser.submit(page, '/as/consent/', {}, { name: 'decision', value: 'allow' });
    expect(page.url).toBe(`${run.baseUrl}/grapher/picture`);
    endpoints = (await run.db.query('SELECT id, endpoint FROM as_resources')) as typeof endpoints;
    const spy = jest.spyOn(run.app.get(HttpClient), 'json');
    introCalls = () => spy.mock.calls.map((c) => c[0]).filter((u) => u.endsWith('/as/intro'));
    bankCalls = (path) => spy.mock.calls.map((c) => c[0]).filter((u) => u.endsWith(path));
  });

  afterEach(async () => {
    jest.mocked(run.app.get(HttpClient).json).mockClear();
    for (const e of endpoints) await run.db.query('UPDATE as_resources SET endpoint = ? WHERE id = ?', [e.endpoint, e.id]);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await run?.close();
    await Promise.all([slow, garbage, refusing, onceRefusing].map((s) => s?.close()));
  });

  it('names a bank that is down, one that is too slow and one that answers garbage; the other two accounts draw', async () => {
    await pointAt('lastish', down);
    await pointAt('norma', slow.origin);
    await pointAt('monami', garbage.origin);
    const started = Date.now();
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(page.status).toBe(200);
    expect(failures(page)).toEqual([
      { kind: 'down', text: 'Lastish Fundco: unreachable: Grapher could not connect to the bank' },
      { kind: 'garbage', text: 'Monami Card: unreadable answer: not JSON' },
      { kind: 'slow', text: 'Norma Securities: too slow: no answer within 5 s' },
    ]);
    expect(slow.requests).toHaveLength(1);
    expect(accountRows(page)).toBe(2);
    expect(page.html).toContain('id="net-worth"');
    expect(introCalls()).toHaveLength(1);
    expect(text(page)).toContain('Totals of 2 of 5 accounts; Lastish Fundco, Monami Card, Norma Securities unavailable');
  });

  it('with the card\'s bank down, the totals say which account they leave out rather than showing a debt of $0 as the whole truth', async () => {
    await pointAt('monami', down);
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    const totals = unescapeHtml((/<section class="totals incomplete"[\s\S]*?<\/section>/.exec(page.html)?.[0] ?? '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
    expect(totals).toContain('Totals of 4 of 5 accounts; Monami Card unavailable');
    expect(totals).toMatch(/Liabilities \$0\.00 \+ unknown: any debt at Monami Card is missing/);
    expect(totals).toContain('incomplete: without 1 account');
    expect(text(page)).toContain('5 accounts shared by your AS');
    expect(text(page)).toContain('(4 drawn)');
    expect(page.html).toMatch(/<tr class="unavailable"><td>Monami Card<\/td>/);
  });

  it('after a 401, asks Intro once for fresh tokens, tries that bank once more, and draws it', async () => {
    await pointAt('norma', onceRefusing.origin);
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(failures(page)).toEqual([]);
    expect(accountRows(page)).toBe(5);
    expect(introCalls()).toHaveLength(2);
    const tokens = onceRefusing.requests.map((r) => r.split(' ').slice(1).join(' '));
    expect(new Set(tokens).size).toBe(2); // the refused token, then the fresh one for every later page
    expect(tokens.slice(1).every((t) => t === tokens[1])).toBe(true);
  });

  it('however many banks answer 401, makes one fresh Intro call and one retry each, then says so', async () => {
    await pointAt('lastish', refusing.origin);
    await pointAt('monami', refusing.origin);
    await pointAt('norma', refusing.origin);
    const page = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(introCalls()).toHaveLength(2);
    expect(refusing.requests).toHaveLength(6);
    for (const id of ['5835394', '436922', '771204']) expect(bankCalls(`/fdx/v6/accounts/${id}`)).toHaveLength(2);
    const f = failures(page);
    expect(f.map((x) => x.kind)).toEqual(['refused', 'refused', 'refused']);
    expect(f[0].text).toBe(
      'Lastish Fundco: the bank answered HTTP 401 even to a fresh token from your AS: it no longer accepts your AS for this account (was the delegation withdrawn at the bank?)',
    );
    expect(accountRows(page)).toBe(2);
  });

  it('when Intro itself cannot be reached: a clear 502 page, and the connection is kept for later', async () => {
    const [conn] = (await run.db.query('SELECT id, intro_endpoint FROM grapher_connections')) as { id: string; intro_endpoint: string }[];
    await run.db.query('UPDATE grapher_connections SET intro_endpoint = ? WHERE id = ?', [`${down}/as/intro`, conn.id]);
    try {
      const page = await browser.get(`${run.baseUrl}/grapher/picture`);
      expect(page.status).toBe(502);
      expect(text(page)).toContain('Your authorization server did not answer');
      expect(text(page)).toContain('Your connection is kept');
      expect(await run.db.query('SELECT id FROM grapher_connections')).toEqual([{ id: conn.id }]);
    } finally {
      await run.db.query('UPDATE grapher_connections SET intro_endpoint = ? WHERE id = ?', [conn.intro_endpoint, conn.id]);
    }
    const again = await browser.get(`${run.baseUrl}/grapher/picture`);
    expect(again.status).toBe(200);
    expect(accountRows(again)).toBe(5);
  });
});
