import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../crypto/secrets.js';

const SLOT_MS = 60_000;
const SLOTS_VALID = 3;

/**
 * RFC 9449 §8: server-provided nonces, unpredictable and short-lived. Stateless: a nonce is a time slot
 * and an HMAC of it under a key (drawn here, or shared by every instance of a server), valid for the current
 * and the two previous minutes — so no store, and the AS can hand a new one out on any answer (§8.2).
 */
export class DpopNonces {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  current(): string {
    return this.forSlot(Math.floor(Date.now() / SLOT_MS));
  }

  isValid(nonce: unknown): boolean {
    if (typeof nonce !== 'string' || nonce.length > 64) return false;
    const now = Math.floor(Date.now() / SLOT_MS);
    for (let i = 0; i < SLOTS_VALID; i++) if (safeEqual(nonce, this.forSlot(now - i))) return true;
    return false;
  }

  private forSlot(slot: number): string {
    return `${slot.toString(36)}.${createHmac('sha256', this.key).update(String(slot)).digest('base64url').slice(0, 22)}`;
  }
}
