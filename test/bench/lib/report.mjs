// The bench's tables: the figures of one run, as ratios to the references and to the peer measured in it.

export const LABELS = {
  bare: 'bare node:http JSON (reference)',
  healthz: 'GET /healthz, bare NestJS route (reference)',
  bank: 'Bank data: GET account, JWT checked (cached JWKS, token seen before)',
  bankDpop: 'Bank data: GET account, DPoP-bound token, a new proof each request (RFC 9449)',
  bankCold: 'Bank data: GET account, each request a new token (full ES256 verify)',
  introspect: 'RFC 7662 introspection (POST /as/introspect)',
  intro5: 'Intro, 5 accounts (5 bank JWTs minted)',
  intro50: 'Intro, 50 accounts (50 bank JWTs minted)',
  refresh: 'Token endpoint: refresh_token grant with rotation',
  healthzTrace: 'GET /healthz with TRACE=on',
  bankTrace: 'Bank data with TRACE=on',
  'nest-express': 'Bare Nest app, one route, on Express (platform reference)',
  'nest-fastify': 'Bare Nest app, one route, on Fastify (platform reference)',
  'peer:introspect': 'node-oidc-provider: RFC 7662 introspection (opaque token)',
  'peer:refresh': 'node-oidc-provider: refresh_token grant with rotation',
  'peer:jwt': 'node-oidc-provider: client_credentials, one ES256 JWT access token minted',
};

const ROWS = ['bare', 'nest-express', 'nest-fastify', 'healthz', 'bank', 'bankDpop', 'bankCold', 'introspect', 'intro5', 'intro50', 'refresh', 'healthzTrace', 'bankTrace', 'peer:introspect', 'peer:refresh', 'peer:jwt'];

/** Steward's paths beside their peer's: the ratio and the goal of issue 14 for each. */
const VERSUS = [
  { id: 'introspect', peer: 'peer:introspect', what: 'Introspection, requests/s', goal: 1, per: 1 },
  { id: 'refresh', peer: 'peer:refresh', what: 'Refresh grant with rotation, requests/s', goal: 1, per: 1 },
  { id: 'intro5', peer: 'peer:jwt', what: 'Intro at 5 accounts vs one JWT minted, requests/s', goal: 0.5, per: 1 },
  { id: 'intro50', peer: 'peer:jwt', what: 'Intro at 50 accounts: minted tokens/s vs the peer\'s JWTs/s', goal: 4, per: 50 },
];

/**
 * Two ratios for each comparison: of requests/s (each server saturated in turn), and of the CPU time each
 * server spent per request during the same runs (capacity on one core: robust when other work shares the
 * machine and a server does not get its core to itself). Goals are judged on the CPU ratio, both printed.
 */
export function derive(r) {
  const L = r.loads;
  const ratio = (a, b) => (L[a] && L[b] ? L[a].rps / L[b].rps : NaN);
  const cpuRatio = (a, b) => (L[a] && L[b] ? L[b].cpuUs / L[a].cpuUs : NaN);
  const perToken = (id, n) => (L[id] ? L[id].cpuUs / 1000 / n : NaN); // ms of server CPU per minted token
  const s4 = r.story?.banks4?.grapher.wall;
  const s40 = r.story?.banks40?.grapher.wall;
  return {
    healthzVsBare: ratio('healthz', 'bare'),
    fastifyVsExpress: cpuRatio('nest-fastify', 'nest-express'),
    healthzVsNestExpress: cpuRatio('healthz', 'nest-express'),
    bankVsHealthz: cpuRatio('bank', 'healthz'),
    bankColdVsHealthz: cpuRatio('bankCold', 'healthz'),
    bankVsHealthzRps: ratio('bank', 'healthz'),
    bankColdVsHealthzRps: ratio('bankCold', 'healthz'),
    msPerToken5: perToken('intro5', 5),
    msPerToken50: perToken('intro50', 50),
    peerMsPerJwt: perToken('peer:jwt', 1),
    introCostGrowth: cpuRatio('intro5', 'intro50'), // cost of one Intro at 50 accounts ÷ at 5; linear would be 10
    marginalMsPerToken: L.intro5 && L.intro50 ? (L.intro50.cpuUs - L.intro5.cpuUs) / 1000 / 45 : NaN,
    storyGrowth: s40 / s4,
    traceCostBank: 1 - ratio('bankTrace', 'bank'),
    traceCostHealthz: 1 - ratio('healthzTrace', 'healthz'),
    versus: Object.fromEntries(VERSUS.map((v) => [v.id, cpuRatio(v.id, v.peer) * v.per])),
    versusRps: Object.fromEntries(VERSUS.map((v) => [v.id, ratio(v.id, v.peer) * v.per])),
    rssAfterLoadMiB: r.paths ? NaN : r.servers.steward4?.afterLoad?.rssMiB, // after the whole load only
  };
}

