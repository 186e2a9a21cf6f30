import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

/** A fresh server-generated secret: 256 bits, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Server-generated secrets are high-entropy, so a fast hash is enough (and keeps the token endpoint fast). */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** Compares a presented secret with a stored SHA-256 in constant time. */
export function secretMatches(presented: string, storedSha256: string): boolean {
  return safeEqual(sha256(presented), storedSha256);
}

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * People's passwords: scrypt (RFC 7914), memory-hard, at OWASP's current minimum (Password Storage Cheat
 * Sheet: N=2^17, r=8, p=1 — 128 MiB per hash). The stored hash carries its parameters
 * (`scrypt$N$r$p$salt$key`), so a hash made with older ones still verifies and is replaced at the next
 * successful sign-in (see needsRehash).
 */
export const SCRYPT_PARAMS = { N: 1 << 17, r: 8, p: 1 } as const;
/** The most a stored hash may ask of us (so a tampered row cannot make a sign-in allocate gigabytes). */
const MAX_N = 1 << 20;
const MAX_RP = 16;

/** Node's default maxmem (32 MiB) is below 128·N·r; allow what the parameters need, plus headroom. */
const maxmemFor = (N: number, r: number, p: number) => 128 * N * r + 128 * r * p + 16 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_PARAMS;
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, 32, { N, r, p, maxmem: maxmemFor(N, r, p) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function parseHash(stored: string): { N: number; r: number; p: number; salt: Buffer; key: Buffer } | undefined {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !key) return undefined;
  if (!Number.isInteger(params.N) || params.N < 2 || params.N > MAX_N || (params.N & (params.N - 1)) !== 0) return undefined;
  if (!Number.isInteger(params.r) || !Number.isInteger(params.p) || params.r < 1 || params.p < 1 || params.r > MAX_RP || params.p > MAX_RP) return undefined;
  return { ...params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h || h.key.length === 0) return false;
  const actual = await scrypt(password.normalize('NFKC'), h.salt, h.key.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmemFor(h.N, h.r, h.p) });
  return timingSafeEqual(actual, h.key);
}

/** A hash made with other parameters than today's: replace it once the person has signed in with it. */
export function needsRehash(stored: string): boolean {
  const h = parseHash(stored);
  return !h || h.N !== SCRYPT_PARAMS.N || h.r !== SCRYPT_PARAMS.r || h.p !== SCRYPT_PARAMS.p;
}

/** A hash to compare against when the user does not exist, so timing does not reveal which usernames exist (today's parameters). */
export const DUMMY_PASSWORD_HASH = `scrypt$${SCRYPT_PARAMS.N}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
