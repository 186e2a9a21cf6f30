import { Injectable } from '@nestjs/common';
import { sha256 } from '../../common/crypto/secrets.js';
import { InvalidClientError } from '../../common/errors/oauth.errors.js';
import { decodeJws, FAPI_ALGS, isFapiAlg, verifyJws } from '../../common/jose/jws.js';
import { AsClientEntity } from '../entities/as-client.entity.js';
import { UsedAssertionsRepository } from '../storage/used-assertions.repository.js';
import { AsUrls } from './as-urls.js';
import { ClientKeysService } from './client-keys.service.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** FAPI 2.0 §5.3.2.1 [13]: iat/nbf up to this far ahead of our clock are fine; beyond, refused. */
const AHEAD_S = 60;
/** An assertion may not live longer than this: it bounds how long its jti is kept. */
const MAX_LIFETIME_S = 300;

/** The client a well-formed assertion claims to be, before anything is verified (RFC 7523 §3: iss = sub = client_id). */
export function assertedClientId(assertion: unknown): string | undefined {
  if (typeof assertion !== 'string' || assertion.length > 8192) return undefined;
  const sub = decodeJws(assertion)?.payload.sub;
  return typeof sub === 'string' && sub !== '' ? sub : undefined;
}

/**
 * RFC 7523 §2.2 and §3, OIDC Core §9: private_key_jwt. A JWT signed with one of the client's registered keys
 * (PS256, ES256 or EdDSA only, FAPI 2.0 §5.4.1), iss = sub = client_id, aud exactly this AS's issuer as a
 * string (FAPI 2.0 §5.3.2.1 [8]: no array, no endpoint URL), unexpired, short-lived, and a jti used once:
 * every jti is stored (hashed) in the database until its assertion expires, so a replay is refused on every
 * instance. Any failure is invalid_client (§3.2).
 */
@Injectable()
export class ClientAssertionService {
  constructor(
    private readonly keys: ClientKeysService,
    private readonly urls: AsUrls,
    private readonly used: UsedAssertionsRepository,
  ) {}

  async verify(client: AsClientEntity, assertionType: unknown, assertion: unknown): Promise<void> {
    const fail = (why: string) => new InvalidClientError(`client assertion: ${why}`);
    if (assertionType !== JWT_BEARER_ASSERTION) throw fail(`client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
    const jws = typeof assertion === 'string' && assertion.length <= 8192 ? decodeJws(assertion) : undefined;
    if (!jws) throw fail('not a well-formed JWT'); // §3 (10)
    const { header, payload: c } = jws;
    if (!isFapiAlg(header.alg)) throw fail(`alg ${String(header.alg)} is not accepted (${FAPI_ALGS.join(', ')})`);
    const alg = header.alg;
    const candidates = await this.keys.candidates(client, header.kid, alg);
    if (!candidates.some((key) => verifyJws(jws, alg, key))) throw fail('the signature does not verify with any key the client registered'); // §3 (9)
    if (c.iss !== client.clientId || c.sub !== client.clientId) throw fail('iss and sub must be the client_id'); // §3 (1), (2)
    if (c.aud !== this.urls.issuer) throw fail(`aud must be the issuer ${this.urls.issuer}, as a string`); // §3 (3), FAPI [8]
    const now = Math.floor(Date.now() / 1000);
    if (typeof c.exp !== 'number') throw fail('exp is required'); // §3 (4)
    if (c.exp <= now) throw fail('the assertion has expired');
    if (c.exp > now + MAX_LIFETIME_S) throw fail(`the assertion may live at most ${MAX_LIFETIME_S} s`);
    for (const claim of ['iat', 'nbf'] as const) {
      if (c[claim] !== undefined && (typeof c[claim] !== 'number' || (c[claim] as number) > now + AHEAD_S)) throw fail(`${claim} is in the future`); // §3 (5), (6)
    }
    if (typeof c.jti !== 'string' || c.jti === '' || c.jti.length > 256) throw fail('jti is required'); // OIDC Core §9
    if (!(await this.used.remember(sha256(`${client.clientId} ${c.jti}`), c.exp * 1000))) throw fail('this assertion (its jti) was used before'); // §3 (7)
  }
}
