import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import OAuth2Strategy from 'passport-oauth2';
import { Repository } from 'typeorm';
import { SecretBoxError } from '../common/crypto/secret-box.js';
import { randomToken, safeEqual, sha256 } from '../common/crypto/secrets.js';
import { PageError } from '../common/errors/page.errors.js';
import { HttpClient, OutboundError } from '../common/http/http-client.js';
import { AsMetadata, RegisteredClient, TokenResponse } from '../common/oauth-client/as-metadata.js';
import { AsProtocolError, InvalidIssuerInputError, OAuthClientService } from '../common/oauth-client/oauth-client.service.js';
import type { RequestWithSession } from '../common/session/session.decorators.js';
import type { WebSession } from '../common/session/web-session.js';
import { AppConfig } from '../config/app-config.js';
import { DbLock } from '../database/database.module.js';
import { GrapherAsClientEntity } from './entities/grapher-as-client.entity.js';
import { CategoryOverridesService } from './category-overrides.service.js';
import { GrapherConnectionEntity } from './entities/grapher-connection.entity.js';
import { describeTokenError, exchangeCodeThrough } from './guarded-code-exchange.js';
import { TokenVault } from './token-vault.service.js';

export const GRAPHER_SCOPE = 'accounts:read transactions:read';

/** The HttpOnly cookie that lets this browser come back to its connection after the session ends. */
export const REMEMBER_COOKIE = 'grapher_remember';
const REMEMBER_MS = 90 * 24 * 3600 * 1000;

/** What a refresh came to: fresh tokens, or the AS saying the grant is over (expired or revoked). */
export type RefreshOutcome = { ok: true; connection: GrapherConnectionEntity } | { ok: false };

interface FlowState {
  handle: string;
  verifier: string;
  issuer: string;
}

type StrategyOutcome = { redirect: string } | { user: GrapherConnectionEntity } | { failure: string };

/**
 * Phase 2 at Grapher: find the person's AS, register there if new, and run the authorization code flow
 * with passport-oauth2 (PKCE S256, state bound to this browser's Grapher session, client_secret_basic).
 */
@Injectable()
export class GrapherOAuthService {
  constructor(
    private readonly oauth: OAuthClientService,
    private readonly config: AppConfig,
    @InjectRepository(GrapherAsClientEntity) private readonly clients: Repository<GrapherAsClientEntity>,
    @InjectRepository(GrapherConnectionEntity) private readonly connections: Repository<GrapherConnectionEntity>,
    private readonly overrides: CategoryOverridesService,
    private readonly vault: TokenVault,
    private readonly http: HttpClient,
    private readonly lock: DbLock,
  ) {}

  private readonly refreshing = new Map<string, Promise<RefreshOutcome>>();

  get callbackUrl(): string {
    return `${this.config.grapherUrl}/callback`;
  }

  /** Returns the AS authorization URL for this person's browser. */
  async start(req: RequestWithSession, issuerInput: string): Promise<string> {
    const { issuer, meta, client } = await this.meetAs(issuerInput);
    req.webSession!.set('flow', { issuer } as Partial<FlowState>);
    const outcome = await this.run(this.strategy(issuer, meta, client), req);
    if ('redirect' in outcome) return outcome.redirect;
    throw new PageError(500, 'Could not start', 'failure' in outcome ? outcome.failure : 'unexpected outcome');
  }

