import { describe, expect, it } from '@jest/globals';
import type { FdxAccount, FdxTransaction } from '../common/fdx/fdx.types.js';
import { HttpClient, OutboundError, OutboundOptions, OutboundResponse } from '../common/http/http-client.js';
import { BankDataService, historyFromToken, IntroEntry } from './bank-data.service.js';

type Answer = OutboundResponse<unknown> | Error | ((opts: OutboundOptions) => Promise<OutboundResponse<unknown>>);

/** An HttpClient that answers from a table of URL prefixes, and writes down every call. */
class FakeHttp {
  readonly calls: { url: string; opts: OutboundOptions }[] = [];
  constructor(private readonly routes: [string, Answer][]) {}

  async json<T>(url: string, opts: OutboundOptions = {}): Promise<OutboundResponse<T>> {
    this.calls.push({ url, opts });
    const hit = this.routes.find(([prefix]) => url.startsWith(prefix));
    if (!hit) throw new OutboundError(`GET ${url}: unreachable`, url, 'unreachable');
    const answer = hit[1];
    if (answer instanceof Error) throw answer;
    return (typeof answer === 'function' ? await answer(opts) : answer) as OutboundResponse<T>;
  }
}

const ok = (body: unknown, status = 200): OutboundResponse<unknown> => ({ status, headers: new Headers(), body });
const ACCOUNT: FdxAccount = {
  accountCategory: 'DEPOSIT_ACCOUNT',
  accountId: '8879874',
  accountType: 'CHECKING',
  accountNumberDisplay: '9874',
  productName: 'Everyday Checking',
  status: 'OPEN',
  currency: { currencyCode: 'USD' },
  balanceAsOf: '2025-03-15T00:00:00Z',
  currentBalance: 2500,
};
const tx = (n: number): FdxTransaction => ({
  accountCategory: 'DEPOSIT_ACCOUNT',
  transactionId: `t${n}`,
  postedTimestamp: '2025-03-01T00:00:00Z',
  transactionTimestamp: '2025-03-01T00:00:00Z',
  description: 'SAFEWAY',
  amount: n,
  debitCreditMemo: 'DEBIT',
  status: 'POSTED',
});
const BANK = 'https://bank.example/fdx/v6/accounts/8879874';
const entry = (endpoint = BANK, token = 'bank-token', bankName = 'Bank of Astoria'): IntroEntry => ({
  endpoint,
  access_token: token,
  bank_id: 'https://bank.example',
  bank_name: bankName,
});
const since = new Date('2025-01-01T00:00:00Z');
const service = (http: FakeHttp, limits = {}) => new BankDataService(http as unknown as HttpClient, limits);

