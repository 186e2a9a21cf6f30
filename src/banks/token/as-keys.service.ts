import { Injectable } from '@nestjs/common';
import { createPublicKey, KeyObject } from 'node:crypto';
import { HttpClient } from '../../common/http/http-client.js';
import { OAuthClientService } from '../../common/oauth-client/oauth-client.service.js';

const TTL_MS = 10 * 60 * 1000;
const REFETCH_MIN_MS = 30 * 1000;

interface KeySet {
  fetchedAt: number;
  keys: Map<string, { key: KeyObject; alg?: string }>;
}

/** The public keys of each AS a customer delegated to, fetched from its jwks_uri and cached by kid. */
@Injectable()
export class AsKeysService {
  private readonly cache = new Map<string, KeySet>();
  private readonly inflight = new Map<string, Promise<KeySet>>();

  constructor(
    private readonly oauth: OAuthClientService,
    private readonly http: HttpClient,
  ) {}

  async key(issuer: string, kid: string): Promise<{ key: KeyObject; alg?: string } | undefined> {
    let set = this.cache.get(issuer);
    if (!set || Date.now() - set.fetchedAt > TTL_MS) set = await this.fetch(issuer);
    let found = set.keys.get(kid);
    // An unknown kid may mean the AS rotated keys: look again, but not more often than every 30 s.
    if (!found && Date.now() - set.fetchedAt > REFETCH_MIN_MS) found = (await this.fetch(issuer)).keys.get(kid);
    return found;
  }

  private fetch(issuer: string): Promise<KeySet> {
    let p = this.inflight.get(issuer);
    if (!p) {
      p = this.load(issuer).finally(() => this.inflight.delete(issuer));
      this.inflight.set(issuer, p);
    }
    return p;
  }

  private async load(issuer: string): Promise<KeySet> {
    const meta = await this.oauth.metadata(issuer);
    const res = await this.http.json<{ keys?: Record<string, unknown>[] }>(meta.jwks_uri, { maxBytes: 64 * 1024 });
    const keys = new Map<string, { key: KeyObject; alg?: string }>();
    for (const jwk of res.status === 200 && Array.isArray(res.body?.keys) ? res.body.keys : []) {
      if (typeof jwk.kid !== 'string' || jwk.use === 'enc') continue;
      try {
        keys.set(jwk.kid, { key: createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }), alg: typeof jwk.alg === 'string' ? jwk.alg : undefined });
      } catch {
        // a key we cannot import is skipped, not fatal
      }
    }
    const set = { fetchedAt: Date.now(), keys };
    this.cache.set(issuer, set);
    return set;
  }
}
