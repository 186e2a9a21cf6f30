import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject, sign as signBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Algorithm, JwtPayload } from 'jsonwebtoken';
import { BoundedTtlCache } from '../../common/cache/bounded-ttl-cache.js';
import { AppConfig } from '../../config/app-config.js';
import { DbLock } from '../../database/database.module.js';
import type { SigningKeyEntity } from '../entities/signing-key.entity.js';
import { SigningKeysRepository } from '../storage/signing-keys.repository.js';
import { KeyPolicy, keyPolicy, KeyRow, retiredKids, rotationDue, signingKid } from './signing-key-policy.js';

const ALG = 'ES256';
/** Verified tokens remembered, and for how long at most (each also only until its own exp). */
const VERIFIED_MAX = 5_000;
const VERIFIED_TTL_MS = 10 * 60 * 1000;
const LOCK = 'as:signing-keys';
const UNKNOWN_KID_RELOAD_MS = 1000;

interface LoadedKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JsonWebKey;
}

function loadKey(row: SigningKeyEntity): LoadedKey {
  const privateKey = createPrivateKey(row.privatePem);
  const publicKey = createPublicKey(privateKey);
  return { kid: row.kid, privateKey, publicKey, publicJwk: publicKey.export({ format: 'jwk' }) };
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** RFC 7638 JWK thumbprint of an EC public key. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * The AS's ES256 signing keys: kept in the database and published at jwks_uri. ES256 because Intro signs one
 * token per account, and an RS256 signature costs about ten times more.
 *
 * Several instances share the keys: the first is created once, under a lock, however many instances start
 * together; each instance reloads the keys every SIGNING_KEY_RELOAD_SECONDS (and soon after it meets an unknown
 * kid), so every instance publishes and verifies every key; a new key is made every SIGNING_KEY_ROTATION_DAYS,
 * published before it signs and kept after (see signing-key-policy.ts).
 */
@Injectable()
export class SigningKeyService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('SigningKeys');
  private current: LoadedKey;
  private byKid = new Map<string, LoadedKey>();
  private rows: KeyRow[] = [];
  private readonly policy: KeyPolicy;
  private timer?: NodeJS.Timeout;
  private lastLoad = 0;
  private loading?: Promise<void>;
  /**
   * Claims of tokens whose signature and iss were checked, by issuer and exact token, until their exp: a bank
   * introspects one token many times, and the ES256 verification is the costliest step of introspection.
   * Only valid tokens enter; whether the grant and the account still stand is checked by the caller each time.
   */
  private readonly verified = new BoundedTtlCache<Readonly<JwtPayload>>(VERIFIED_MAX);

  constructor(
    private readonly repo: SigningKeysRepository,
    private readonly lock: DbLock,
    private readonly config: AppConfig,
  ) {
    this.policy = keyPolicy(config.signingKeyReloadSeconds, config.signingKeyRotationDays);
  }

  async onModuleInit(): Promise<void> {
    await this.lock.withLock(LOCK, async () => {
      if (!(await this.repo.any())) await this.insertKey();
    });
    await this.reload();
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.log.warn(`reloading the signing keys failed: ${(err as Error).message}`)), this.config.signingKeyReloadSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** A new key, now (an operator's rotation, e.g. after a suspected leak): published at once, signing once activated. */
  async rotate(): Promise<string> {
    const kid = await this.lock.withLock(LOCK, () => this.insertKey());
    await this.reload();
    return kid;
  }

  /** Every reload interval: the keys as the database has them; then, if due, a new key or old keys retired (under the lock). */
  async tick(now = Date.now()): Promise<void> {
    await this.reload(now);
    if (!rotationDue(this.rows, now, this.policy) && retiredKids(this.rows, now, this.policy).length === 0) return;
    await this.lock.withLock(LOCK, async () => {
      // Read again inside the lock: another instance may have rotated or retired meanwhile.
      const rows = await this.repo.ages();
      if (rotationDue(rows, now, this.policy)) await this.insertKey();
      const retired = retiredKids(rows, now, this.policy);
      await this.repo.remove(retired);
    });
    await this.reload(now);
  }

  private async insertKey(): Promise<string> {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const kid = thumbprint(createPublicKey(privateKey).export({ format: 'jwk' }));
    await this.repo.insert({ kid, alg: ALG, privatePem: pem, createdAt: Date.now() });
    return kid;
  }

  /** Reads the keys, after any read under way (so a caller sees what was written before its call). */
  private reload(now = Date.now()): Promise<void> {
    const next = (this.loading ?? Promise.resolve()).catch(() => undefined).then(() => this.load(now));
    this.loading = next;
    return next;
  }

  /** A key already loaded is kept as parsed. */
  private async load(now: number): Promise<void> {
    const rows = await this.repo.all();
    const byKid = new Map<string, LoadedKey>();
    for (const row of rows) byKid.set(row.kid, this.byKid.get(row.kid) ?? loadKey(row));
    this.rows = rows.map(({ kid, createdAt }) => ({ kid, createdAt }));
    this.byKid = byKid;
    this.current = byKid.get(signingKid(this.rows, now, this.policy)) as LoadedKey;
    this.lastLoad = Date.now();
  }

  /** An unknown kid may be a key another instance just made: look again, at most once a second. */
  private reloadSoon(): void {
    if (Date.now() - this.lastLoad < UNKNOWN_KID_RELOAD_MS) return;
    this.lastLoad = Date.now();
    void this.reload().catch((err: unknown) => this.log.warn(`reloading the signing keys failed: ${(err as Error).message}`));
  }

  /** A compact JWS (RFC 7515) signed with the current key; the claims are the caller's, iat included. */
  sign(claims: Record<string, unknown>, typ: string): string {
    const input = `${base64urlJson({ alg: ALG, typ, kid: this.current.kid })}.${base64urlJson(claims)}`;
    // Straight to OpenSSL with the JOSE signature encoding (r‖s): Intro signs one token per account.
    const signature = signBytes('sha256', Buffer.from(input), { key: this.current.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }

  /** Verifies a token this AS signed; returns its claims (read-only) or undefined. */
  verify(token: string, issuer: string): Readonly<JwtPayload> | undefined {
    const cacheKey = `${issuer} ${token}`;
    const hit = this.verified.get(cacheKey);
    if (hit) return hit;
    const decoded = jwt.decode(token, { complete: true });
    if (typeof decoded?.header.kid !== 'string') return undefined;
    const key = this.byKid.get(decoded.header.kid);
    if (!key) {
      this.reloadSoon();
      return undefined;
    }
    let payload: string | JwtPayload;
    try {
      payload = jwt.verify(token, key.publicKey, { algorithms: [ALG], issuer });
    } catch {
      return undefined;
    }
    if (typeof payload !== 'object') return undefined;
    // jsonwebtoken refuses a token once now >= exp; the cache answers only while now < exp.
    if (typeof payload.exp === 'number') this.verified.set(cacheKey, Object.freeze(payload), Math.min(payload.exp * 1000, Date.now() + VERIFIED_TTL_MS));
    return payload;
  }

  jwks(): { keys: JsonWebKey[] } {
    return { keys: [...this.byKid.values()].map((k) => ({ ...k.publicJwk, kid: k.kid, use: 'sig', alg: ALG })) };
  }
}
