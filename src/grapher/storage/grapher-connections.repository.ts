import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GrapherConnectionEntity } from '../entities/grapher-connection.entity.js';

export type NewConnection = Omit<GrapherConnectionEntity, 'createdAt'>;

/** A person's connections from Grapher to their AS (tokens sealed by the caller): the only code touching that table. */
@Injectable()
export class GrapherConnectionsRepository {
  constructor(@InjectRepository(GrapherConnectionEntity) private readonly rows: Repository<GrapherConnectionEntity>) {}

  byId(id: string): Promise<GrapherConnectionEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** The connection a browser's "remember me" key opens (by its SHA-256). */
  byBrowserKeyHash(hash: string): Promise<GrapherConnectionEntity | null> {
    return this.rows.findOneBy({ browserKeyHash: hash });
  }

  insert(connection: NewConnection): Promise<GrapherConnectionEntity> {
    return this.rows.save(this.rows.create(connection));
  }

  save(connection: GrapherConnectionEntity): Promise<GrapherConnectionEntity> {
    return this.rows.save(connection);
  }

  async setBrowserKeyHash(id: string, hash: string): Promise<void> {
    await this.rows.update({ id }, { browserKeyHash: hash });
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }
}