const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const ms = (x) => (x === 0 ? '<1' : x === undefined ? '–' : String(x));
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const pct = (x) => (Number.isFinite(x) ? `${Math.round(x * 100)} %` : '–');
const met = (ok, x) => (!Number.isFinite(x) ? 'not measured' : ok ? 'met' : '**not met**');

export function render(r, before) {
  const d = r.derived;
  const L = r.loads;
  const out = [];
  out.push(`Machine: ${r.machine.nproc} cores, ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}; load average ${f1(r.machine.loadBefore)} before the run. ${r.date.slice(0, 16).replace('T', ' ')} UTC.`);
  out.push(`Load: autocannon, ${r.settings.connections} connections; each path warmed up ${r.settings.warmupSeconds} s, then ${r.settings.runs} rounds in which every path runs ${r.settings.seconds} s in turn; medians. Servers in child processes, the load generator in the parent, over loopback; ${r.pinned ? `every server pinned to core ${r.pinned.server}, the load generator to core 0 (taskset)` : 'no pinning'}. TRACE=off and DEMO=off unless said.${r.paths ? ` Paths: ${r.paths.join(', ')}.` : ''}`, '');
  out.push(...pathTable(r, before), '');
  if (r.postgres) out.push(...storeTable(r), '');
  if (r.fastify) out.push(...platformTable(r), '');
  if (VERSUS.some((v) => L[v.id] && L[v.peer])) out.push(...versusTable(r, before), '');
  if (L.intro5 && L.intro50) out.push(`Intro: ${f2(d.msPerToken5)} ms of server CPU per minted bank token at 5 accounts, ${f2(d.msPerToken50)} ms at 50 (marginal ${f2(d.marginalMsPerToken)} ms per extra token)${Number.isFinite(d.peerMsPerJwt) ? `; node-oidc-provider ${f2(d.peerMsPerJwt)} ms per JWT` : ''}; one Intro at 50 accounts costs ${f1(d.introCostGrowth)}× one at 5 (linear would be 10×).`, '');
  if (r.story?.banks4 && r.story?.banks40) out.push(...storyTable(r, before), '');
  out.push(...serverTable(r), '');
  out.push('| Target (ratios of CPU time per request; of requests/s in brackets) | Measured | |', '| --- | ---: | --- |');
  for (const v of VERSUS) {
    const x = d.versus[v.id];
    out.push(`| ${v.what}: Steward ÷ node-oidc-provider ≥ ${v.goal} | ${f2(x)} (req/s: ${f2(d.versusRps[v.id])}) | ${met(x >= v.goal, x)} |`);
  }
  out.push(`| Bank data ≥ 0.8 × /healthz (token seen before) | ${f2(d.bankVsHealthz)} (req/s: ${f2(d.bankVsHealthzRps)}) | ${met(d.bankVsHealthz >= 0.8, d.bankVsHealthz)} |`);
  out.push(`| Bank data ≥ 0.8 × /healthz (every token new) | ${f2(d.bankColdVsHealthz)} (req/s: ${f2(d.bankColdVsHealthzRps)}) | ${met(d.bankColdVsHealthz >= 0.8, d.bankColdVsHealthz)} |`);
  out.push(`| Intro cost grows no worse than linearly (50 vs 5 accounts ≤ 10×) | ${f1(d.introCostGrowth)}× | ${met(d.introCostGrowth <= 10, d.introCostGrowth)} |`);
  out.push(`| Story 40 vs 4 banks < 2× | ${f1(d.storyGrowth)}× | ${met(d.storyGrowth < 2, d.storyGrowth)} |`);
  out.push(`| RSS after the bench's load < 250 MB | ${f0(d.rssAfterLoadMiB * 1.048576)} MB | ${met(d.rssAfterLoadMiB * 1.048576 < 250, d.rssAfterLoadMiB)} |`);
  out.push('');
  const p = r.plans;
  if (p) out.push(`Query plans (EXPLAIN QUERY PLAN of every distinct SELECT/UPDATE/DELETE the servers prepared during the run): ${p.statements} statements, ${p.scans.length ? `full-table scans: ${p.scans.map((x) => `${x.table} (${x.sql.slice(0, 60)}…)`).join('; ')}` : 'no full-table scan'}; ${p.sorts.length} sorting with a temporary b-tree (see results.json).`, '');
  const trace = L.bankTrace ? ` The demo trace (TRACE=on) costs ${pct(d.traceCostBank)} of the bank endpoint's throughput and ${pct(d.traceCostHealthz)} of /healthz's.` : '';
  const platform = L['nest-fastify'] ? ` A bare Nest route on Fastify serves ${f2(d.fastifyVsExpress)}× the requests per CPU second of the same route on Express; Steward's /healthz (its middleware and global interceptor, pipe and filter) ${f2(d.healthzVsNestExpress)}× the bare Nest route on Express.` : '';
  out.push(`/healthz is ${pct(d.healthzVsBare)} of bare node:http.${platform}${trace} Run took ${f0(r.durationS)} s.`);
  return out.join('\n');
}

