import { createDpopProof, DpopKey } from '../dpop/dpop-proof.js';
import type { HttpClient, OutboundOptions, OutboundResponse } from '../http/http-client.js';

/**
 * A client sending DPoP proofs (RFC 9449) with one key: a proof per request (`ath` when it carries an access
 * token, §4.2), the server's latest nonce per origin (§8, §9), and one retry when the server answers
 * `use_dpop_nonce` (400 from an AS, §8; 401 from a resource server, §9).
 */
export class DpopSender {
  private readonly nonces = new Map<string, string>();

  constructor(
    private readonly key: DpopKey,
    private readonly http: HttpClient,
  ) {}

  get jkt(): string {
    return this.key.jkt;
  }

  /**
   * The request with a `DPoP` header (and `Authorization: DPoP <token>` when an access token is given).
   * `retryOpts` gives the options for the nonce retry (a client assertion must not be sent twice).
   */
  async send<T>(url: string, opts: OutboundOptions, accessToken?: string, retryOpts: () => OutboundOptions = () => opts): Promise<OutboundResponse<T>> {
    const attempt = (o: OutboundOptions) => this.http.json<T>(url, { ...o, headers: { ...o.headers, ...this.headers(o.method ?? (o.form || o.json !== undefined ? 'POST' : 'GET'), url, accessToken) } });
    let res = await attempt(opts);
    const origin = new URL(url).origin;
    const before = this.nonces.get(origin);
    this.remember(origin, res);
    if (askedForNonce(res) && this.nonces.get(origin) !== before) {
      res = await attempt(retryOpts());
      this.remember(origin, res);
    }
    return res;
  }

  private headers(htm: string, url: string, accessToken?: string): Record<string, string> {
    const proof = createDpopProof(this.key, htm, url, { accessToken, nonce: this.nonces.get(new URL(url).origin) });
    return accessToken ? { dpop: proof, authorization: `DPoP ${accessToken}` } : { dpop: proof };
  }

  private remember(origin: string, res: OutboundResponse<unknown>): void {
    const nonce = res.headers?.get?.('dpop-nonce');
    if (nonce) this.nonces.set(origin, nonce);
  }
}

function askedForNonce(res: OutboundResponse<unknown>): boolean {
  const body = res.body as { error?: unknown } | undefined;
  if (res.status === 400 && body?.error === 'use_dpop_nonce') return true;
  return res.status === 401 && /error="use_dpop_nonce"/.test(res.headers?.get?.('www-authenticate') ?? '');
}
