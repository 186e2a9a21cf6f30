import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { randomToken, s256 } from '../crypto/secrets.js';
import { HttpClient, OutboundError } from '../http/http-client.js';
import type { OutboundOptions, OutboundResponse } from '../http/http-client.js';
import { AsMetadata, RegisteredClient, TokenResponse } from './as-metadata.js';
import { clientAssertion } from './client-keys.js';
import { DpopSender } from './dpop-sender.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const ISSUER_REL = 'http://openid.net/specs/connect/1.0/issuer';
const METADATA_TTL_MS = 5 * 60 * 1000;

/** The AS answered, but not with what the client needed. */
export class AsProtocolError extends Error {}

/** What the person typed is not an issuer URL or acct: URI we may use. */
export class InvalidIssuerInputError extends AsProtocolError {}

/**
 * Client-side OAuth plumbing that a bank (for its PAT) and Grapher both need when they meet an AS the
 * person chose: WebFinger (RFC 7033), metadata (RFC 8414), dynamic registration (RFC 7591), PKCE (RFC 7636),
 * the token endpoint with client_secret_basic (RFC 6749 §2.3.1) — or, for a FAPI 2.0 client, with
 * private_key_jwt (RFC 7523 §2.2) and DPoP-bound tokens (RFC 9449) — and pushed authorization requests (RFC 9126).
 */
@Injectable()
export class OAuthClientService {
  private readonly metadataCache = new Map<string, { at: number; value: AsMetadata }>();
  /** One DPoP sender per client key, so each keeps the nonces its servers gave it. */
  private readonly senders = new Map<string, DpopSender>();

  constructor(
    private readonly http: HttpClient,
    private readonly config: AppConfig,
  ) {}

  /** An issuer URL as typed, or an acct: URI resolved with WebFinger (OIDC Discovery §2). */
  async resolveIssuer(input: string): Promise<string> {
    const value = input.trim();
    if (value.startsWith('acct:')) {
      const match = /^acct:([^@\s]+)@([A-Za-z0-9.-]+(?::\d{1,5})?)$/.exec(value);
      if (!match) throw new InvalidIssuerInputError(`"${value}" is not an acct: URI like acct:nat@example.com`);
      const host = match[2];
      const base = this.baseForHost(host);
      const url = `${base}/.well-known/webfinger?resource=${encodeURIComponent(value)}&rel=${encodeURIComponent(ISSUER_REL)}`;
      const res = await this.http.json<{ links?: { rel?: string; href?: string }[] }>(url, { maxBytes: 64 * 1024 });
      if (res.status !== 200) throw new AsProtocolError(`WebFinger at ${host} does not know ${value} (HTTP ${res.status})`);
      const href = res.body?.links?.find((l) => l.rel === ISSUER_REL)?.href;
      if (!href) throw new AsProtocolError(`WebFinger at ${host} names no authorization server for ${value}`);
      return this.checkIssuerUrl(href);
    }
    return this.checkIssuerUrl(value);
  }