function pathTable(r, before) {
  const L = r.loads;
  const had = (id) => before?.loads?.[id];
  const was = (id) => (before ? `${f0(had(id)?.rps)} | ${f0(had(id)?.cpuUs)} | ${f2(before.loads.healthz.cpuUs / had(id)?.cpuUs)} | ` : '');
  const out = [
    `| Path | ${before ? 'before: req/s | before: CPU µs/req | before: vs /healthz | ' : ''}req/s | p50 ms | p99 ms | CPU µs/req | vs /healthz (req/s) | vs /healthz (CPU) |`,
    `| --- | ${before ? '---: | ---: | ---: | ' : ''}---: | ---: | ---: | ---: | ---: | ---: |`,
  ];
  for (const id of ROWS.filter((x) => L[x])) {
    const x = L[id];
    out.push(`| ${LABELS[id]} | ${was(id)}${f0(x.rps)} | ${ms(x.p50)} | ${ms(x.p99)} | ${f0(x.cpuUs)} | ${f2(x.rps / L.healthz.rps)} | ${f2(L.healthz.cpuUs / x.cpuUs)} |`);
  }
  return out;
}

/** --db=postgres: each Steward path on SQLite and on PostgreSQL, in the same rounds. */
function storeTable(r) {
  const L = r.loads;
  const P = r.postgres.loads;
  const out = [
    'Steward on SQLite vs on PostgreSQL (same run; on PostgreSQL the CPU per request adds its backends\' CPU to the server\'s, and the backends are not pinned):',
    '',
    '| Path | SQLite req/s | SQLite CPU µs/req | PostgreSQL req/s | PostgreSQL p50 ms | PostgreSQL p99 ms | PostgreSQL CPU µs/req | PostgreSQL ÷ SQLite (req/s) | PostgreSQL ÷ SQLite (CPU per request) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const id of ROWS.filter((x) => L[x] && P[x])) {
    out.push(`| ${LABELS[id]} | ${f0(L[id].rps)} | ${f0(L[id].cpuUs)} | ${f0(P[id].rps)} | ${ms(P[id].p50)} | ${ms(P[id].p99)} | ${f0(P[id].cpuUs)} | ${f2(P[id].rps / L[id].rps)} | ${f2(P[id].cpuUs / L[id].cpuUs)} |`);
  }
  const s = r.postgres.servers.steward4;
  out.push('', `Start-up on an empty PostgreSQL database (migrations, seeding): ${f0(s.startupMs)} ms to the first answer (SQLite, fresh file: ${f0(r.servers.steward4.startupMs)} ms); RSS after the load ${f0(s.afterLoad?.rssMiB)} MiB.`);
  return out;
}

/** --paths=platform: each machine path served by Steward on Express and on Fastify, from the same data, in the same rounds. */
function platformTable(r) {
  const L = r.loads;
  const F = r.fastify.loads;
  const peer = (id) => ({ introspect: 'peer:introspect', refresh: 'peer:refresh', intro5: 'peer:jwt' })[id];
  const out = [
    'Steward on Express (as shipped) vs its own AppModule on Fastify (test/bench/fastify-server.mjs: the same modules, guards, pipes and database, the machine middleware through @fastify/middie):',
    '',
    '| Path | Express CPU µs/req | Fastify CPU µs/req | Fastify req/s | Fastify ÷ Express (CPU per request: higher is better) | Fastify ÷ node-oidc-provider (CPU) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const id of ROWS.filter((x) => L[x] && F[x])) {
    const p = peer(id) && L[peer(id)];
    out.push(`| ${LABELS[id]} | ${f0(L[id].cpuUs)} | ${f0(F[id].cpuUs)} | ${f0(F[id].rps)} | ${f2(L[id].cpuUs / F[id].cpuUs)} | ${p ? f2(p.cpuUs / F[id].cpuUs) : '–'} |`);
  }
  return out;
}

