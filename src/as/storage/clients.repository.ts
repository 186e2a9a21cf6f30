import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type QueryDeepPartialEntity } from 'typeorm';
import { FixedFind } from '../../database/fixed-find.js';
import { AsClientEntity } from '../entities/as-client.entity.js';

/**
 * The clients registered by RFC 7591 (apps, and banks as resource servers): the only code touching
 * as_clients. A client owns itself: every read names the client ids it is for.
 */
@Injectable()
export class ClientsRepository {
  /** Every client authentication and many pages read one client by id (hot path): one prepared statement. */
  private readonly byId: FixedFind<AsClientEntity>;
  private readonly nameIn: FixedFind<AsClientEntity>;

  constructor(@InjectRepository(AsClientEntity) private readonly rows: Repository<AsClientEntity>) {
    this.byId = new FixedFind(rows, ['clientId']);
    this.nameIn = new FixedFind(rows, [], { inProperty: 'clientId' });
  }

  byClientId(clientId: string): Promise<AsClientEntity | null> {
    return this.byId.one(clientId);
  }

  /** The clients' registered names (RFC 7591 client_name) as they are now; an unknown id is absent. */
  async names(clientIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(clientIds)];
    const found = await this.nameIn.all([], unique);
    return new Map(found.map((c) => [c.clientId, c.clientName]));
  }

  /** RFC 7591 §3.1: the registration, as validated by ClientService. */
  async insert(client: AsClientEntity): Promise<void> {
    // jwks is a JSON column: TypeORM's deep-partial type cannot see that a JWK's members are plain values.
    await this.rows.insert(client as QueryDeepPartialEntity<AsClientEntity>);
  }
}
