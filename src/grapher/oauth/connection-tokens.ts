import { Injectable } from '@nestjs/common';
import { SecretBoxError } from '../../common/crypto/secret-box.js';
import type { TokenResponse } from '../../common/oauth-client/as-metadata.js';
import type { GrapherConnectionEntity } from '../entities/grapher-connection.entity.js';
import { TokenVault } from '../token-vault.service.js';

export const GRAPHER_SCOPE = 'accounts:read transactions:read';

type Kind = 'access' | 'refresh';
const context = (id: string, kind: Kind) => `grapher_connections/${id}/${kind}_token`;

/** Grapher's tokens at rest: sealed (TokenVault, bound to the connection and the kind of token), opened when used. */
@Injectable()
export class ConnectionTokens {
  constructor(private readonly vault: TokenVault) {}

  /**
   * The connection's columns for a token response (RFC 6749 §5.1). A refresh that names no new refresh token
   * keeps the one the connection holds (RFC 6749 §6: the AS MAY issue a new one).
   */
  seal(id: string, t: TokenResponse, introEndpoint: string, keptRefreshSealed: string | null = null) {
    return {
      accessTokenSealed: this.vault.seal(t.access_token, context(id, 'access')),
      refreshTokenSealed: t.refresh_token ? this.vault.seal(t.refresh_token, context(id, 'refresh')) : keptRefreshSealed,
      accessExpiresAt: Date.now() + (t.expires_in ?? 300) * 1000,
      introEndpoint,
      scope: t.scope ?? GRAPHER_SCOPE,
      // RFC 9449 §5: token_type DPoP says the tokens are bound to the key that proved possession.
      tokenType: /^dpop$/i.test(t.token_type ?? '') ? 'DPoP' : 'Bearer',
    };
  }

  /** undefined when there is none, or it no longer opens (the key changed): the connection cannot use it. */
  open(connection: GrapherConnectionEntity, kind: Kind): string | undefined {
    const sealed = kind === 'access' ? connection.accessTokenSealed : connection.refreshTokenSealed;
    if (!sealed) return undefined;
    try {
      return this.vault.open(sealed, context(connection.id, kind));
    } catch (err) {
      if (err instanceof SecretBoxError) return undefined;
      throw err;
    }
  }
}
