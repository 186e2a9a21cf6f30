import { Injectable } from '@nestjs/common';

export interface ThrottleRule {
  /** Failures allowed inside the window before the key is locked out. */
  limit: number;
  windowMs: number;
}

/**
 * Counts failures (wrong passwords, wrong client secrets) per key in a sliding window, so guessing gets
 * slow while honest use never notices. In memory: a restart forgets, which is fine for a single process.
 */
@Injectable()
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  /** Seconds until the key may try again, or 0 when it may try now. */
  retryAfter(key: string, rule: ThrottleRule): number {
    const recent = this.recent(key, rule);
    if (recent.length < rule.limit) return 0;
    return Math.max(1, Math.ceil((recent[0] + rule.windowMs - Date.now()) / 1000));
  }

  fail(key: string, rule: ThrottleRule): void {
    const recent = this.recent(key, rule);
    recent.push(Date.now());
    this.failures.set(key, recent.slice(-rule.limit));
    if (this.failures.size > 50_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  clear(): void {
    this.failures.clear();
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, rule: ThrottleRule): number[] {
    const since = Date.now() - rule.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}

/** Sign-in at the AS or a bank: 5 wrong passwords per username per 15 minutes, 50 per address. */
export const LOGIN_PER_USER: ThrottleRule = { limit: 5, windowMs: 15 * 60_000 };
export const LOGIN_PER_ADDRESS: ThrottleRule = { limit: 50, windowMs: 15 * 60_000 };
/** Client authentication at the token, revocation and introspection endpoints. */
export const CLIENT_AUTH_PER_CLIENT: ThrottleRule = { limit: 10, windowMs: 60_000 };
export const CLIENT_AUTH_PER_ADDRESS: ThrottleRule = { limit: 100, windowMs: 60_000 };
