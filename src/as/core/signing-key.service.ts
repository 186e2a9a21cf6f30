import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject, sign as signBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Algorithm, JwtPayload } from 'jsonwebtoken';
import { DataSource, Repository } from 'typeorm';
import { BoundedTtlCache } from '../../common/cache/bounded-ttl-cache.js';
import { withDbLock } from '../../database/db-lock.js';
import { SigningKeyEntity } from '../entities/signing-key.entity.js';

const ALG = 'ES256';
/** Verified tokens remembered, and for how long at most (each also only until its own exp). */
const VERIFIED_MAX = 5_000;
const VERIFIED_TTL_MS = 10 * 60 * 1000;

interface LoadedKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JsonWebKey;
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
 * The AS's ES256 signing key: generated on first start, kept in the database, published at jwks_uri.
 * ES256 because Intro signs one token per account, and an RS256 signature costs about ten times more.
 */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private current: LoadedKey;
  private readonly byKid = new Map<string, LoadedKey>();
  /**
   * Claims of tokens whose signature and iss were checked, by issuer and exact token, until their exp: a bank
   * introspects one token many times, and the ES256 verification is the costliest step of introspection.
   * Only valid tokens enter; whether the grant and the account still stand is checked by the caller each time.
   */
  private readonly verified = new BoundedTtlCache<Readonly<JwtPayload>>(VERIFIED_MAX);

  constructor(
    @InjectRepository(SigningKeyEntity) private readonly repo: Repository<SigningKeyEntity>,
    private readonly db: DataSource,
  ) {}

  /** The first key is created once, under a lock, however many instances start together; all load the same keys. */
  async onModuleInit(): Promise<void> {
    const rows = await withDbLock(this.db, 'as:signing-keys', async () => {
      if (!(await this.repo.exists())) {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
        const kid = thumbprint(createPublicKey(privateKey).export({ format: 'jwk' }));
        await this.repo.insert({ kid, alg: ALG, privatePem: pem, createdAt: Date.now() });
      }
      return this.repo.find({ order: { createdAt: 'DESC' } });
    });
    for (const row of rows) {
      const privateKey = createPrivateKey(row.privatePem);
      const publicKey = createPublicKey(privateKey);
      this.byKid.set(row.kid, { kid: row.kid, privateKey, publicKey, publicJwk: publicKey.export({ format: 'jwk' }) });
    }
    this.current = this.byKid.get(rows[0].kid) as LoadedKey;
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
    const key = typeof decoded?.header.kid === 'string' ? this.byKid.get(decoded.header.kid) : undefined;
    if (!key) return undefined;
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