  /** The redirect back (seed [10]–[12]): check iss (RFC 9207) and state, redeem the code, keep the tokens. */
  async finish(req: RequestWithSession, res: Response): Promise<GrapherConnectionEntity> {
    const session = req.webSession!;
    const flow = session.get<FlowState>('flow');
    const query = req.query as Record<string, unknown>;
    if (!flow?.handle || typeof query.state !== 'string' || !safeEqual(query.state, flow.handle)) {
      session.set('flow', undefined);
      throw new PageError(400, 'Sign-in not completed', 'This answer does not belong to a connection you started in this browser. Start again from Grapher.');
    }
    // RFC 9207 §2.4: the iss MUST be the issuer this flow was started with (mix-up defence).
    if (query.iss !== flow.issuer) {
      session.set('flow', undefined);
      throw new PageError(400, 'Sign-in not completed', 'The answer came from a different authorization server than the one you chose (iss mismatch).');
    }
    if (typeof query.error === 'string') {
      session.set('flow', undefined);
      const why = query.error === 'access_denied' ? 'You declined at your authorization server; Grapher has no access.' : `Your authorization server answered: ${query.error}.`;
      throw new PageError(403, 'No access granted', why);
    }
    const { meta, client } = await this.meetAs(flow.issuer);
    const previous = await this.current(req);
    const outcome = await this.run(this.strategy(flow.issuer, meta, client), req);
    if ('user' in outcome) {
      if (previous) await this.forget(previous);
      session.set('connectionId', outcome.user.id);
      session.set('reconnect', undefined);
      const key = randomToken(32);
      await this.connections.update({ id: outcome.user.id }, { browserKeyHash: sha256(key) });
      res.cookie(REMEMBER_COOKIE, key, { ...this.rememberCookieOptions(), maxAge: REMEMBER_MS });
      return outcome.user;
    }
    throw new PageError(502, 'Sign-in not completed', 'failure' in outcome ? outcome.failure : 'unexpected outcome');
  }

  /**
   * RFC 6749 §6 refresh; the AS rotates the refresh token, and presenting an old one revokes the grant,
   * so refreshes of one connection never overlap: a second caller in this instance waits for the first
   * one's outcome, and across instances the refresh holds a database lock and re-reads the connection
   * (another instance may have renewed it meanwhile).
   */
  refresh(connection: GrapherConnectionEntity): Promise<RefreshOutcome> {
    const running = this.refreshing.get(connection.id);
    if (running) return running;
    const run = this.lock.withLock(`grapher:refresh:${connection.id}`, () => this.doRefresh(connection)).finally(() => this.refreshing.delete(connection.id));
    this.refreshing.set(connection.id, run);
    return run;
  }

  private async doRefresh(stale: GrapherConnectionEntity): Promise<RefreshOutcome> {
    const connection = await this.connections.findOneBy({ id: stale.id });
    if (!connection) return { ok: false };
    if (connection.accessTokenSealed !== stale.accessTokenSealed) return { ok: true, connection };
    const refreshToken = this.openToken(connection, 'refresh');
    if (!refreshToken) return { ok: false };
    const { meta, client } = await this.meetAs(connection.issuer);
    let res;
    try {
      res = await this.http.json<TokenResponse & { error?: string }>(meta.token_endpoint, {
        form: { grant_type: 'refresh_token', refresh_token: refreshToken },
        headers: { authorization: this.oauth.basic(client) },
      });
    } catch (err) {
      if (err instanceof OutboundError) throw new PageError(502, 'Your authorization server did not answer', `Grapher could not renew its access (${err.message.replace(/^\w+ \S+: /, '')}). Your connection is kept: try again in a moment.`);
      throw err;
    }
    if (res.status === 200 && typeof res.body?.access_token === 'string') {
      Object.assign(connection, this.tokenFields(connection.id, res.body, connection.introEndpoint), { refreshedAt: Date.now() });
      return { ok: true, connection: await this.connections.save(connection) };
    }
    // RFC 6749 §5.2: invalid_grant is an expired or revoked grant; invalid_client means the AS forgot Grapher.
    if (res.body?.error === 'invalid_client') await this.clients.delete({ issuer: connection.issuer });
    if (res.body?.error === 'invalid_grant' || res.body?.error === 'invalid_client' || res.body?.error === 'unauthorized_client') return { ok: false };
    throw new PageError(502, 'Your authorization server could not renew Grapher\'s access', `It answered HTTP ${res.status}${res.body?.error ? ` (${res.body.error})` : ''}. Your connection is kept: try again in a moment.`);
  }

  /** The connection of this browser: from its Grapher session, or else from its "remember me" cookie. */
  async current(req: RequestWithSession): Promise<GrapherConnectionEntity | null> {
    const session = req.webSession!;
    const id = session.get<string>('connectionId');
    if (id) {
      const found = await this.connections.findOneBy({ id });
      if (found) return found;
      session.set('connectionId', undefined);
    }
    const key = (req.cookies as Record<string, unknown> | undefined)?.[REMEMBER_COOKIE];
    if (typeof key !== 'string' || key.length < 32 || key.length > 128) return null;
    const remembered = await this.connections.findOneBy({ browserKeyHash: sha256(key) });
    if (remembered) session.set('connectionId', remembered.id);
    return remembered;
  }

