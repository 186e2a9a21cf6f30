import OAuth2Strategy from 'passport-oauth2';
import { randomToken, safeEqual } from '../../common/crypto/secrets.js';
import type { OutboundResponse } from '../../common/http/http-client.js';
import type { AsPartner } from '../../common/oauth-client/as-meeting.js';
import type { TokenResponse } from '../../common/oauth-client/as-metadata.js';
import type { WebSession } from '../../common/session/web-session.js';
import { describeTokenError, exchangeCodeThrough } from '../guarded-code-exchange.js';
import { GRAPHER_SCOPE } from './connection-tokens.js';

/** What this browser's Grapher session remembers of a flow it started: state handle, PKCE verifier, issuer. */
export interface FlowState {
  handle: string;
  verifier: string;
  issuer: string;
}

export type StrategyOutcome<T> = { redirect: string } | { user: T } | { failure: string };

export interface FlowTerms<T> {
  partner: AsPartner;
  callbackUrl: string;
  /** The token request as the client makes it (its authentication, a DPoP proof if it holds a key). */
  tokenCall: (form: Record<string, string>) => Promise<OutboundResponse<Record<string, unknown>>>;
  /** Called with a successful token response; answers what passport calls the user (undefined: refuse). */
  verified: (tokens: TokenResponse) => Promise<T | undefined>;
}

/**
 * Runs passport-oauth2 for one step of the authorization code flow (RFC 6749 §4.1) with PKCE S256 and
 * state kept in this browser's Grapher session, bound to the issuer (mix-up defence). passport only reads
 * `query` (code, state, error) from the request, so that is all it is given: no Express objects.
 */
export function runFlow<T>(session: WebSession, query: Record<string, unknown>, terms: FlowTerms<T>): Promise<StrategyOutcome<T>> {
  const strategy = exchangeCodeThrough(newStrategy(session, terms), terms.tokenCall);
  return new Promise((resolve) => {
    const s = Object.create(strategy) as OAuth2Strategy & Record<string, unknown>;
    s.redirect = (url: string) => resolve({ redirect: url });
    s.success = (user: unknown) => resolve({ user: user as T });
    s.fail = (info?: { message?: string }) => resolve({ failure: info?.message ?? 'the authorization server refused' });
    s.error = (err: Error & { oauthError?: { data?: string } }) => resolve({ failure: describeTokenError(err) });
    s.pass = () => resolve({ failure: 'nothing to do' });
    s.authenticate({ query, body: {} } as never, {});
  });
}

function newStrategy<T>(session: WebSession, terms: FlowTerms<T>): OAuth2Strategy {
  const { partner } = terms;
  return new OAuth2Strategy(
    {
      authorizationURL: partner.meta.authorization_endpoint,
      tokenURL: partner.meta.token_endpoint,
      clientID: partner.client.client_id,
      // client_secret_basic: the secret travels only in the Authorization header (see exchangeCodeThrough).
      clientSecret: '',
      callbackURL: terms.callbackUrl,
      scope: GRAPHER_SCOPE,
      pkce: 'S256',
      store: stateStore(session, partner.issuer),
      passReqToCallback: true,
      skipUserProfile: true,
    } as unknown as OAuth2Strategy.StrategyOptionsWithRequest,
    // node-oauth hands the refresh token separately and removes it from params.
    (_req: unknown, accessToken: string, refreshToken: string | undefined, params: TokenResponse, _profile: unknown, done: OAuth2Strategy.VerifyCallback) => {
      terms.verified({ ...params, access_token: accessToken, refresh_token: refreshToken }).then(
        (user) => (user ? done(null, user) : done(null, false, { message: 'the token response named no usable intro_endpoint' })),
        done,
      );
    },
  );
}

/** State and PKCE verifier live in this browser's Grapher session, bound to the issuer; each is used once. */
function stateStore(session: WebSession, issuer: string) {
  return {
    store(_req: unknown, verifier: string, _state: unknown, _meta: unknown, cb: (err: Error | null, handle?: string) => void) {
      const handle = randomToken(32);
      session.set('flow', { handle, verifier, issuer } satisfies FlowState);
      cb(null, handle);
    },
    verify(_req: unknown, provided: string, cb: (err: Error | null, ok: string | false, state?: unknown) => void) {
      const flow = session.get<FlowState>('flow');
      session.set('flow', undefined);
      if (!flow || flow.issuer !== issuer || !safeEqual(flow.handle, provided)) return cb(null, false, { message: 'state mismatch' });
      cb(null, flow.verifier, {});
    },
  };
}
