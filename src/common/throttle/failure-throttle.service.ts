import { Injectable, Optional } from '@nestjs/common';
import { ThrottleCounterRepository } from './throttle-counter.repository.js';

export interface ThrottleRule {
  /** Attempts allowed to fail inside the window before the key is locked out. */
  limit: number;
  windowMs: number;
}

/**
 * Counts failed attempts (wrong passwords, wrong client secrets) per key in a sliding window, so guessing
 * gets slow while honest use never notices. An attempt is counted when it starts — before the expensive
 * check — so concurrent guesses cannot all pass the limit together; a success takes its count back.
 * On PostgreSQL the counters live in the database (ThrottleCounterRepository: an atomic upsert per key),
 * so the limits hold across every instance; on SQLite, one process owns the store and counts in memory
 * (a restart forgets, which is fine for a single process).
 */
@Injectable()
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(@Optional() private readonly shared?: ThrottleCounterRepository) {}

  /**
   * Counts one attempt against every key at once, atomically (in memory: synchronously, before any await;
   * shared: one transaction): 0 when it may go ahead (and it is counted), else the seconds to wait (and
   * nothing is counted).
   */
  async reserve(keys: readonly (readonly [string, ThrottleRule])[]): Promise<number> {
    if (this.shared) return this.shared.reserve(keys);
    const now = Date.now();
    let wait = 0;
    const recents = keys.map(([key, rule]) => {
      const recent = this.recent(key, rule, now);
      if (recent.length >= rule.limit) wait = Math.max(wait, Math.max(1, Math.ceil((recent[0] + rule.windowMs - now) / 1000)));
      return recent;
    });
    if (wait > 0) return wait;
    keys.forEach(([key, rule], i) => this.failures.set(key, [...recents[i], now].slice(-rule.limit)));
    if (this.failures.size > 50_000) this.failures.delete(this.failures.keys().next().value as string);
    return 0;
  }

  /** The attempt did not fail (it succeeded, or could not be judged): takes its count back from the key. */
  async release(key: string): Promise<void> {
    if (this.shared) return this.shared.release(key);
    const list = this.failures.get(key);
    if (!list) return;
    list.pop();
    if (list.length === 0) this.failures.delete(key);
  }

  /** The right secret for this key: its earlier failures are forgotten too. */
  async succeed(key: string): Promise<void> {
    if (this.shared) return this.shared.forget(key);
    this.failures.delete(key);
  }

  async clear(): Promise<void> {
    if (this.shared) return this.shared.clear();
    this.failures.clear();
  }

  private recent(key: string, rule: ThrottleRule, now: number): number[] {
    const since = now - rule.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}

/** Sign-in at the AS or a bank: 5 wrong passwords per username per 15 minutes, 50 per address. */
export const LOGIN_PER_USER: ThrottleRule = { limit: 5, windowMs: 15 * 60_000 };
export const LOGIN_PER_ADDRESS: ThrottleRule = { limit: 50, windowMs: 15 * 60_000 };
/** Client authentication at the token, revocation and introspection endpoints. */
export const CLIENT_AUTH_PER_CLIENT: ThrottleRule = { limit: 10, windowMs: 60_000 };
export const CLIENT_AUTH_PER_ADDRESS: ThrottleRule = { limit: 100, windowMs: 60_000 };
