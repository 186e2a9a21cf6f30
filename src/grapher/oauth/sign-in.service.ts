import { Injectable } from '@nestjs/common';
import { randomToken, safeEqual, sha256 } from '../../common/crypto/secrets.js';
import { PageError } from '../../common/errors/page.errors.js';
import { AsPartner, readable } from '../../common/oauth-client/as-meeting.js';
import type { TokenResponse } from '../../common/oauth-client/as-metadata.js';
import { OAuthClientService } from '../../common/oauth-client/oauth-client.service.js';
import { ConnectionsService } from '../connections.service.js';
import type { GrapherConnectionEntity } from '../entities/grapher-connection.entity.js';
import { GrapherConnectionsRepository } from '../storage/grapher-connections.repository.js';
import type { Visit } from '../visit.js';
import { ConnectionTokens } from './connection-tokens.js';
import { GrapherAs } from './grapher-as.service.js';
import { FlowState, runFlow } from './passport-flow.js';

/** A finished sign-in: the new connection, and the key for this browser's "remember me" cookie. */
export interface SignedIn {
  connection: GrapherConnectionEntity;
  rememberKey: string;
}

/** Phase 2 at Grapher (seed [4]–[12]): send the person to their AS, and take the answer back. */
@Injectable()
export class SignInService {
  constructor(
    private readonly as: GrapherAs,
    private readonly oauth: OAuthClientService,
    private readonly tokens: ConnectionTokens,
    private readonly connections: GrapherConnectionsRepository,
    private readonly lifecycle: ConnectionsService,
  ) {}

  /** Returns the AS authorization URL for this person's browser. */
  async start(visit: Visit, issuerInput: string): Promise<string> {
    const partner = await this.as.meet(issuerInput);
    visit.session.set('flow', { issuer: partner.issuer } as Partial<FlowState>);
    const outcome = await this.run(visit, {}, partner);
    if (!('redirect' in outcome)) throw new PageError(500, 'Could not start', 'failure' in outcome ? outcome.failure : 'unexpected outcome');
    return partner.client.keys ? this.pushed(partner, outcome.redirect) : outcome.redirect;
  }

  /**
   * FAPI 2.0 SP §5.3.2.2: the request goes to the AS over the back channel, authenticated (RFC 9126 §2), and the
   * browser carries only client_id and the request_uri (§4) — nothing in it can be read or changed on the way.
   */
  private async pushed(partner: AsPartner, front: string): Promise<string> {
    const params = Object.fromEntries(new URL(front).searchParams);
    const requestUri = await readable(() => this.oauth.pushAuthorizationRequest(partner.meta, partner.client, params));
    const url = new URL(partner.meta.authorization_endpoint);
    url.search = new URLSearchParams({ client_id: partner.client.client_id, request_uri: requestUri }).toString();
    return url.toString();
  }

  /** The redirect back (seed [10]–[12]): check iss (RFC 9207) and state, redeem the code, keep the tokens. */
  async finish(visit: Visit, query: Record<string, unknown>): Promise<SignedIn> {
    const { session } = visit;
    const flow = session.get<FlowState>('flow');
    const refuse = (status: number, title: string, why: string) => {
      session.set('flow', undefined);
      return new PageError(status, title, why);
    };
    if (!flow?.handle || typeof query.state !== 'string' || !safeEqual(query.state, flow.handle)) {
      throw refuse(400, 'Sign-in not completed', 'This answer does not belong to a connection you started in this browser. Start again from Grapher.');
    }
    // RFC 9207 §2.4: the iss MUST be the issuer this flow was started with (mix-up defence).
    if (query.iss !== flow.issuer) {
      throw refuse(400, 'Sign-in not completed', 'The answer came from a different authorization server than the one you chose (iss mismatch).');
    }
    if (typeof query.error === 'string') {
      const why = query.error === 'access_denied' ? 'You declined at your authorization server; Grapher has no access.' : `Your authorization server answered: ${query.error}.`;
      throw refuse(403, 'No access granted', why);
    }
    const partner = await this.as.meet(flow.issuer);
    const previous = await this.lifecycle.current(visit);
    const outcome = await this.run(visit, query, partner);
    if (!('user' in outcome)) throw new PageError(502, 'Sign-in not completed', 'failure' in outcome ? outcome.failure : 'unexpected outcome');
    if (previous) await this.lifecycle.forget(previous);
    session.set('connectionId', outcome.user.id);
    session.set('reconnect', undefined);
    const rememberKey = randomToken(32);
    await this.connections.setBrowserKeyHash(outcome.user.id, sha256(rememberKey));
    return { connection: outcome.user, rememberKey };
  }

  private run(visit: Visit, query: Record<string, unknown>, partner: AsPartner) {
    return runFlow(visit.session, query, {
      partner,
      callbackUrl: this.as.callbackUrl,
      tokenCall: (form) => this.oauth.tokenCall(partner.meta, partner.client, form),
      verified: (tokens) => this.keep(partner.issuer, tokens),
    });
  }

  /** A new connection from the token response, if it names an Intro endpoint Grapher may call. */
  private async keep(issuer: string, tokens: TokenResponse): Promise<GrapherConnectionEntity | undefined> {
    const introEndpoint = checkIntroEndpoint(issuer, tokens.intro_endpoint);
    if (!introEndpoint) return undefined;
    const id = randomToken(16);
    return this.connections.insert({ id, issuer, browserKeyHash: null, refreshedAt: null, ...this.tokens.seal(id, tokens, introEndpoint) });
  }
}

/** Intro must be an https URL, or on the AS's own origin. */
function checkIntroEndpoint(issuer: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.origin === new URL(issuer).origin ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
