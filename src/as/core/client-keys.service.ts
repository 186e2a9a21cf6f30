import { Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { importPublicJwk } from '../../common/jose/jws.js';
import { HttpClient, OutboundError } from '../../common/http/http-client.js';
import { AsClientEntity } from '../entities/as-client.entity.js';

const TTL_MS = 5 * 60 * 1000;
const REFETCH_MIN_MS = 30 * 1000;

interface Jwk extends Record<string, unknown> {
  kid?: string;
  alg?: string;
  use?: string;
}

/**
 * A private_key_jwt client's public keys (RFC 7591 §2): registered by value (`jwks`), or fetched from its
 * `jwks_uri` through the outbound guard (FAPI 2.0 §5.4.2), cached for 5 minutes and fetched again (at most
 * every 30 s) when an assertion names a kid not seen yet — the client may have rotated its keys.
 */
@Injectable()
export class ClientKeysService {
  private readonly cache = new Map<string, { at: number; keys: Jwk[] }>();

  constructor(private readonly http: HttpClient) {}

  /** The keys that may have signed a JWS with this header: same kid (when named), alg and use fit. */
  async candidates(client: AsClientEntity, kid: unknown, alg: string): Promise<KeyObject[]> {
    const fits = (keys: Jwk[]) => keys.filter((k) => (kid === undefined || k.kid === kid) && (k.alg === undefined || k.alg === alg) && k.use !== 'enc');
    let found = fits(await this.keysOf(client, false));
    if (found.length === 0 && client.jwksUri) found = fits(await this.keysOf(client, true));
    return found.map((k) => importPublicJwk(k)).filter((k): k is KeyObject => k !== undefined);
  }

  private async keysOf(client: AsClientEntity, again: boolean): Promise<Jwk[]> {
    if (client.jwks) return client.jwks.keys as Jwk[];
    if (!client.jwksUri) return [];
    const cached = this.cache.get(client.clientId);
    if (cached && Date.now() - cached.at < (again ? REFETCH_MIN_MS : TTL_MS)) return cached.keys;
    try {
      const res = await this.http.json<{ keys?: unknown }>(client.jwksUri, { maxBytes: 64 * 1024 });
      const keys = res.status === 200 && Array.isArray(res.body?.keys) ? (res.body.keys.filter((k) => k && typeof k === 'object') as Jwk[]) : [];
      if (this.cache.size > 1000) this.cache.clear();
      this.cache.set(client.clientId, { at: Date.now(), keys });
      return keys;
    } catch (err) {
      if (err instanceof OutboundError) return cached?.keys ?? [];
      throw err;
    }
  }
}