function versusTable(r, before) {
  const L = r.loads;
  const out = [
    `| Steward vs node-oidc-provider (same run) | Steward req/s | peer req/s | Steward ÷ peer (req/s) | Steward CPU µs/req | peer CPU µs/req | ${before ? 'before: Steward ÷ peer (CPU) | ' : ''}Steward ÷ peer (CPU) | goal |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ${before ? '---: | ' : ''}---: | ---: |`,
  ];
  for (const v of VERSUS.filter((x) => L[x.id] && L[x.peer])) {
    const was = before ? `${f2((L[v.peer].cpuUs / before.loads?.[v.id]?.cpuUs) * v.per)} | ` : '';
    const d = r.derived;
    out.push(`| ${v.what} | ${f0(L[v.id].rps)}${v.per > 1 ? ` (${f0(L[v.id].rps * v.per)} tokens/s)` : ''} | ${f0(L[v.peer].rps)} | ${f2(d.versusRps[v.id])} | ${f0(L[v.id].cpuUs)} | ${f0(L[v.peer].cpuUs)} | ${was}${f2(d.versus[v.id])} | ≥ ${v.goal} |`);
  }
  return out;
}

function storyTable(r, before) {
  const s4 = r.story.banks4;
  const s40 = r.story.banks40;
  const row = (label, a, b) => `| ${label} | ${f0(a)} | ${f0(b)} | ${f1(b / a)}× |`;
  return [
    `The whole story, wall time in ms (median of ${s4.iterations}; ${s4.accounts} vs ${s40.accounts} accounts, ${f0(s4.transactions)} vs ${f0(s40.transactions)} transactions read):`,
    '',
    '| Step | 4 banks | 40 banks | growth |',
    '| --- | ---: | ---: | ---: |',
    row('Phase 1: delegate every bank, one after another (a person\'s clicks)', s4.phase1Ms, s40.phase1Ms),
    row('  one bank\'s delegation (median)', s4.perBankDelegationMs, s40.perBankDelegationMs),
    row('Grapher: open, press AS (discovery, registration)', s4.grapher.connect, s40.grapher.connect),
    row('Sign in at the AS (scrypt)', s4.grapher.login, s40.grapher.login),
    row('Consent page', s4.grapher.consent, s40.grapher.consent),
    row('Allow → code', s4.grapher.code, s40.grapher.code),
    row('Code → token (Grapher\'s callback)', s4.grapher.token, s40.grapher.token),
    row('Picture: Intro + every bank + charts', s4.grapher.picture, s40.grapher.picture),
    row('**Phases 2–4, wall**', s4.grapher.wall, s40.grapher.wall),
    ...(before?.story?.banks4 && before.story.banks40 ? [row('  before', before.story.banks4.grapher.wall, before.story.banks40.grapher.wall)] : []),
    row('  of which Intro alone (plain client)', s4.direct.intro, s40.direct.intro),
    row('  of which every bank, concurrently (plain client)', s4.direct.banks, s40.direct.banks),
  ];
}

function serverTable(r) {
  const sv = r.servers;
  const out = ['| Server | start-up to first answer ms | RSS after start MiB | RSS after load MiB | peak RSS MiB |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const [label, s] of [
    ['bare node:http', sv.bare],
    ['node-oidc-provider (in-memory adapter)', sv.peer],
    ['Steward, 4 banks, fresh database', sv.steward4],
    ['Steward, 4 banks, restart on its database', sv.steward4Restart],
    ['Steward, 40 banks, fresh database', sv.steward40],
    ['Steward, 4 banks, TRACE=on', sv.stewardTrace],
  ]) {
    if (s) out.push(`| ${label} | ${f0(s.startupMs)} | ${f0(s.afterStart?.rssMiB)} | ${f0(s.afterLoad?.rssMiB)} | ${f0(s.afterLoad?.peakMiB ?? s.afterStart?.peakMiB)} |`);
  }
  const h = sv.steward4?.afterLoad?.heap;
  const mib = (b) => f0(b / 2 ** 20);
  if (h) out.push('', `Steward's RSS after the load, by the server's own process.memoryUsage(): V8 heap ${mib(h.heapTotal)} MiB reserved (${mib(h.heapUsed)} MiB in use), ${mib(h.external)} MiB of external memory (buffers); the remaining ${mib(h.rss - h.heapTotal - h.external)} MiB is code, stacks and native allocations (SQLite's page cache, OpenSSL, the HTTP parser).`);
  return out;
}
