// --only=push: how fast a revocation reaches every bank (SSF push, RFC 8935), at 4 and 40 banks.
import { performance } from 'node:perf_hooks';
import { basic, Browser, delegateBank, extraBankIds, intro, obtainTokens, postForm, registerClient, STORY_BANKS } from './flows.mjs';

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One bank token per bank of the grant (Intro's bank_id), each checked to open its account first. */
async function oneEntryPerBank(base, accessToken) {
  const byBank = new Map();
  for (const e of Object.values(await intro(base, accessToken))) if (!byBank.has(e.bank_id)) byBank.set(e.bank_id, e);
  for (const e of byBank.values()) {
    const res = await fetch(e.endpoint, { headers: { authorization: `Bearer ${e.access_token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`bank ${e.endpoint} answered ${res.status} before the revocation`);
  }
  return [...byBank.values()];
}

/**
 * Calls every bank's account, round robin, `workers` calls in flight at most, until each bank has refused
 * its token once; for each bank, ms from t0 to that refused answer. A few calls in flight keep the
 * observer from saturating the one core the server runs on (40 pollers at once did: every request,
 * the pushes included, then queued behind them).
 */
async function firstRefusals(entries, t0, workers, limitMs) {
  const pending = new Set(entries.keys());
  const times = new Array(entries.length);
  let next = 0;
  const take = () => {
    const ids = [...pending];
    if (!ids.length) return undefined;
    return ids[next++ % ids.length];
  };
  const worker = async () => {
    for (let i = take(); i !== undefined; i = take()) {
      const entry = entries[i];
      const res = await fetch(entry.endpoint, { headers: { authorization: `Bearer ${entry.access_token}` } });
      await res.arrayBuffer();
      const at = performance.now() - t0;
      if (res.status === 401) {
        if (pending.delete(i)) times[i] = at;
      } else if (res.status !== 200) throw new Error(`bank ${entry.endpoint} answered ${res.status}`);
      else if (at > limitMs) throw new Error(`bank ${entry.endpoint} still served the revoked grant after ${Math.round(at)} ms`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, entries.length) }, worker));
  return times;
}

/**
 * `iterations` times on a server whose banks are all delegated: a new grant over every account, one token per
 * bank checked to work; then the app revokes the grant (RFC 7009, its refresh token) while the banks are
 * called round robin (`workers` calls in flight) until each has refused once. The figure of one
 * iteration is the time from sending the revocation to the first refused call at the last bank to refuse.
 * The recheck bound is the default 30 s, so only a pushed revocation can explain a refusal within it.
 */
export async function measurePush(base, bankIds, { iterations, workers = 4, log }) {
  const browser = new Browser();
  for (const id of bankIds) await delegateBank(browser, base, id);
  const app = await registerClient(base, { client_name: 'Push Bench' });
  const lastBank = [];
  const everyBank = [];
  let cold;
  // Iteration 0 is the warm-up (the first push into each bank's receiver: code paths not yet compiled),
  // reported on its own as `coldMs`, not counted in the percentiles.
  for (let i = -1; i < iterations; i++) {
    const tokens = await obtainTokens(browser, base, app);
    const entries = await oneEntryPerBank(base, tokens.access_token);
    if (entries.length !== bankIds.length) throw new Error(`the grant reaches ${entries.length} banks, not ${bankIds.length}`);
    const t0 = performance.now();
    const revoked = postForm(`${base}/as/revoke`, { token: tokens.refresh_token, token_type_hint: 'refresh_token' }, { authorization: basic(app.client_id, app.client_secret) });
    const times = await firstRefusals(entries, t0, workers, 25_000);
    const res = await revoked;
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`revocation answered ${res.status}`);
    if (i < 0) {
      cold = Math.max(...times);
      log?.(`  ${bankIds.length} banks, warm-up revocation: last bank refused after ${Math.round(cold)} ms`);
      continue;
    }
    lastBank.push(Math.max(...times));
    everyBank.push(...times);
    log?.(`  ${bankIds.length} banks, revocation ${i + 1}/${iterations}: last bank refused after ${Math.round(Math.max(...times))} ms (first after ${Math.round(Math.min(...times))} ms)`);
  }
  const r = (v) => Math.round(v);
  return {
    banks: bankIds.length,
    iterations,
    workers,
    coldMs: r(cold),
    lastBank: { p50: r(percentile(lastBank, 50)), p99: r(percentile(lastBank, 99)), max: r(Math.max(...lastBank)) },
    everyBank: { p50: r(percentile(everyBank, 50)), p99: r(percentile(everyBank, 99)) },
  };
}

export const PUSH_BANKS = { 4: STORY_BANKS, 40: [...STORY_BANKS, ...extraBankIds(36)] };