  /** RFC 8414 §3; the metadata's issuer MUST be identical to the issuer asked for (§3.3). */
  async metadata(issuer: string): Promise<AsMetadata> {
    const cached = this.metadataCache.get(issuer);
    if (cached && Date.now() - cached.at < METADATA_TTL_MS) return cached.value;
    const url = new URL(issuer);
    const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
    const wellKnown = `${url.origin}/.well-known/oauth-authorization-server${path}`;
    const res = await this.http.json<AsMetadata>(wellKnown, { maxBytes: 64 * 1024 });
    if (res.status !== 200 || !res.body || typeof res.body !== 'object') {
      throw new AsProtocolError(`No authorization server metadata at ${wellKnown} (HTTP ${res.status})`);
    }
    const meta = res.body;
    if (meta.issuer !== issuer) throw new AsProtocolError(`Metadata at ${wellKnown} names issuer ${meta.issuer}, not ${issuer}`);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof meta[key] !== 'string') throw new AsProtocolError(`Metadata of ${issuer} has no ${key}`);
    }
    if (!meta.code_challenge_methods_supported?.includes('S256')) {
      throw new AsProtocolError(`${issuer} does not support PKCE with S256`);
    }
    this.metadataCache.set(issuer, { at: Date.now(), value: meta });
    return meta;
  }

  /** RFC 7591 §3.1 */
  async register(meta: AsMetadata, body: Record<string, unknown>): Promise<RegisteredClient> {
    if (!meta.registration_endpoint) throw new AsProtocolError(`${meta.issuer} offers no dynamic client registration`);
    const res = await this.http.json<RegisteredClient & { error?: string; error_description?: string }>(meta.registration_endpoint, {
      json: body,
    });
    const secretless = body.token_endpoint_auth_method === 'private_key_jwt';
    if (res.status !== 201 || typeof res.body?.client_id !== 'string' || (!secretless && typeof res.body.client_secret !== 'string')) {
      throw new AsProtocolError(`Registration at ${meta.issuer} failed: ${res.body?.error ?? res.status} ${res.body?.error_description ?? ''}`.trim());
    }
    return secretless ? { client_id: res.body.client_id } : { client_id: res.body.client_id, client_secret: res.body.client_secret };
  }

  /** A fresh state and PKCE pair (RFC 7636 §4.1: 43 chars of base64url from 32 random bytes). */
  newAuthorizationRequest(): { state: string; codeVerifier: string; codeChallenge: string } {
    const codeVerifier = randomToken(32);
    return { state: randomToken(32), codeVerifier, codeChallenge: s256(codeVerifier) };
  }

  async tokenRequest(meta: AsMetadata, client: RegisteredClient, form: Record<string, string>): Promise<TokenResponse> {
    const res = await this.tokenCall(meta, client, form);
    if (res.status !== 200 || typeof res.body?.access_token !== 'string') {
      throw new AsProtocolError(`Token request at ${meta.issuer} failed: ${res.body?.error ?? res.status} ${res.body?.error_description ?? ''}`.trim());
    }
    return res.body;
  }

  /**
   * A token endpoint call as this client makes it (RFC 6749 §3.2): authenticated, and with a DPoP proof when
   * the client holds a DPoP key (RFC 9449 §5), retrying once with the AS's nonce if it asks for one (§8).
   */
  tokenCall<T = TokenResponse & { error?: string; error_description?: string }>(meta: AsMetadata, client: RegisteredClient, form: Record<string, string>): Promise<OutboundResponse<T>> {
    return this.authenticatedPost<T>(meta, client, meta.token_endpoint, form, true);
  }

  /**
   * RFC 9126 §2: push the authorization request's parameters, authenticated, and get the request_uri to send the
   * browser with (§4). With a DPoP key, `dpop_jkt` binds the code to it (RFC 9449 §10).
   */
  async pushAuthorizationRequest(meta: AsMetadata, client: RegisteredClient, params: Record<string, string>): Promise<string> {
    if (!meta.pushed_authorization_request_endpoint) throw new AsProtocolError(`${meta.issuer} offers no pushed authorization requests`);
    const form = client.keys ? { ...params, dpop_jkt: client.keys.dpop.jkt } : params;
    const res = await this.authenticatedPost<{ request_uri?: unknown; error?: string; error_description?: string }>(meta, client, meta.pushed_authorization_request_endpoint, form, false);
    if (res.status !== 201 || typeof res.body?.request_uri !== 'string') {
      throw new AsProtocolError(`Pushed authorization request at ${meta.issuer} failed: ${res.body?.error ?? res.status} ${res.body?.error_description ?? ''}`.trim());
    }
    return res.body.request_uri;
  }

  /**
   * A call to a resource server with one of this client's access tokens: with a DPoP proof of the client's key
   * when it holds one (its tokens are bound, RFC 9449 §7.1), else as a bearer token (RFC 6750 §2.1).
   */
  withToken<T = unknown>(client: RegisteredClient, url: string, opts: OutboundOptions, token: string): Promise<OutboundResponse<T>> {
    const sender = this.dpop(client);
    return sender ? sender.send<T>(url, opts, token) : this.http.json<T>(url, { ...opts, headers: { ...opts.headers, authorization: `Bearer ${token}` } });
  }

  /** The client's DPoP sender (undefined for a client without keys: it gets bearer tokens). */
  dpop(client: RegisteredClient): DpopSender | undefined {
    if (!client.keys) return undefined;
    const { jkt } = client.keys.dpop;
    let sender = this.senders.get(jkt);
    if (!sender) {
      sender = new DpopSender(client.keys.dpop, this.http);
      this.senders.set(jkt, sender);
    }
    return sender;
  }

  /**
   * How the client authenticates (RFC 6749 §2.3): client_secret_basic, or private_key_jwt (RFC 7523 §2.2) with
   * the issuer as audience (FAPI 2.0 SP §5.3.2.1 [8]).
   */
  authentication(meta: AsMetadata, client: RegisteredClient): { headers: Record<string, string>; form: Record<string, string> } {
    if (client.keys) return { headers: {}, form: { client_id: client.client_id, client_assertion_type: ASSERTION_TYPE, client_assertion: clientAssertion(client.keys, client.client_id, meta.issuer) } };
    return { headers: { authorization: this.basic(client) }, form: {} };
  }

  private authenticatedPost<T>(meta: AsMetadata, client: RegisteredClient, url: string, form: Record<string, string>, withProof: boolean, extra: Partial<OutboundOptions> = {}): Promise<OutboundResponse<T>> {
    // A fresh assertion per attempt: the AS refuses a jti it has seen, and a nonce retry is a second attempt.
    const sender = withProof ? this.dpop(client) : undefined;
    const auth = this.authentication(meta, client);
    const opts: OutboundOptions = { ...extra, form: { ...form, ...auth.form }, headers: { ...extra.headers, ...auth.headers } };
    if (!sender) return this.http.json<T>(url, opts);
    return sender.send<T>(url, opts, undefined, () => ({ ...opts, form: { ...form, ...this.authentication(meta, client).form } }));
  }

  /** RFC 7009 §2.1 */
  async revoke(meta: AsMetadata, client: RegisteredClient, token: string, hint: 'access_token' | 'refresh_token'): Promise<void> {
    if (!meta.revocation_endpoint) return;
    const res = await this.authenticatedPost(meta, client, meta.revocation_endpoint, { token, token_type_hint: hint }, false);
    if (res.status !== 200) throw new AsProtocolError(`Revocation at ${meta.issuer} failed (HTTP ${res.status})`);
  }

  /** RFC 7662 §2.1: whether the AS still considers a token active. */
  async introspect(meta: AsMetadata, client: RegisteredClient, token: string): Promise<boolean> {
    if (!meta.introspection_endpoint) return false;
    const res = await this.authenticatedPost<{ active?: unknown }>(meta, client, meta.introspection_endpoint, { token, token_type_hint: 'access_token' }, false, { timeoutMs: 3000, maxBytes: 64 * 1024 });
    return res.status === 200 && res.body?.active === true;
  }

  /** RFC 6749 §2.3.1: client_id and secret are form-urlencoded before Basic encoding. */
  basic(client: RegisteredClient): string {
    return `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret ?? '')}`).toString('base64')}`;
  }

  /** Where a host's well-known endpoints live: https, except this demo's own host and loopback. */
  private baseForHost(host: string): string {
    const own = this.config.deploymentOrigins.find((origin) => new URL(origin).host === host);
    if (own) return own;
    const hostname = host.replace(/:\d+$/, '');
    return hostname === 'localhost' || hostname === '127.0.0.1' ? `http://${host}` : `https://${host}`;
  }

  private checkIssuerUrl(value: string): string {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InvalidIssuerInputError(`"${value}" is neither an issuer URL nor an acct: URI`);
    }
    // RFC 8414 §2: the issuer is an https URL with no query or fragment (http only for this deployment's own
    // parties and for origins the operator trusts on this machine, TRUSTED_LOCAL_ORIGINS: an AS of one's own).
    const demo = this.config.isDeploymentUrl(url) || this.config.trustedLocalOrigins.has(url.origin);
    if ((url.protocol !== 'https:' && !demo) || url.search || url.hash || url.username) {
      throw new InvalidIssuerInputError(`"${value}" is not a valid issuer: use an https URL with no query or fragment`);
    }
    return url.toString().replace(/\/$/, '');
  }
}

export { OutboundError };
