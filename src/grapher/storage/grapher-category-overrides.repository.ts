import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { GrapherCategoryOverrideEntity } from '../entities/grapher-category-override.entity.js';

/** The categories a person chose, per connection: the only code touching grapher_category_overrides. */
@Injectable()
export class GrapherCategoryOverridesRepository {
  constructor(@InjectRepository(GrapherCategoryOverrideEntity) private readonly rows: Repository<GrapherCategoryOverrideEntity>) {}

  ofConnection(connectionId: string): Promise<GrapherCategoryOverrideEntity[]> {
    return this.rows.findBy({ connectionId });
  }

  /**
   * The category of one transaction of a connection, or none (null): the old row goes and the new one
   * comes in one transaction, so two corrections at once leave one of them, never a unique-key error.
   */
  async replace(connectionId: string, account: string, transactionId: string, category: string | null): Promise<void> {
    await this.rows.manager.transaction(async (em) => {
      await em.delete(GrapherCategoryOverrideEntity, { connectionId, account, transactionId });
      if (category !== null) await em.insert(GrapherCategoryOverrideEntity, { id: randomUUID(), connectionId, account, transactionId, category });
    });
  }

  async forgetConnection(connectionId: string): Promise<void> {
    await this.rows.delete({ connectionId });
  }
}
