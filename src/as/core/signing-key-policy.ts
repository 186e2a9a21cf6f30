/**
 * Which of the AS's keys signs, when a new one is due and when an old one goes: pure functions of the
 * rows (every instance reads the same rows from the shared database, so every instance decides alike).
 *
 * A new key is published before it is used (the usual JWKS rollover): every instance reloads the keys every
 * `reloadMs`, and a key signs only once it is `activationMs` (two reloads) old, so by then every running
 * instance publishes it and verifies tokens made with it. An older key stays published `retireAfterMs` after
 * its successor took over, longer than any token it signed lives (a bank token: at most 10 minutes).
 */
export interface KeyRow {
  kid: string;
  createdAt: number;
}

export interface KeyPolicy {
  /** How long a key is published before it signs. */
  activationMs: number;
  /** A new key when the newest is this old; 0: never. */
  rotationMs: number;
  /** How long a key stays published once a newer one signs. */
  retireAfterMs: number;
}

export const DAY_MS = 24 * 3600 * 1000;
/** A retired key stays published a day: every token it signed (bank tokens live 10 minutes) has expired by then. */
export const RETIRE_AFTER_MS = DAY_MS;

export function keyPolicy(reloadSeconds: number, rotationDays: number): KeyPolicy {
  return { activationMs: 2 * reloadSeconds * 1000, rotationMs: rotationDays * DAY_MS, retireAfterMs: RETIRE_AFTER_MS };
}

const byAge = (rows: readonly KeyRow[]) => [...rows].sort((a, b) => a.createdAt - b.createdAt || a.kid.localeCompare(b.kid));

/**
 * The key that signs at `now`: the newest one published long enough; on a fresh store, where no key is yet
 * (only the first, just created), the oldest.
 */
export function signingKid(rows: readonly KeyRow[], now: number, policy: KeyPolicy): string {
  const sorted = byAge(rows);
  if (sorted.length === 0) throw new Error('no signing key');
  const active = sorted.filter((r) => r.createdAt + policy.activationMs <= now);
  return (active.at(-1) ?? sorted[0]).kid;
}

/** Whether a new key is due: the newest is older than the rotation period. */
export function rotationDue(rows: readonly KeyRow[], now: number, policy: KeyPolicy): boolean {
  if (policy.rotationMs <= 0 || rows.length === 0) return false;
  return byAge(rows).at(-1)!.createdAt + policy.rotationMs <= now;
}

/** Keys whose successor has signed for longer than `retireAfterMs`: no live token needs them (never the signing key). */
export function retiredKids(rows: readonly KeyRow[], now: number, policy: KeyPolicy): string[] {
  const sorted = byAge(rows);
  const settled = sorted.filter((r) => r.createdAt + policy.activationMs + policy.retireAfterMs <= now).at(-1);
  return settled ? sorted.slice(0, sorted.indexOf(settled)).map((r) => r.kid) : [];
}
