import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';

export function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One autocannon run, with the times of its first and last responses (autocannon's own duration is
 * rounded up to its 1 s sampling tick when a run is bounded by count). */
function once(opts) {
  return new Promise((resolve, reject) => {
    let first;
    let last;
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve({ ...result, first, last })));
    instance.on('response', () => {
      last = performance.now();
      first ??= last;
    });
  });
}

/**
 * One bounded autocannon run; any non-2xx answer, error or timeout fails it loudly. `cpuMs`: the server's
 * CPU clock, read around the run, for its CPU time per request (robust where other work shares the machine).
 */
async function run(id, options, { connections }, seconds, cpuMs, maxRequests = 300_000) {
  const opts = { connections, pipelining: 1, duration: seconds, maxOverallRequests: maxRequests, timeout: 10, ...(await options()) };
  const cpuBefore = cpuMs?.();
  const result = await once(opts);
  const cpuUs = cpuMs ? ((cpuMs() - cpuBefore) * 1000) / result.requests.total : NaN;
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${id}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts (of ${result.requests.total})`);
  const elapsed = opts.amount ? (result.last - result.first) / 1000 : result.duration;
  return { rps: (opts.amount ? result['2xx'] - 1 : result['2xx']) / elapsed, cpuUs, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total };
}

/**
 * Each scenario warmed up, then `runs` rounds in which every scenario runs once in turn, so that noise from
 * the shared machine falls on all of them alike; medians of requests/s (2xx only), the server's CPU µs per
 * request (when the scenario gives `cpuMs`), p50 and p99 per scenario.
 * `options()` is called before each run (fresh tokens, fresh refresh chains).
 */
export async function measureAll(scenarios, S, onRun = () => undefined) {
  const perRun = Object.fromEntries(scenarios.map((s) => [s.id, []]));
  if (S.warmupSeconds > 0) for (const s of scenarios) await run(s.id, s.options, S, S.warmupSeconds);
  for (let round = 0; round < S.runs; round++) {
    for (const s of scenarios) {
      const r = await run(s.id, s.options, S, S.seconds, s.cpuMs);
      perRun[s.id].push(r);
      onRun(s.id, round, r);
    }
  }
  return Object.fromEntries(
    scenarios.map(({ id }) => {
      const rs = perRun[id];
      return [id, { runs: rs, rps: median(rs.map((r) => r.rps)), cpuUs: median(rs.map((r) => r.cpuUs)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), requests: rs.reduce((n, r) => n + r.requests, 0) }];
    }),
  );
}