  /** The grant is over: forget the tokens, and remember which AS to offer for reconnecting. */
  async ended(session: WebSession, connection: GrapherConnectionEntity): Promise<void> {
    await this.connections.delete({ id: connection.id });
    session.set('connectionId', undefined);
    session.set('reconnect', connection.issuer);
  }

  /** undefined when it no longer opens (the key changed): the connection cannot be used. */
  accessToken(connection: GrapherConnectionEntity): string | undefined {
    return this.openToken(connection, 'access');
  }

  /** RFC 7009: revoke the refresh token (the AS ends the whole grant), then forget the connection. */
  async disconnect(req: RequestWithSession, res: Response): Promise<void> {
    const session = req.webSession!;
    const connection = await this.current(req);
    session.set('connectionId', undefined);
    session.set('reconnect', undefined);
    res.clearCookie(REMEMBER_COOKIE, this.rememberCookieOptions());
    if (connection) await this.forget(connection, true);
  }

  /** Revokes at the AS (failures reported only when asked to) and deletes the connection in any case. */
  private async forget(connection: GrapherConnectionEntity, reportFailure = false): Promise<void> {
    try {
      const { meta, client } = await this.meetAs(connection.issuer);
      const refreshToken = this.openToken(connection, 'refresh');
      if (meta.revocation_endpoint && refreshToken) await this.oauth.revoke(meta, client, refreshToken, 'refresh_token');
    } catch (err) {
      if (reportFailure) throw err;
    } finally {
      await this.connections.delete({ id: connection.id });
      await this.overrides.forget(connection.id);
    }
  }

  /** undefined when the key changed: Grapher then registers again. */
  private openClientSecret(row: GrapherAsClientEntity): string | undefined {
    try {
      return this.vault.open(row.clientSecretSealed, `grapher_as_clients/${row.issuer}`);
    } catch (err) {
      if (err instanceof SecretBoxError) return undefined;
      throw err;
    }
  }

  private rememberCookieOptions() {
    return { path: '/grapher', httpOnly: true, sameSite: 'lax' as const, secure: this.config.secureCookies };
  }

  private openToken(connection: GrapherConnectionEntity, kind: 'access' | 'refresh'): string | undefined {
    const sealed = kind === 'access' ? connection.accessTokenSealed : connection.refreshTokenSealed;
    if (!sealed) return undefined;
    try {
      return this.vault.open(sealed, `grapher_connections/${connection.id}/${kind}_token`);
    } catch (err) {
      if (err instanceof SecretBoxError) return undefined;
      throw err;
    }
  }

  private strategy(issuer: string, meta: AsMetadata, client: RegisteredClient): OAuth2Strategy {
    const intro = (params: TokenResponse) => this.checkIntroEndpoint(issuer, params.intro_endpoint);
    const strategy = new OAuth2Strategy(
      {
        authorizationURL: meta.authorization_endpoint,
        tokenURL: meta.token_endpoint,
        clientID: client.client_id,
        // client_secret_basic: the secret travels only in the Authorization header (see exchangeCodeThrough).
        clientSecret: '',
        callbackURL: this.callbackUrl,
        scope: GRAPHER_SCOPE,
        pkce: 'S256',
        store: this.stateStore(issuer),
        passReqToCallback: true,
        skipUserProfile: true,
      } as unknown as OAuth2Strategy.StrategyOptionsWithRequest,
      // node-oauth hands the refresh token separately and removes it from params.
      (_req: Request, accessToken: string, refreshToken: string | undefined, params: TokenResponse, _profile: unknown, done: OAuth2Strategy.VerifyCallback) => {
        const introEndpoint = intro(params);
        if (!introEndpoint) return done(null, false, { message: 'the token response named no usable intro_endpoint' });
        const tokens = { ...params, access_token: accessToken, refresh_token: refreshToken };
        const id = randomToken(16);
        const connection = this.connections.create({ id, issuer, browserKeyHash: null, refreshedAt: null, ...this.tokenFields(id, tokens, introEndpoint) });
        this.connections.save(connection).then((saved) => done(null, saved), done);
      },
    );
    // The code exchange goes through the guarded HttpClient (SSRF check, timeout, size bound), not node-oauth.
    return exchangeCodeThrough(strategy, this.http, meta.token_endpoint, this.oauth.basic(client));
  }

