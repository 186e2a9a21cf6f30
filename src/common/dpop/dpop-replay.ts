/**
 * RFC 9449 §11.1: the `jti`s of proofs already accepted, each kept only as long as its proof could still
 * be accepted (the iat window), so the store is bounded by time; a hard cap bounds it under a flood.
 */
export class DpopReplayCache {
  private readonly seen = new Map<string, number>(); // key → forget after (ms)

  constructor(private readonly max = 100_000) {}

  /** Records the proof; false if it was seen before (a replay). */
  firstUse(key: string, forgetAfterMs: number): boolean {
    const now = Date.now();
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.prune(now);
    this.seen.set(key, forgetAfterMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(now: number): void {
    // Entries are inserted in time order, so the expired ones are at the front.
    for (const [k, until] of this.seen) {
      if (until > now && this.seen.size < this.max) break;
      this.seen.delete(k);
    }
  }
}