describe('BankDataService: each account fetched with its own token, its failures named', () => {
  it("takes the institution from the entry's bank_name, never by parsing the label", async () => {
    const http = new FakeHttp([
      [`${BANK}/transactions`, ok({ page: { totalElements: 0 }, transactions: [] })],
      [BANK, ok(ACCOUNT)],
    ]);
    const { bank_name: _unnamed, ...noName } = entry();
    const { accounts } = await service(http).fetchAll({ 'Everyday — Checking': entry(BANK, 't', 'Astoria Bank, N.A.'), 'Astoria — Savings': noName }, since);
    expect(accounts.map((a) => [a.label, a.institution]).sort()).toEqual([
      ['Astoria — Savings', 'Astoria — Savings'],
      ['Everyday — Checking', 'Astoria Bank, N.A.'],
    ]);
  });

  it('fetches the account and pages through transactions until there is no nextOffset', async () => {
    const http = new FakeHttp([
      [`${BANK}/transactions?startTime=2025-01-01&offset=0`, ok({ page: { totalElements: 3, nextOffset: '2' }, transactions: [tx(1), tx(2)] })],
      [`${BANK}/transactions?startTime=2025-01-01&offset=2`, ok({ page: { totalElements: 3 }, transactions: [tx(3)] })],
      [BANK, ok(ACCOUNT)],
    ]);
    const { accounts, failures } = await service(http).fetchAll({ 'Bank of Astoria — Checking': entry() }, since);
    expect(failures).toEqual([]);
    expect(accounts).toHaveLength(1);
    expect(accounts[0].institution).toBe('Bank of Astoria');
    expect(accounts[0].transactions.map((t) => t.transactionId)).toEqual(['t1', 't2', 't3']);
    expect(http.calls.map((c) => c.url)).toEqual([
      BANK,
      `${BANK}/transactions?startTime=2025-01-01&offset=0&limit=500`,
      `${BANK}/transactions?startTime=2025-01-01&offset=2&limit=500`,
    ]);
    expect(http.calls.every((c) => c.opts.headers?.authorization === 'Bearer bank-token')).toBe(true);
    expect(http.calls.every((c) => c.opts.maxBytes === 2 << 20 && c.opts.timeoutMs === 5000)).toBe(true);
  });

  it('uses each account\'s own token and fetches all of them at once', async () => {
    let inFlight = 0;
    let most = 0;
    const slowOk = (body: unknown) => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return ok(body);
    };
    const http = new FakeHttp([
      ['https://a.example/acc/transactions', slowOk({ page: { totalElements: 0 }, transactions: [] })],
      ['https://b.example/acc/transactions', slowOk({ page: { totalElements: 0 }, transactions: [] })],
      ['https://a.example/acc', slowOk(ACCOUNT)],
      ['https://b.example/acc', slowOk(ACCOUNT)],
    ]);
    const { accounts } = await service(http).fetchAll({ A: entry('https://a.example/acc', 'token-a'), B: entry('https://b.example/acc', 'token-b') }, since);
    expect(accounts.map((a) => a.label)).toEqual(['A', 'B']);
    expect(most).toBe(2);
    for (const c of http.calls) expect(c.opts.headers?.authorization).toBe(c.url.startsWith('https://a.') ? 'Bearer token-a' : 'Bearer token-b');
  });

  it.each([
    ['down', new OutboundError(`GET ${BANK}: unreachable`, BANK, 'unreachable'), 'unreachable: Grapher could not connect to the bank'],
    ['slow', new OutboundError(`GET ${BANK}: no answer within 5000 ms`, BANK, 'timeout'), 'too slow: no answer within 5 s'],
    ['slow', new OutboundError(`GET ${BANK}: no complete answer within 5000 ms`, BANK, 'timeout', 200), 'too slow: no answer within 5 s'],
    ['garbage', new OutboundError(`GET ${BANK}: answered 200 with a body that is not JSON`, BANK, 'not_json', 200), 'unreadable answer: not JSON'],
    ['garbage', new OutboundError(`${BANK}: response larger than 2097152 bytes`, BANK, 'too_large', 200), 'unreadable answer: larger than 2048 KiB'],
    ['refused', ok({}, 401), 'the bank answered HTTP 401: it did not accept the token from your AS'],
    ['refused', ok({}, 403), 'the bank answered HTTP 403: the token from your AS does not allow reading this account'],
    ['error', ok({}, 503), 'the bank answered HTTP 503'],
    ['garbage', ok({ hello: 'world' }), 'unreadable answer: the bank did not send an FDX account'],
    ['garbage', ok({ ...ACCOUNT, currentBalance: 'lots' }), 'unreadable answer: the account has no balance'],
  ])('a bank that is %s is named with a clear reason, and the others still come back', async (kind, answer, reason) => {
    const http = new FakeHttp([
      [BANK, answer as Answer],
      ['https://ok.example/acc/transactions', ok({ page: { totalElements: 0 }, transactions: [] })],
      ['https://ok.example/acc', ok(ACCOUNT)],
    ]);
    const { accounts, failures } = await service(http).fetchAll({ 'Bank of Astoria — Checking': entry(), 'Norma Securities': entry('https://ok.example/acc') }, since);
    expect(accounts.map((a) => a.label)).toEqual(['Norma Securities']);
    expect(failures).toEqual([expect.objectContaining({ label: 'Bank of Astoria — Checking', institution: 'Bank of Astoria', kind, reason })]);
  });

  it('refuses transactions that are not FDX, a paging loop, and endless paging', async () => {
    const run = async (pages: Answer, limits = {}) => {
      const http = new FakeHttp([[`${BANK}/transactions`, pages], [BANK, ok(ACCOUNT)]]);
      return (await service(http, limits).fetchAll({ X: entry() }, since)).failures[0]?.reason;
    };
    expect(await run(ok({ page: {}, transactions: 'none' }))).toBe('unreadable answer: the bank did not send an FDX transaction list');
    expect(await run(ok({ page: {}, transactions: [tx(1), { ...tx(2), amount: 'ten' }] }))).toBe('unreadable answer: transaction #2 is not an FDX transaction');
    expect(await run(ok({ page: { nextOffset: 7 }, transactions: [] }))).toBe('unreadable answer: the page of transactions has a malformed nextOffset');
    expect(await run(ok({ page: { nextOffset: '0' }, transactions: [tx(1)] }))).toBe('the bank sent the same page of transactions twice; Grapher stopped');
    let n = 0;
    const endless = async () => ok({ page: { nextOffset: String(++n) }, transactions: [tx(1)] });
    expect(await run(endless, { maxPages: 5 })).toBe('the bank kept paging past 5 pages of transactions; Grapher stopped');
  });

  it('gives each account a time budget for all its pages, and each request at most what is left of it', async () => {
    const http = new FakeHttp([
      [
        `${BANK}/transactions`,
        async () => {
          await new Promise((r) => setTimeout(r, 30));
          return ok({ page: { nextOffset: String(Math.random()) }, transactions: [] });
        },
      ],
      [BANK, ok(ACCOUNT)],
    ]);
    const { failures } = await service(http, { budgetMs: 100, timeoutMs: 80 }).fetchAll({ X: entry() }, since);
    expect(failures).toEqual([expect.objectContaining({ kind: 'slow', reason: 'too slow: the bank did not send everything within 100 ms' })]);
    const timeouts = http.calls.map((c) => c.opts.timeoutMs as number);
    expect(timeouts[0]).toBe(80);
    expect(timeouts.at(-1)).toBeLessThan(80);
    expect(http.calls.length).toBeLessThan(6);
  });

  it('refuses an Intro entry without an http(s) endpoint or a token', async () => {
    const http = new FakeHttp([]);
    const { failures } = await service(http).fetchAll({ X: { endpoint: 'file:///etc/passwd', access_token: 't' }, Y: { endpoint: BANK } as IntroEntry }, since);
    expect(failures.map((f) => f.reason)).toEqual(['your AS gave no usable bank address and token for this account', 'your AS gave no usable bank address and token for this account']);
    expect(http.calls).toEqual([]);
  });
});

describe('historyFromToken: how far back the person allowed, read from the bank token', () => {
  const jwt = (claims: object) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  it('reads history_from when it is a date, and nothing otherwise', () => {
    expect(historyFromToken(jwt({ history_from: '2024-11-24' }))).toBe('2024-11-24');
    expect(historyFromToken(jwt({ history_from: 'yesterday' }))).toBeUndefined();
    expect(historyFromToken(jwt({}))).toBeUndefined();
    expect(historyFromToken('opaque-token')).toBeUndefined();
  });
});
