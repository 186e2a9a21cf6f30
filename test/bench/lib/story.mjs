import { performance } from 'node:perf_hooks';
import { authorizeThrough } from '../../../dist/src/demo/robot-browser.js';
import { Browser, NAT, delegateBank, intro, obtainTokens, readAccount, registerClient } from './flows.mjs';
import { median } from './load.mjs';

/** A browser that times every request it makes, by the step of the story it belongs to. */
class TimedBrowser extends Browser {
  constructor() {
    super();
    this.ms = {};
  }

  async request(method, url, form) {
    const t = performance.now();
    const page = await super.request(method, url, form);
    const step = stepOf(method, new URL(url).pathname);
    this.ms[step] = (this.ms[step] ?? 0) + (performance.now() - t);
    return page;
  }
}

function stepOf(method, path) {
  if (path === '/grapher' || path === '/grapher/connect') return 'connect';
  if (path.startsWith('/as/authorize') || path.startsWith('/as/login')) return 'login';
  if (path.startsWith('/as/consent/')) return method === 'POST' ? 'code' : 'consent';
  if (path === '/grapher/callback') return 'token';
  if (path === '/grapher/picture') return 'picture';
  return 'other';
}

const since = (t) => performance.now() - t;

/**
 * The whole story on a fresh server: Phase 1 at every bank (a person's clicks, one bank after another),
 * then `iterations` times, in a fresh browser, Grapher: connect, sign in, consent, code, token, and the
 * picture (Intro, every bank concurrently, the charts). Then the same Phase 2–3 by a plain client, to
 * split the picture into Intro and the bank calls.
 */
export async function runStory(base, bankIds, iterations) {
  const browser = new Browser();
  const delegations = [];
  const t1 = performance.now();
  for (const id of bankIds) {
    const t = performance.now();
    await delegateBank(browser, base, id);
    delegations.push(since(t));
  }
  const phase1 = since(t1);

  const grapher = [];
  for (let i = 0; i < iterations; i++) {
    const b = new TimedBrowser();
    const t = performance.now();
    let page = await b.get(`${base}/grapher`);
    page = await b.submit(page, '/grapher/connect', {}, undefined, false);
    const back = await authorizeThrough(b, new URL(page.headers.get('location'), page.url).toString(), NAT);
    if (!back.pathname.endsWith('/grapher/callback')) throw new Error(`Grapher did not get its code: ${back}`);
    const callback = await b.request('GET', back.toString());
    const picture = await b.request('GET', new URL(callback.headers.get('location'), callback.url).toString());
    const wall = since(t);
    if (picture.status !== 200 || !picture.url.endsWith('/grapher/picture')) throw new Error(`no picture: ${picture.status} ${picture.url}`);
    if (picture.html.includes('bank-failure')) throw new Error(`a bank failed in the picture: ${picture.html.match(/bank-failure[^]*?<\/p>/)?.[0]}`);
    grapher.push({ wall, ...b.ms });
  }

  const direct = [];
  const client = await registerClient(base);
  for (let i = 0; i < iterations; i++) {
    let t = performance.now();
    const tokens = await obtainTokens(browser, base, client);
    const authorize = since(t);
    t = performance.now();
    const map = await intro(base, tokens.access_token);
    const introMs = since(t);
    t = performance.now();
    const counts = await Promise.all(Object.values(map).map((e) => readAccount(e)));
    const banks = since(t);
    direct.push({ authorize, intro: introMs, banks, accounts: counts.length, transactions: counts.reduce((a, b) => a + b, 0) });
  }

  const med = (rows, key) => median(rows.map((r) => r[key] ?? 0));
  return {
    banks: bankIds.length,
    accounts: direct[0].accounts,
    transactions: direct[0].transactions,
    phase1Ms: phase1,
    perBankDelegationMs: median(delegations),
    grapher: Object.fromEntries(['wall', 'connect', 'login', 'consent', 'code', 'token', 'picture'].map((k) => [k, med(grapher, k)])),
    direct: Object.fromEntries(['authorize', 'intro', 'banks'].map((k) => [k, med(direct, k)])),
    iterations,
  };
}
