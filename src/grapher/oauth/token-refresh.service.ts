import { Injectable } from '@nestjs/common';
import { PageError } from '../../common/errors/page.errors.js';
import { OutboundError } from '../../common/http/http-client.js';
import type { TokenResponse } from '../../common/oauth-client/as-metadata.js';
import { OAuthClientService } from '../../common/oauth-client/oauth-client.service.js';
import { DbLock } from '../../database/database.module.js';
import type { GrapherConnectionEntity } from '../entities/grapher-connection.entity.js';
import { GrapherConnectionsRepository } from '../storage/grapher-connections.repository.js';
import { ConnectionTokens } from './connection-tokens.js';
import { GrapherAs } from './grapher-as.service.js';

/** What a refresh came to: fresh tokens, or the AS saying the grant is over (expired or revoked). */
export type RefreshOutcome = { ok: true; connection: GrapherConnectionEntity } | { ok: false };

/**
 * RFC 6749 §6 refresh; the AS rotates the refresh token, and presenting an old one revokes the grant,
 * so refreshes of one connection never overlap: a second caller in this instance waits for the first
 * one's outcome, and across instances the refresh holds a database lock and re-reads the connection
 * (another instance may have renewed it meanwhile).
 */
@Injectable()
export class TokenRefresh {
  private readonly refreshing = new Map<string, Promise<RefreshOutcome>>();

  constructor(
    private readonly as: GrapherAs,
    private readonly oauth: OAuthClientService,
    private readonly tokens: ConnectionTokens,
    private readonly connections: GrapherConnectionsRepository,
    private readonly lock: DbLock,
  ) {}

  refresh(connection: GrapherConnectionEntity): Promise<RefreshOutcome> {
    const running = this.refreshing.get(connection.id);
    if (running) return running;
    const run = this.lock.withLock(`grapher:refresh:${connection.id}`, () => this.renew(connection)).finally(() => this.refreshing.delete(connection.id));
    this.refreshing.set(connection.id, run);
    return run;
  }

  private async renew(stale: GrapherConnectionEntity): Promise<RefreshOutcome> {
    const connection = await this.connections.byId(stale.id);
    if (!connection) return { ok: false };
    if (connection.accessTokenSealed !== stale.accessTokenSealed) return { ok: true, connection };
    const refreshToken = this.tokens.open(connection, 'refresh');
    if (!refreshToken) return { ok: false };
    const { meta, client } = await this.as.meet(connection.issuer);
    let res;
    try {
      // A DPoP-bound refresh token needs a proof with the same key (RFC 9449 §5); tokenCall adds it.
      res = await this.oauth.tokenCall<TokenResponse & { error?: string }>(meta, client, { grant_type: 'refresh_token', refresh_token: refreshToken });
    } catch (err) {
      if (err instanceof OutboundError) throw new PageError(502, 'Your authorization server did not answer', `Grapher could not renew its access (${err.message.replace(/^\w+ \S+: /, '')}). Your connection is kept: try again in a moment.`);
      throw err;
    }
    if (res.status === 200 && typeof res.body?.access_token === 'string') {
      Object.assign(connection, this.tokens.seal(connection.id, res.body, connection.introEndpoint, connection.refreshTokenSealed), { refreshedAt: Date.now() });
      return { ok: true, connection: await this.connections.save(connection) };
    }
    // RFC 6749 §5.2: invalid_grant is an expired or revoked grant; invalid_client means the AS forgot Grapher.
    const error = res.body?.error;
    if (error === 'invalid_client') await this.as.forgetRegistration(connection.issuer);
    if (error === 'invalid_grant' || error === 'invalid_client' || error === 'unauthorized_client') return { ok: false };
    throw new PageError(502, 'Your authorization server could not renew Grapher\'s access', `It answered HTTP ${res.status}${error ? ` (${error})` : ''}. Your connection is kept: try again in a moment.`);
  }
}
