// The benchmark itself; bench.mjs builds first, then loads this (it imports the built app from dist/).
import { execSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { basic, Browser, createDpopProof, delegateBank, dpopIntro, extraBankIds, intro, newDpopKey, obtainDpopTokens, obtainTokens, onlyResources, registerClient, registerUmaResources, STORY_BANKS } from './lib/flows.mjs';
import { measureAll } from './lib/load.mjs';
import { checkPlans } from './lib/plans.mjs';
import { freshDatabase, queryStore } from './lib/pg.mjs';
import { peerScenarios } from './lib/peer.mjs';
import { OUT, pin, pinning, ROOT, startServer } from './lib/procs.mjs';
import { summarise } from './lib/profile.mjs';
import { derive, LABELS, render } from './lib/report.mjs';
import { runStory } from './lib/story.mjs';
import { measurePush, PUSH_BANKS } from './lib/push.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
const QUICK = Boolean(args.quick);
const S = QUICK
  ? { connections: 10, seconds: 2, runs: 2, warmupSeconds: 1, storyIterations: 1 }
  : { connections: 10, seconds: 5, runs: 3, warmupSeconds: 2, storyIterations: 3 };
const log = (msg) => console.log(`[${(performance.now() / 1000).toFixed(0).padStart(3)} s] ${msg}`);
mkdirSync(OUT, { recursive: true });

const machine = {
  nproc: Number(execSync('nproc').toString().trim()) || availableParallelism(),
  cpu: /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown',
  node: process.version,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  loadBefore: loadavg()[0],
};
// --paths=introspect,refresh: only those paths (the references bare and healthz always run). Ids: bank,
// bankCold, introspect, intro5, intro50, refresh, trace (both TRACE=on paths), story (the story at 4 and 40
// banks, restart and 40-bank start-up), platform (a bare Nest route on Express and on Fastify, and Steward's own AppModule on Fastify serving the machine paths), dpop (the bank
// data call with a DPoP-bound token and a fresh proof per request, beside the same call with a bearer token).
// node-oidc-provider runs beside introspect, refresh and intro5/50.
const PATH_IDS = ['bank', 'bankCold', 'introspect', 'intro5', 'intro50', 'refresh', 'trace', 'story', 'platform', 'dpop'];
const ONLY = typeof args.paths === 'string' ? args.paths.split(',').map((p) => p.trim()).filter(Boolean) : undefined;
const unknown = ONLY?.filter((p) => !PATH_IDS.includes(p)) ?? [];
if (unknown.length) throw new Error(`--paths: unknown ${unknown.join(', ')}; known: ${PATH_IDS.join(', ')}`);
if (args.db !== undefined && !['sqlite', 'postgres'].includes(args.db)) throw new Error('--db takes sqlite (the default) or postgres');
const pinned = pin(!args['no-pin'], machine.nproc);
log(`${machine.nproc} cores (${machine.cpu}), Node ${machine.node}. The servers run in child processes, the load generator (autocannon, ${S.connections} connections) here${pinned ? `: servers pinned to core ${pinning.server}, the load generator to core 0` : `: on ${machine.nproc} cores they share the machine`}.`);
if (machine.loadBefore > 0.5) log(`note: load average ${machine.loadBefore.toFixed(1)} before the run: something else is using the CPU, absolute figures will be low (ratios suffer less).`);

/** Everything a load scenario needs on a server where the story's four banks are delegated. */
async function prepare(server, { with50 = true } = {}) {
  const base = server.baseUrl;
  const browser = new Browser();
  if ((await storyResourceIds(server)).length === 0) for (const id of STORY_BANKS) await delegateBank(browser, base, id);
  const app = await registerClient(base);
  const storyIds = await storyResourceIds(server);
  const five = await obtainTokens(browser, base, app, { choose: (f) => ({ ...f, resource: storyIds }) });
  const ctx = { base, browser, app, token5: five.access_token };
  const map5 = await intro(base, ctx.token5);
  if (Object.keys(map5).length !== 5) throw new Error(`Intro gave ${Object.keys(map5).length} accounts, not 5`);
  if (with50) {
    const ids = await registerUmaResources(browser, base, 50);
    const fifty = await obtainTokens(browser, base, app, { choose: onlyResources(ids) });
    ctx.token50 = fifty.access_token;
    const n = Object.keys(await intro(base, ctx.token50)).length;
    if (n !== 50) throw new Error(`Intro gave ${n} accounts, not 50`);
  }
  [ctx.norma] = await queryStore(server, "SELECT client_id AS id, client_secret AS secret FROM bank_as_clients WHERE bank_id = 'norma'");
  /** A fresh bank token for Norma's brokerage account, so no run crosses the recheck interval. */
  ctx.bankToken = async () => {
    const map = await intro(base, ctx.token5);
    const entry = Object.entries(map).find(([label]) => label.startsWith('Norma'))[1];
    const res = await fetch(entry.endpoint, { headers: { authorization: `Bearer ${entry.access_token}` } });
    if (res.status !== 200) throw new Error(`bank refused the fresh token: ${res.status}`);
    await res.arrayBuffer();
    return entry;
  };
  return ctx;
}

async function storyResourceIds(server) {
  return (await queryStore(server, 'SELECT resource_id FROM bank_delegations')).map((r) => r.resource_id);
}

const SCENARIOS = {
  healthz: (ctx) => async () => ({ url: `${ctx.base}/healthz` }),
  bank: (ctx) => async () => {
    const e = await ctx.bankToken();
    return { url: e.endpoint, headers: { authorization: `Bearer ${e.access_token}` } };
  },
  // A bank sees each token for the first time: every request pays the full ES256 verification. Bounded by
  // count, not time: as many requests as fresh tokens minted (Intro, 5 per call, over the four banks).
  bankCold: (ctx) => async () => {
    const want = ctx.coldTokens;
    const entries = [];
    while (entries.length < want) {
      const maps = await Promise.all(Array.from({ length: 10 }, () => intro(ctx.base, ctx.token5)));
      for (const m of maps) entries.push(...Object.values(m));
    }
    let next = 0;
    return {
      url: ctx.base,
      amount: want,
      requests: [
        {
          setupRequest: (req) => {
            const e = entries[next++ % entries.length];
            return { ...req, path: new URL(e.endpoint).pathname, headers: { authorization: `Bearer ${e.access_token}` } };
          },
        },
      ],
    };
  },
  // RFC 9449 at a bank: the same account as `bank`, its token bound to the client's key (Intro called with
  // DPoP), and every request carrying a new proof (jti, iat, ath) made by the load generator, as a client would.
  bankDpop: (ctx) => async () => {
    ctx.dpop ??= await (async () => {
      const key = newDpopKey();
      const client = await registerClient(ctx.base, { client_name: 'Bench DPoP App', dpop_bound_access_tokens: true });
      return { key, token: (await obtainDpopTokens(ctx.browser, ctx.base, client, key)).access_token };
    })();
    const { key, token } = ctx.dpop;
    const entry = Object.entries(await dpopIntro(ctx.base, token, key)).find(([label]) => label.startsWith('Norma'))[1];
    const headers = () => ({ authorization: `DPoP ${entry.access_token}`, dpop: createDpopProof(key, 'GET', entry.endpoint, { accessToken: entry.access_token }) });
    const check = await fetch(entry.endpoint, { headers: headers() });
    if (check.status !== 200) throw new Error(`bank refused the DPoP-bound token: ${check.status} ${check.headers.get('www-authenticate')}`);
    await check.arrayBuffer();
    return { url: entry.endpoint, requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...headers() } }) }] };
  },
  introspect: (ctx) => async () => {
    const e = await ctx.bankToken();
    const r = await fetch(`${ctx.base}/as/introspect`, { method: 'POST', headers: { authorization: basic(ctx.norma.id, ctx.norma.secret), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: e.access_token }) });
    if ((await r.json()).active !== true) throw new Error('introspection says the fresh token is inactive');
    return {
      url: `${ctx.base}/as/introspect`,
      method: 'POST',
      headers: { authorization: basic(ctx.norma.id, ctx.norma.secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: e.access_token, token_type_hint: 'access_token' }).toString(),
    };
  },
  intro5: (ctx) => async () => ({ url: `${ctx.base}/as/intro`, headers: { authorization: `Bearer ${ctx.token5}` } }),
  intro50: (ctx) => async () => ({ url: `${ctx.base}/as/intro`, headers: { authorization: `Bearer ${ctx.token50}` } }),
  // Each request presents the newest refresh token of one chain and puts back the one it receives, so every
  // request is a valid rotation; chains lost in flight when a run ends are replaced by fresh authorizations.
  refresh: (ctx) => {
    const pool = [];
    return async () => {
      while (pool.length < S.connections + 2) pool.push((await obtainTokens(ctx.browser, ctx.base, ctx.app)).refresh_token);
      return {
        url: `${ctx.base}/as/token`,
        method: 'POST',
        headers: { authorization: basic(ctx.app.client_id, ctx.app.client_secret), 'content-type': 'application/x-www-form-urlencoded' },
        requests: [
          {
            setupRequest: (req) => ({ ...req, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(pool.pop())}` }),
            onResponse: (status, body) => {
              if (status === 200) pool.push(JSON.parse(body).refresh_token);
            },
          },
        ],
      };
    };
  },
};


async function profile(which) {
  const peerPaths = ['peer:introspect', 'peer:refresh', 'peer:jwt'];
  const known = [...Object.keys(SCENARIOS), ...peerPaths, 'story40', 'startup', 'startup40'];
  if (!known.includes(which)) throw new Error(`--profile takes one of ${known.join(', ')}`);
  mkdirSync(join(OUT, 'profiles'), { recursive: true });
  const story = which.startsWith('story');
  const startup = which.startsWith('startup');
  const isPeer = peerPaths.includes(which);
  const slug = which.replace(':', '-');
  const server = isPeer
    ? await startServer(`profile-${slug}`, { kind: 'peer', cpuProf: true, probe: '/.well-known/openid-configuration' })
    : await startServer(`profile-${which}`, { cpuProf: true, env: which.endsWith('40') ? { EXTRA_DEMO_BANKS: '36' } : {} });
  let from;
  let to;
  try {
    if (startup) {
      from = -Infinity;
    } else if (story) {
      from = await server.clock();
      await runStory(server.baseUrl, [...STORY_BANKS, ...extraBankIds(36)], 3);
    } else {
      const ctx = isPeer ? undefined : await prepare(server, { with50: which === 'intro50' });
      if (ctx) ctx.coldTokens = 4000;
      const scenario = [{ id: which, options: isPeer ? peerScenarios(server.baseUrl, S)[which.slice(5)] : SCENARIOS[which](ctx) }];
      log(`profiling ${LABELS[which]} (${S.seconds * 2} s of load; the summary counts only the load)…`);
      await measureAll(scenario, { ...S, runs: 0, warmupSeconds: 1 });
      const options = await scenario[0].options();
      from = await server.clock();
      const r = (await measureAll([{ id: which, options: async () => options }], { ...S, runs: 1, seconds: S.seconds * 2, warmupSeconds: 0 }))[which];
      log(`  ${Math.round(r.rps)} req/s under the profiler (${r.requests} requests), p50 ${r.p50} ms`);
    }
    to = await server.clock();
  } finally {
    await server.stop();
  }
  const file = join(OUT, 'profiles', `profile-${slug}.cpuprofile`);
  const s = summarise(file, { from, to });
  writeFileSync(join(OUT, `profile-${slug}.json`), JSON.stringify({ from, to, ...summarise(file, { from, to, top: 400 }) }, null, 1));
  const lines = [`# CPU profile: ${which}`, '', `Busy ${s.busyMs} ms, idle ${s.idleMs} ms. Profile: \`${file.replace(ROOT + '/', '')}\` (open in Chrome DevTools).`, ''];
  for (const [title, rows] of [['Self time by package or file', s.areas], ['Self time by function', s.self], ['Total time by function (inclusive)', s.total]]) {
    lines.push(`## ${title}`, '', '| ms | % | where |', '| ---: | ---: | --- |', ...rows.map((r) => `| ${r.ms} | ${r.pct} | \`${r.name.replace(/\|/g, '\\|')}\` |`), '');
  }
  writeFileSync(join(OUT, `profile-${slug}.md`), lines.join('\n'));
  console.log(lines.join('\n'));
}

async function full() {
  const results = { machine, settings: S, pinned: pinned ? pinning : undefined, paths: ONLY, date: new Date().toISOString(), loads: {}, servers: {}, story: {} };
  const wants = (id) => !ONLY || ONLY.includes(id);
  const withDpop = (id) => wants('dpop') && (id === 'bank' || id === 'bankDpop');
  const STEWARD_PATHS = ['healthz', 'bank', 'bankDpop', 'bankCold', 'introspect', 'intro5', 'intro50', 'refresh'].filter((id) => id === 'healthz' || wants(id) || withDpop(id));
  const PEER_PATHS = [['introspect', 'introspect'], ['refresh', 'refresh'], ['intro5', 'jwt'], ['intro50', 'jwt']].filter(([id]) => wants(id)).map(([, p]) => p).filter((p, i, all) => all.indexOf(p) === i);
  const trace = wants('trace');
  const story = wants('story');
  // --against=<dir>: another checkout (say, before a change) measured in the same rounds, path by path.
  const against = typeof args.against === 'string' ? resolve(args.against) : undefined;
  if (against && !args['no-build']) {
    log(`building ${against}…`);
    if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: against, stdio: 'inherit' }).status !== 0) process.exit(1);
  }

  log(`starting the servers: bare node:http; Steward with 4 banks (TRACE=off, DEMO=off)${trace ? '; Steward with TRACE=on' : ''}${PEER_PATHS.length ? '; node-oidc-provider' : ''}…`);
  const bare = await startServer('bare', { kind: 'bare', probe: '/' });
  results.servers.bare = { startupMs: bare.startupMs, afterStart: bare.afterStart };
  const sqlLog = (name) => join(OUT, 'tmp', `${name}.statements.json`);
  const main = await startServer('steward-4', { env: { BENCH_SQL_LOG: sqlLog('steward-4') } });
  results.servers.steward4 = { startupMs: main.startupMs, afterStart: main.afterStart };
  log(`  Steward answered ${Math.round(main.startupMs)} ms after spawn; RSS ${main.afterStart.rssMiB.toFixed(0)} MiB`);
  const traced = trace ? await startServer('steward-trace', { env: { TRACE: 'on' } }) : undefined;
  if (traced) results.servers.stewardTrace = { startupMs: traced.startupMs, afterStart: traced.afterStart };
  const peer = PEER_PATHS.length ? await startServer('peer', { kind: 'peer', probe: '/.well-known/openid-configuration' }) : undefined;
  if (peer) results.servers.peer = { startupMs: peer.startupMs, afterStart: peer.afterStart };
  const platforms = wants('platform') ? await Promise.all(['express', 'fastify'].map((p) => startServer(`nest-${p}`, { kind: 'nest', env: { BENCH_PLATFORM: p } }))) : [];
  const other = against ? await startServer('against-4', { root: against }) : undefined;
  // --db=postgres: Steward also on a fresh PostgreSQL database, in the same rounds as on SQLite, path by path.
  const pgDb = args.db === 'postgres' ? await freshDatabase() : undefined;
  const onPg = pgDb ? await startServer('steward-pg', { env: pgDb.env }) : undefined;
  if (onPg) {
    results.postgres = { servers: { steward4: { startupMs: onPg.startupMs, afterStart: onPg.afterStart } }, loads: {} };
    log(`  Steward on PostgreSQL (${pgDb.name}) answered ${Math.round(onPg.startupMs)} ms after spawn`);
  }
  if (other) results.against = { dir: against, servers: { steward4: { startupMs: other.startupMs, afterStart: other.afterStart } }, story: {} };

  if (story) {
    log(`story with 4 banks (${S.storyIterations}×)…`);
    results.story.banks4 = await runStory(main.baseUrl, STORY_BANKS, S.storyIterations);
    log(`  Grapher, phases 2–4: ${Math.round(results.story.banks4.grapher.wall)} ms`);
    if (other) {
      results.against.story.banks4 = await runStory(other.baseUrl, STORY_BANKS, S.storyIterations);
      log(`  against ${against}: ${Math.round(results.against.story.banks4.grapher.wall)} ms`);
    }
  }

  log('setting up the load scenarios (tokens, 50 UMA resources, bank credentials)…');
  const with50 = wants('intro50');
  const ctx = await prepare(main, { with50 });
  ctx.coldTokens = QUICK ? 1000 : 4000;
  const tctx = traced ? await prepare(traced, { with50: false }) : undefined;
  const octx = other ? { ...(await prepare(other, { with50 })), coldTokens: ctx.coldTokens } : undefined;
  const pctx = peer ? peerScenarios(peer.baseUrl, S) : undefined;
  const pgctx = onPg ? { ...(await prepare(onPg, { with50 })), coldTokens: ctx.coldTokens } : undefined;
  // --paths=platform: Steward's own AppModule on Fastify (test/bench/fastify-server.mjs), on the same database
  // and PUBLIC_URL as `main` once its scenarios are set up there, so the machine paths can be served by both
  // platforms from the same data: each load is main's, sent to the Fastify process instead.
  const onFastify = wants('platform') ? await startServer('steward-fastify', { kind: 'stewardFastify', keepDb: true, env: { DB_PATH: main.dbPath, PUBLIC_URL: main.baseUrl } }) : undefined;
  const viaFastify = (make) => async () => {
    const o = await make();
    return { ...o, url: o.url.replace(main.baseUrl, onFastify.baseUrl) };
  };
  const FASTIFY_PATHS = ['healthz', 'bank', 'introspect', 'intro5', 'intro50', 'refresh'].filter((id) => STEWARD_PATHS.includes(id) || (id !== 'healthz' && wants(id)));
  // Its cost per request counts the CPU of its PostgreSQL backends too (SQLite works inside the server's process).
  const pgCpuMs = onPg ? () => onPg.cpuMs() + pgDb.cpuMs() : undefined;
  const scenarios = [
    { id: 'bare', options: async () => ({ url: `${bare.baseUrl}/` }), cpuMs: bare.cpuMs },
    ...STEWARD_PATHS.flatMap((id) => [{ id, options: SCENARIOS[id](ctx), cpuMs: main.cpuMs }, ...(octx ? [{ id: `against:${id}`, options: SCENARIOS[id](octx), cpuMs: other.cpuMs }] : []), ...(pgctx ? [{ id: `pg:${id}`, options: SCENARIOS[id](pgctx), cpuMs: pgCpuMs }] : [])]),
    ...PEER_PATHS.map((p) => ({ id: `peer:${p}`, options: pctx[p], cpuMs: peer.cpuMs })),
    ...platforms.map((srv) => ({ id: srv.name, options: async () => ({ url: `${srv.baseUrl}/healthz` }), cpuMs: srv.cpuMs })),
    ...(onFastify ? FASTIFY_PATHS.filter((id) => STEWARD_PATHS.includes(id)).map((id) => ({ id: `fastify:${id}`, options: viaFastify(SCENARIOS[id](ctx)), cpuMs: onFastify.cpuMs })) : []),
    ...(tctx ? [{ id: 'healthzTrace', options: SCENARIOS.healthz(tctx), cpuMs: traced.cpuMs }, { id: 'bankTrace', options: SCENARIOS.bank(tctx), cpuMs: traced.cpuMs }] : []),
  ];
  log(`load: ${scenarios.length} paths, each warmed up ${S.warmupSeconds} s, then ${S.runs} rounds of ${S.seconds} s each, in turn…`);
  const loads = await measureAll(scenarios, S, (id, round, r) => log(`  round ${round + 1} ${id.padEnd(18)} ${String(Math.round(r.rps)).padStart(6)} req/s  ${String(Math.round(r.cpuUs)).padStart(6)} µs CPU/req  p50 ${r.p50} ms  p99 ${r.p99} ms`));
  for (const [id, r] of Object.entries(loads)) {
    if (id.startsWith('against:')) (results.against.loads ??= {})[id.slice(8)] = r;
    else if (id.startsWith('pg:')) results.postgres.loads[id.slice(3)] = r;
    else if (id.startsWith('fastify:')) ((results.fastify ??= { loads: {} }).loads[id.slice(8)] = r);
    else results.loads[id] = r;
  }
  if (results.against) results.against.loads.bare = results.loads.bare;
  results.servers.bare.afterLoad = bare.memory();
  results.servers.steward4.afterLoad = { ...main.memory(), heap: await main.heap() };
  if (traced) results.servers.stewardTrace.afterLoad = traced.memory();
  if (peer) results.servers.peer.afterLoad = peer.memory();
  if (other) results.against.servers.steward4.afterLoad = other.memory();
  if (onPg) results.postgres.servers.steward4.afterLoad = onPg.memory();
  if (onFastify && results.fastify) results.fastify.afterLoad = onFastify.memory();
  await Promise.all([bare.stop(), main.stop(), traced?.stop(), peer?.stop(), other?.stop(), onPg?.stop(), onFastify?.stop(), ...platforms.map((p) => p.stop())]);
  await pgDb?.drop();
  const statementsOf = (name) => JSON.parse(readFileSync(sqlLog(name), 'utf8'));
  let statements = statementsOf('steward-4');
  let planDb = main.dbPath;

  if (story) {
    const again = await startServer('steward-4', { keepDb: true });
    results.servers.steward4Restart = { startupMs: again.startupMs, afterStart: again.afterStart };
    log(`  restarted on its existing database: answered after ${Math.round(again.startupMs)} ms`);
    await again.stop();

    log('Steward with 40 banks (EXTRA_DEMO_BANKS=36)…');
    const big = await startServer('steward-40', { env: { EXTRA_DEMO_BANKS: '36', BENCH_SQL_LOG: sqlLog('steward-40') } });
    results.servers.steward40 = { startupMs: big.startupMs, afterStart: big.afterStart };
    log(`  answered ${Math.round(big.startupMs)} ms after spawn; RSS ${big.afterStart.rssMiB.toFixed(0)} MiB`);
    log(`story with 40 banks (${S.storyIterations}×)…`);
    results.story.banks40 = await runStory(big.baseUrl, [...STORY_BANKS, ...extraBankIds(36)], S.storyIterations);
    log(`  Grapher, phases 2–4: ${Math.round(results.story.banks40.grapher.wall)} ms`);
    results.servers.steward40.afterLoad = big.memory();
    await big.stop();
    if (against) {
      const otherBig = await startServer('against-40', { root: against, env: { EXTRA_DEMO_BANKS: '36' } });
      results.against.story.banks40 = await runStory(otherBig.baseUrl, [...STORY_BANKS, ...extraBankIds(36)], S.storyIterations);
      log(`  against ${against}: ${Math.round(results.against.story.banks40.grapher.wall)} ms`);
      await otherBig.stop();
    }
    statements = [...new Set([...statements, ...statementsOf('steward-40')])];
    planDb = big.dbPath;
  }
  results.plans = checkPlans(planDb, statements);
  log(`query plans: ${results.plans.statements} distinct statements, ${results.plans.scans.length} full-table scans`);

  results.durationS = performance.now() / 1000;
  results.derived = derive(results);
  const baseline = results.against ?? (typeof args.baseline === 'string' ? JSON.parse(readFileSync(args.baseline, 'utf8')) : undefined);
  const md = render(results, baseline);
  console.log('\n' + md);
  writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(OUT, 'results.md'), md);
  mkdirSync(join(OUT, 'history'), { recursive: true });
  copyFileSync(join(OUT, 'results.json'), join(OUT, 'history', `${results.date.replace(/[:.]/g, '-')}.json`));
  log(`wrote .bench/results.json and .bench/results.md (${results.durationS.toFixed(0)} s in all)`);
}

/**
 * --only=push: the time from a revocation request to the first refused call at the last bank (SSF push),
 * p50 and p99, on Steward with 4 banks and with 40 (EXTRA_DEMO_BANKS=36). Written to .bench/push.json.
 */
async function pushOnly() {
  const iterations = QUICK ? { 4: 10, 40: 5 } : { 4: 40, 40: 20 };
  const results = { machine, date: new Date().toISOString(), runs: {} };
  for (const n of [4, 40]) {
    log(`Steward with ${n} banks…`);
    const server = await startServer(`steward-push-${n}`, { env: n === 40 ? { EXTRA_DEMO_BANKS: '36' } : {} });
    log(`  answered ${Math.round(server.startupMs)} ms after spawn; delegating ${n} banks, then ${iterations[n]} revocations…`);
    try {
      results.runs[n] = await measurePush(server.baseUrl, PUSH_BANKS[n], { iterations: iterations[n], log });
    } finally {
      await server.stop();
    }
  }
  const lines = [
    `Machine: ${machine.nproc} cores, ${machine.cpu}, Node ${machine.node}; load average ${machine.loadBefore.toFixed(1)} before the run. ${results.date}.`,
    '',
    '| Banks | Revocations | Last bank refused: p50 ms | p99 ms | max ms | Any bank refused: p50 ms | p99 ms | Warm-up revocation (not counted) ms |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.values(results.runs).map((r) => `| ${r.banks} | ${r.iterations} | ${r.lastBank.p50} | ${r.lastBank.p99} | ${r.lastBank.max} | ${r.everyBank.p50} | ${r.everyBank.p99} | ${r.coldMs} |`),
  ];
  console.log('\n' + lines.join('\n'));
  writeFileSync(join(OUT, 'push.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(OUT, 'push.md'), lines.join('\n'));
}

if (args.only === 'push') await pushOnly();
else if (args.only !== undefined) throw new Error('--only takes push');
else if (args.profile) await profile(String(args.profile));
else await full();
