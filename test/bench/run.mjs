// The benchmark itself; bench.mjs builds first, then loads this (it imports the built app from dist/).
import { execSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { basic, Browser, delegateBank, extraBankIds, intro, obtainTokens, onlyResources, registerClient, registerUmaResources, STORY_BANKS } from './lib/flows.mjs';
import { measureAll } from './lib/load.mjs';
import { checkPlans } from './lib/plans.mjs';
import { OUT, ROOT, startServer } from './lib/procs.mjs';
import { summarise } from './lib/profile.mjs';
import { runStory } from './lib/story.mjs';

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
log(`${machine.nproc} cores (${machine.cpu}), Node ${machine.node}. The server runs in a child process, the load generator (autocannon, ${S.connections} connections) here: on ${machine.nproc} cores they share the machine.`);
if (machine.loadBefore > 0.5) log(`note: load average ${machine.loadBefore.toFixed(1)} before the run: something else is using the CPU, absolute figures will be low (ratios suffer less).`);

/** Everything a load scenario needs on a server where the story's four banks are delegated. */
async function prepare(server, { with50 = true } = {}) {
  const base = server.baseUrl;
  const browser = new Browser();
  if (storyResourceIds(server).length === 0) for (const id of STORY_BANKS) await delegateBank(browser, base, id);
  const app = await registerClient(base);
  const five = await obtainTokens(browser, base, app, { choose: (f) => ({ ...f, resource: storyResourceIds(server) }) });
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
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  ctx.norma = db.prepare("SELECT client_id AS id, client_secret AS secret FROM bank_as_clients WHERE bank_id = 'norma'").get();
  db.close();
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

function storyResourceIds(server) {
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  const ids = db.prepare('SELECT resource_id FROM bank_delegations').all().map((r) => r.resource_id);
  db.close();
  return ids;
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

const LABELS = {
  bare: 'bare node:http JSON (reference)',
  healthz: 'GET /healthz, bare NestJS route (reference)',
  bank: 'Bank data: GET account, JWT checked (cached JWKS, token seen before)',
  bankCold: 'Bank data: GET account, each request a new token (full ES256 verify)',
  introspect: 'RFC 7662 introspection (POST /as/introspect)',
  intro5: 'Intro, 5 accounts (5 bank JWTs minted)',
  intro50: 'Intro, 50 accounts (50 bank JWTs minted)',
  refresh: 'Token endpoint: refresh_token grant with rotation',
  healthzTrace: 'GET /healthz with TRACE=on',
  bankTrace: 'Bank data with TRACE=on',
};

async function profile(which) {
  const known = [...Object.keys(SCENARIOS), 'story40', 'startup', 'startup40'];
  if (!known.includes(which)) throw new Error(`--profile takes one of ${known.join(', ')}`);
  mkdirSync(join(OUT, 'profiles'), { recursive: true });
  const story = which.startsWith('story');
  const startup = which.startsWith('startup');
  const server = await startServer(`profile-${which}`, { cpuProf: true, env: which.endsWith('40') ? { EXTRA_DEMO_BANKS: '36' } : {} });
  let from;
  let to;
  try {
    if (startup) {
      from = -Infinity;
    } else if (story) {
      from = await server.clock();
      await runStory(server.baseUrl, [...STORY_BANKS, ...extraBankIds(36)], 3);
    } else {
      const ctx = await prepare(server, { with50: which === 'intro50' });
      ctx.coldTokens = 4000;
      const scenario = [{ id: which, options: SCENARIOS[which](ctx) }];
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
  const file = join(OUT, 'profiles', `profile-${which}.cpuprofile`);
  const s = summarise(file, { from, to });
  writeFileSync(join(OUT, `profile-${which}.json`), JSON.stringify({ from, to, ...summarise(file, { from, to, top: 400 }) }, null, 1));
  const lines = [`# CPU profile: ${which}`, '', `Busy ${s.busyMs} ms, idle ${s.idleMs} ms. Profile: \`${file.replace(ROOT + '/', '')}\` (open in Chrome DevTools).`, ''];
  for (const [title, rows] of [['Self time by package or file', s.areas], ['Self time by function', s.self], ['Total time by function (inclusive)', s.total]]) {
    lines.push(`## ${title}`, '', '| ms | % | where |', '| ---: | ---: | --- |', ...rows.map((r) => `| ${r.ms} | ${r.pct} | \`${r.name.replace(/\|/g, '\\|')}\` |`), '');
  }
  writeFileSync(join(OUT, `profile-${which}.md`), lines.join('\n'));
  console.log(lines.join('\n'));
}

async function full() {
  const results = { machine, settings: S, date: new Date().toISOString(), loads: {}, servers: {}, story: {} };
  // --against=<dir>: another checkout (say, before a change) measured in the same rounds, path by path.
  const against = typeof args.against === 'string' ? resolve(args.against) : undefined;
  if (against && !args['no-build']) {
    log(`building ${against}…`);
    if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: against, stdio: 'inherit' }).status !== 0) process.exit(1);
  }

  log('starting the servers: bare node:http; Steward with 4 banks (TRACE=off, DEMO=off); Steward with TRACE=on…');
  const bare = await startServer('bare', { kind: 'bare', probe: '/' });
  results.servers.bare = { startupMs: bare.startupMs, afterStart: bare.afterStart };
  const sqlLog = (name) => join(OUT, 'tmp', `${name}.statements.json`);
  const main = await startServer('steward-4', { env: { BENCH_SQL_LOG: sqlLog('steward-4') } });
  results.servers.steward4 = { startupMs: main.startupMs, afterStart: main.afterStart };
  log(`  Steward answered ${Math.round(main.startupMs)} ms after spawn; RSS ${main.afterStart.rssMiB.toFixed(0)} MiB`);
  const traced = await startServer('steward-trace', { env: { TRACE: 'on' } });
  results.servers.stewardTrace = { startupMs: traced.startupMs, afterStart: traced.afterStart };
  const other = against ? await startServer('against-4', { root: against }) : undefined;
  if (other) results.against = { dir: against, servers: { steward4: { startupMs: other.startupMs, afterStart: other.afterStart } }, story: {} };

  log(`story with 4 banks (${S.storyIterations}×)…`);
  results.story.banks4 = await runStory(main.baseUrl, STORY_BANKS, S.storyIterations);
  log(`  Grapher, phases 2–4: ${Math.round(results.story.banks4.grapher.wall)} ms`);
  if (other) {
    results.against.story.banks4 = await runStory(other.baseUrl, STORY_BANKS, S.storyIterations);
    log(`  against ${against}: ${Math.round(results.against.story.banks4.grapher.wall)} ms`);
  }

  log('setting up the load scenarios (tokens, 50 UMA resources, bank credentials)…');
  const ctx = await prepare(main);
  ctx.coldTokens = QUICK ? 1000 : 4000;
  const tctx = await prepare(traced, { with50: false });
  const octx = other ? { ...(await prepare(other)), coldTokens: ctx.coldTokens } : undefined;
  const STEWARD_PATHS = ['healthz', 'bank', 'bankCold', 'introspect', 'intro5', 'intro50', 'refresh'];
  const scenarios = [
    { id: 'bare', options: async () => ({ url: `${bare.baseUrl}/` }) },
    ...STEWARD_PATHS.flatMap((id) => [{ id, options: SCENARIOS[id](ctx) }, ...(octx ? [{ id: `against:${id}`, options: SCENARIOS[id](octx) }] : [])]),
    { id: 'healthzTrace', options: SCENARIOS.healthz(tctx) },
    { id: 'bankTrace', options: SCENARIOS.bank(tctx) },
  ];
  log(`load: ${scenarios.length} paths, each warmed up ${S.warmupSeconds} s, then ${S.runs} rounds of ${S.seconds} s each, in turn…`);
  const loads = await measureAll(scenarios, S, (id, round, r) => log(`  round ${round + 1} ${id.padEnd(18)} ${String(Math.round(r.rps)).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms`));
  for (const [id, r] of Object.entries(loads)) {
    if (id.startsWith('against:')) (results.against.loads ??= {})[id.slice(8)] = r;
    else results.loads[id] = r;
  }
  if (results.against) results.against.loads.bare = results.loads.bare;
  results.servers.bare.afterLoad = bare.memory();
  results.servers.steward4.afterLoad = main.memory();
  results.servers.stewardTrace.afterLoad = traced.memory();
  if (other) results.against.servers.steward4.afterLoad = other.memory();
  await Promise.all([bare.stop(), main.stop(), traced.stop(), other?.stop()]);
  const statementsOf = (name) => JSON.parse(readFileSync(sqlLog(name), 'utf8'));
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
  results.plans = checkPlans(big.dbPath, [...new Set([...statementsOf('steward-4'), ...statementsOf('steward-40')])]);
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

function derive(r) {
  const L = r.loads;
  const perToken = (id, n) => 1000 / (L[id].rps * n);
  const s4 = r.story.banks4.grapher.wall;
  const s40 = r.story.banks40.grapher.wall;
  return {
    healthzVsBare: L.healthz.rps / L.bare.rps,
    bankVsHealthz: L.bank.rps / L.healthz.rps,
    bankColdVsHealthz: L.bankCold.rps / L.healthz.rps,
    msPerToken5: perToken('intro5', 5),
    msPerToken50: perToken('intro50', 50),
    introCostGrowth: L.intro5.rps / L.intro50.rps, // cost of one Intro at 50 accounts ÷ at 5; linear would be 10
    marginalMsPerToken: (1000 / L.intro50.rps - 1000 / L.intro5.rps) / 45,
    storyGrowth: s40 / s4,
    traceCostBank: 1 - L.bankTrace.rps / L.bank.rps,
    traceCostHealthz: 1 - L.healthzTrace.rps / L.healthz.rps,
  };
}

const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const ms = (x) => (x === 0 ? '<1' : String(x));
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : '–');

function render(r, before) {
  const d = r.derived;
  const L = r.loads;
  const had = (id) => before?.loads?.[id];
  const out = [];
  out.push(`Machine: ${r.machine.nproc} cores, ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}; load average ${f1(r.machine.loadBefore)} before the run. ${r.date.slice(0, 16).replace('T', ' ')} UTC.`);
  out.push(`Load: autocannon, ${r.settings.connections} connections; each path warmed up ${r.settings.warmupSeconds} s, then ${r.settings.runs} rounds in which every path runs ${r.settings.seconds} s in turn; medians. Servers in child processes, the load generator in the parent, all on these ${r.machine.nproc} cores, over loopback. TRACE=off and DEMO=off unless said.`, '');
  const was = (id) => (before ? `${f0(had(id)?.rps)} | ${f2(had(id)?.rps / before.loads.healthz.rps)} | ` : '');
  out.push(`| Path | ${before ? 'before: req/s | before: vs /healthz | ' : ''}req/s | p50 ms | p99 ms | vs /healthz |`);
  out.push(`| --- | ${before ? '---: | ---: | ' : ''}---: | ---: | ---: | ---: |`);
  for (const id of ['bare', 'healthz', 'bank', 'bankCold', 'introspect', 'intro5', 'intro50', 'refresh', 'healthzTrace', 'bankTrace']) {
    const x = L[id];
    out.push(`| ${LABELS[id]} | ${was(id)}${f0(x.rps)} | ${ms(x.p50)} | ${ms(x.p99)} | ${f2(x.rps / L.healthz.rps)} |`);
  }
  out.push('');
  const s4 = r.story.banks4;
  const s40 = r.story.banks40;
  const row = (label, a, b) => `| ${label} | ${f0(a)} | ${f0(b)} | ${f1(b / a)}× |`;
  out.push(`Intro: ${f2(d.msPerToken5)} ms of server time per minted bank token at 5 accounts, ${f2(d.msPerToken50)} ms at 50 (marginal ${f2(d.marginalMsPerToken)} ms per extra token); one Intro at 50 accounts costs ${f1(d.introCostGrowth)}× one at 5 (linear would be 10×).`, '');
  out.push(`The whole story, wall time in ms (median of ${s4.iterations}; ${s4.accounts} vs ${s40.accounts} accounts, ${f0(s4.transactions)} vs ${f0(s40.transactions)} transactions read):`, '');
  out.push('| Step | 4 banks | 40 banks | growth |', '| --- | ---: | ---: | ---: |');
  out.push(row('Phase 1: delegate every bank, one after another (a person\'s clicks)', s4.phase1Ms, s40.phase1Ms));
  out.push(row('  one bank\'s delegation (median)', s4.perBankDelegationMs, s40.perBankDelegationMs));
  out.push(row('Grapher: open, press AS (discovery, registration)', s4.grapher.connect, s40.grapher.connect));
  out.push(row('Sign in at the AS (scrypt)', s4.grapher.login, s40.grapher.login));
  out.push(row('Consent page', s4.grapher.consent, s40.grapher.consent));
  out.push(row('Allow → code', s4.grapher.code, s40.grapher.code));
  out.push(row('Code → token (Grapher\'s callback)', s4.grapher.token, s40.grapher.token));
  out.push(row('Picture: Intro + every bank + charts', s4.grapher.picture, s40.grapher.picture));
  out.push(row('**Phases 2–4, wall**', s4.grapher.wall, s40.grapher.wall));
  if (before?.story) out.push(row('  before', before.story.banks4.grapher.wall, before.story.banks40.grapher.wall));
  out.push(row('  of which Intro alone (plain client)', s4.direct.intro, s40.direct.intro));
  out.push(row('  of which every bank, concurrently (plain client)', s4.direct.banks, s40.direct.banks));
  out.push('');
  const sv = r.servers;
  out.push('| Server | start-up to first answer ms | RSS after start MiB | RSS after load MiB | peak RSS MiB |', '| --- | ---: | ---: | ---: | ---: |');
  for (const [label, s] of [
    ['bare node:http', sv.bare],
    ['Steward, 4 banks, fresh database', sv.steward4],
    ['Steward, 4 banks, restart on its database', sv.steward4Restart],
    ['Steward, 40 banks, fresh database', sv.steward40],
    ['Steward, 4 banks, TRACE=on', sv.stewardTrace],
  ]) {
    out.push(`| ${label} | ${f0(s.startupMs)} | ${f0(s.afterStart?.rssMiB)} | ${f0(s.afterLoad?.rssMiB)} | ${f0(s.afterLoad?.peakMiB ?? s.afterStart?.peakMiB)} |`);
  }
  out.push('');
  const met = (ok) => (ok ? 'met' : '**not met**');
  out.push('| Target | Measured | |', '| --- | ---: | --- |');
  out.push(`| Bank data ≥ 0.8 × /healthz (token seen before) | ${f2(d.bankVsHealthz)} | ${met(d.bankVsHealthz >= 0.8)} |`);
  out.push(`| Bank data ≥ 0.8 × /healthz (every token new) | ${f2(d.bankColdVsHealthz)} | ${met(d.bankColdVsHealthz >= 0.8)} |`);
  out.push(`| Intro cost grows no worse than linearly (50 vs 5 accounts ≤ 10×) | ${f1(d.introCostGrowth)}× | ${met(d.introCostGrowth <= 10)} |`);
  out.push(`| Story 40 vs 4 banks far below 10× (≤ 3×) | ${f1(d.storyGrowth)}× | ${met(d.storyGrowth <= 3)} |`);
  out.push('');
  const p = r.plans;
  out.push(`Query plans (EXPLAIN QUERY PLAN of every distinct SELECT/UPDATE/DELETE the servers prepared during the run): ${p.statements} statements, ${p.scans.length ? `full-table scans: ${p.scans.map((x) => `${x.table} (${x.sql.slice(0, 60)}…)`).join('; ')}` : 'no full-table scan'}; ${p.sorts.length} sorting with a temporary b-tree (see results.json).`, '');
  out.push(`/healthz is ${pct(d.healthzVsBare)} of bare node:http. The demo trace (TRACE=on) costs ${pct(d.traceCostBank)} of the bank endpoint's throughput and ${pct(d.traceCostHealthz)} of /healthz's. Run took ${f0(r.durationS)} s.`);
  return out.join('\n');
}

if (args.profile) await profile(String(args.profile));
else await full();