  /** State and PKCE verifier live in this browser's Grapher session, bound to the issuer (mix-up defence). */
  private stateStore(issuer: string) {
    return {
      store(req: RequestWithSession, verifier: string, _state: unknown, _meta: unknown, cb: (err: Error | null, handle?: string) => void) {
        const handle = randomToken(32);
        req.webSession!.set('flow', { handle, verifier, issuer } satisfies FlowState);
        cb(null, handle);
      },
      verify(req: RequestWithSession, provided: string, cb: (err: Error | null, ok: string | false, state?: unknown) => void) {
        const flow = req.webSession!.get<FlowState>('flow');
        req.webSession!.set('flow', undefined);
        if (!flow || flow.issuer !== issuer || !safeEqual(flow.handle, provided)) return cb(null, false, { message: 'state mismatch' });
        cb(null, flow.verifier, {});
      },
    };
  }

  /** Runs a passport strategy on this request and reports what it decided. */
  private run(strategy: OAuth2Strategy, req: Request): Promise<StrategyOutcome> {
    return new Promise((resolve) => {
      const s = Object.create(strategy) as OAuth2Strategy & Record<string, unknown>;
      s.redirect = (url: string) => resolve({ redirect: url });
      s.success = (user: GrapherConnectionEntity) => resolve({ user });
      s.fail = (info?: { message?: string }) => resolve({ failure: info?.message ?? 'the authorization server refused' });
      s.error = (err: Error & { oauthError?: { data?: string } }) => resolve({ failure: describeTokenError(err) });
      s.pass = () => resolve({ failure: 'nothing to do' });
      s.authenticate(req, {});
    });
  }

  private tokenFields(id: string, t: TokenResponse, introEndpoint: string) {
    const context = (kind: string) => `grapher_connections/${id}/${kind}_token`;
    return {
      accessTokenSealed: this.vault.seal(t.access_token, context('access')),
      refreshTokenSealed: t.refresh_token ? this.vault.seal(t.refresh_token, context('refresh')) : null,
      accessExpiresAt: Date.now() + (t.expires_in ?? 300) * 1000,
      introEndpoint,
      scope: t.scope ?? GRAPHER_SCOPE,
    };
  }

  /** Intro must be an https URL, or on the AS's own origin. */
  private checkIntroEndpoint(issuer: string, value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.origin === new URL(issuer).origin ? url.toString() : undefined;
    } catch {
      return undefined;
    }
  }

  private async meetAs(issuerInput: string): Promise<{ issuer: string; meta: AsMetadata; client: RegisteredClient }> {
    try {
      const issuer = await this.oauth.resolveIssuer(issuerInput);
      const meta = await this.oauth.metadata(issuer);
      if (meta.authorization_response_iss_parameter_supported !== true) {
        throw new AsProtocolError(`${issuer} does not send iss in authorization responses (RFC 9207); Grapher will not risk a mix-up`);
      }
      // One registration per AS, even when two instances meet it at the same moment.
      return await this.lock.withLock(`grapher:meet:${issuer}`, async () => {
        const known = await this.clients.findOneBy({ issuer });
        const secret = known && this.openClientSecret(known);
        if (known && secret) return { issuer, meta, client: { client_id: known.clientId, client_secret: secret } };
        if (known) await this.clients.delete({ issuer });
        const client = await this.oauth.register(meta, {
          client_name: 'Grapher',
          redirect_uris: [this.callbackUrl],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
          scope: GRAPHER_SCOPE,
          client_uri: this.config.grapherUrl,
        });
        await this.clients.insert({ issuer, clientId: client.client_id, clientSecretSealed: this.vault.seal(client.client_secret, `grapher_as_clients/${issuer}`), createdAt: Date.now() });
        return { issuer, meta, client };
      });
    } catch (err) {
      if (err instanceof InvalidIssuerInputError) throw new PageError(400, 'Not an authorization server address', err.message);
      if (err instanceof AsProtocolError || err instanceof OutboundError) throw new PageError(502, 'Cannot use that authorization server', err.message);
      throw err;
    }
  }
}
