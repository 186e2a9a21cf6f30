import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SecretBoxError } from '../../common/crypto/secret-box.js';
import type { ClientRegistrations } from '../../common/oauth-client/as-meeting.js';
import { GrapherAsClientEntity } from '../entities/grapher-as-client.entity.js';
import { TokenVault } from '../token-vault.service.js';

/**
 * Grapher's registrations (RFC 7591), one per AS: the only code touching that table. Grapher must present its
 * client secret, so it keeps it sealed (TokenVault); a secret that no longer opens (the key changed) counts as
 * no registration, and Grapher registers again.
 */
@Injectable()
export class GrapherAsClientsRepository implements ClientRegistrations {
  constructor(
    @InjectRepository(GrapherAsClientEntity) private readonly rows: Repository<GrapherAsClientEntity>,
    private readonly vault: TokenVault,
  ) {}

  async find(issuer: string) {
    const row = await this.rows.findOneBy({ issuer });
    if (!row) return undefined;
    try {
      return { client_id: row.clientId, client_secret: this.vault.open(row.clientSecretSealed, context(issuer)) };
    } catch (err) {
      if (err instanceof SecretBoxError) return undefined;
      throw err;
    }
  }

  async keep(issuer: string, client: { client_id: string; client_secret: string }): Promise<void> {
    await this.rows.insert({ issuer, clientId: client.client_id, clientSecretSealed: this.vault.seal(client.client_secret, context(issuer)), createdAt: Date.now() });
  }

  async forget(issuer: string): Promise<void> {
    await this.rows.delete({ issuer });
  }
}

const context = (issuer: string) => `grapher_as_clients/${issuer}`;
