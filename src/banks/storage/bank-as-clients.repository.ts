import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { ClientRegistrations } from '../../common/oauth-client/as-meeting.js';
import type { RegisteredClient } from '../../common/oauth-client/as-metadata.js';
import { parseClientKeys, serializeClientKeys } from '../../common/oauth-client/client-keys.js';
import { BankAsClientEntity } from '../entities/bank-as-client.entity.js';
import { BankPatEntity } from '../entities/bank-pat.entity.js';

/** A bank's registrations at the ASes its customers chose, and its customers' PATs: the only code touching those tables. */
@Injectable()
export class BankAsClientsRepository {
  constructor(
    @InjectRepository(BankAsClientEntity) private readonly clients: Repository<BankAsClientEntity>,
    @InjectRepository(BankPatEntity) private readonly pats: Repository<BankPatEntity>,
  ) {}

  /** One bank's registrations, as the shared AS-meeting client needs them (scoped to that bank). */
  forBank(bankId: string): ClientRegistrations {
    return {
      find: async (issuer) => {
        const row = await this.clients.findOneBy({ bankId, issuer });
        if (!row) return undefined;
        if (row.clientKeys) return { client_id: row.clientId, keys: parseClientKeys(row.clientKeys) };
        return row.clientSecret ? { client_id: row.clientId, client_secret: row.clientSecret } : undefined;
      },
      keep: async (issuer, client: RegisteredClient) => {
        const clientKeys = client.keys ? serializeClientKeys(client.keys) : null;
        await this.clients.insert({ bankId, issuer, clientId: client.client_id, clientSecret: client.client_secret ?? null, clientKeys, createdAt: Date.now() });
      },
      forget: async (issuer) => {
        await this.clients.delete({ bankId, issuer });
      },
    };
  }

  async patRefreshToken(bankId: string, customerId: number, issuer: string): Promise<string | undefined> {
    return (await this.pats.findOneBy({ bankId, customerId, issuer }))?.refreshToken;
  }

  async keepPatRefreshToken(bankId: string, customerId: number, issuer: string, refreshToken: string): Promise<void> {
    await this.pats.save({ bankId, customerId, issuer, refreshToken });
  }
}
