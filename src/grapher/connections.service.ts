import { Injectable } from '@nestjs/common';
import { sha256 } from '../common/crypto/secrets.js';
import { OAuthClientService } from '../common/oauth-client/oauth-client.service.js';
import type { WebSession } from '../common/session/web-session.js';
import { CategoryOverridesService } from './category-overrides.service.js';
import type { GrapherConnectionEntity } from './entities/grapher-connection.entity.js';
import { ConnectionTokens } from './oauth/connection-tokens.js';
import { GrapherAs } from './oauth/grapher-as.service.js';
import { GrapherConnectionsRepository } from './storage/grapher-connections.repository.js';
import type { Visit } from './visit.js';

/** A browser's connection to its AS: finding it (session, or "remember me"), ending it, forgetting it. */
@Injectable()
export class ConnectionsService {
  constructor(
    private readonly connections: GrapherConnectionsRepository,
    private readonly tokens: ConnectionTokens,
    private readonly as: GrapherAs,
    private readonly oauth: OAuthClientService,
    private readonly overrides: CategoryOverridesService,
  ) {}

  /** The connection of this browser: from its Grapher session, or else from its "remember me" cookie. */
  async current({ session, rememberKey }: Visit): Promise<GrapherConnectionEntity | null> {
    const id = session.get<string>('connectionId');
    if (id) {
      const found = await this.connections.byId(id);
      if (found) return found;
      session.set('connectionId', undefined);
    }
    if (typeof rememberKey !== 'string' || rememberKey.length < 32 || rememberKey.length > 128) return null;
    const remembered = await this.connections.byBrowserKeyHash(sha256(rememberKey));
    if (remembered) session.set('connectionId', remembered.id);
    return remembered;
  }

  /** The grant is over: forget the tokens, and remember which AS to offer for reconnecting. */
  async ended(session: WebSession, connection: GrapherConnectionEntity): Promise<void> {
    await this.connections.delete(connection.id);
    session.set('connectionId', undefined);
    session.set('reconnect', connection.issuer);
  }

  /** undefined when it no longer opens (the key changed): the connection cannot be used. */
  accessToken(connection: GrapherConnectionEntity): string | undefined {
    return this.tokens.open(connection, 'access');
  }

  /** RFC 7009: revoke the refresh token (the AS ends the whole grant), then forget the connection. */
  async disconnect(visit: Visit): Promise<void> {
    const connection = await this.current(visit);
    visit.session.set('connectionId', undefined);
    visit.session.set('reconnect', undefined);
    if (connection) await this.forget(connection, true);
  }

  /** Revokes at the AS (failures reported only when asked to) and deletes the connection in any case. */
  async forget(connection: GrapherConnectionEntity, reportFailure = false): Promise<void> {
    try {
      const { meta, client } = await this.as.meet(connection.issuer);
      const refreshToken = this.tokens.open(connection, 'refresh');
      if (meta.revocation_endpoint && refreshToken) await this.oauth.revoke(meta, client, refreshToken, 'refresh_token');
    } catch (err) {
      if (reportFailure) throw err;
    } finally {
      await this.connections.delete(connection.id);
      await this.overrides.forget(connection.id);
    }
  }
}
