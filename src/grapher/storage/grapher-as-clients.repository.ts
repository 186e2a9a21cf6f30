import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SecretBoxError } from '../../common/crypto/secret-box.js';
import type { ClientRegistrations } from '../../common/oauth-client/as-meeting.js';
import type { RegisteredClient } from '../../common/oauth-client/as-metadata.js';
import { parseClientKeys, serializeClientKeys } from '../../common/oauth-client/client-keys.js';
import { GrapherAsClientEntity } from '../entities/grapher-as-client.entity.js';
import { TokenVault } from '../token-vault.service.js';

/**
 * Grapher's registrations (RFC 7591), one per AS: the only code touching that table. Grapher must present its
 * client secret or sign with its keys, so it keeps them sealed (TokenVault); one that no longer opens (the
 * key changed) counts as no registration, and Grapher registers again.
 */
@Injectable()
export class GrapherAsClientsRepository implements ClientRegistrations {
  constructor(
    @InjectRepository(GrapherAsClientEntity) private readonly rows: Repository<GrapherAsClientEntity>,
    private readonly vault: TokenVault,
  ) {}

  async find(issuer: string): Promise<RegisteredClient | undefined> {
    const row = await this.rows.findOneBy({ issuer });
    if (!row) return undefined;
    try {
      if (row.clientKeysSealed) return { client_id: row.clientId, keys: parseClientKeys(this.vault.open(row.clientKeysSealed, context(issuer, 'keys'))) };
      if (row.clientSecretSealed) return { client_id: row.clientId, client_secret: this.vault.open(row.clientSecretSealed, context(issuer, 'secret')) };
      return undefined;
    } catch (err) {
      if (err instanceof SecretBoxError) return undefined;
      throw err;
    }
  }

  async keep(issuer: string, client: RegisteredClient): Promise<void> {
    await this.rows.insert({
      issuer,
      clientId: client.client_id,
      clientSecretSealed: client.client_secret ? this.vault.seal(client.client_secret, context(issuer, 'secret')) : null,
      clientKeysSealed: client.keys ? this.vault.seal(serializeClientKeys(client.keys), context(issuer, 'keys')) : null,
      createdAt: Date.now(),
    });
  }

  async forget(issuer: string): Promise<void> {
    await this.rows.delete({ issuer });
  }
}

/** What each sealed value is bound to (the secret keeps the context it had before keys existed). */
const context = (issuer: string, what: 'secret' | 'keys') => (what === 'secret' ? `grapher_as_clients/${issuer}` : `grapher_as_clients/${issuer}/keys`);
