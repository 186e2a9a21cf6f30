import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { GrapherCategoryOverrideEntity } from './entities/grapher-category-override.entity.js';
import { categoryKinds } from './picture/categories.js';

/** The categories a person corrected, kept per connection; the only code touching that table. */
@Injectable()
export class CategoryOverridesService {
  constructor(@InjectRepository(GrapherCategoryOverrideEntity) private readonly repo: Repository<GrapherCategoryOverrideEntity>) {}

  /** account label → (transaction id → category), for one connection. */
  async forConnection(connectionId: string): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    for (const row of await this.repo.findBy({ connectionId })) out.set(row.account, { ...out.get(row.account), [row.transactionId]: row.category });
    return out;
  }

  /** Sets the category of one transaction; '' goes back to the rules. False for a category that does not exist. */
  async set(connectionId: string, account: string, transactionId: string, category: string): Promise<boolean> {
    if (category !== '' && !categoryKinds().has(category)) return false;
    await this.repo.delete({ connectionId, account, transactionId });
    if (category !== '') await this.repo.insert({ id: randomUUID(), connectionId, account, transactionId, category });
    return true;
  }

  /** Forgets every correction of a connection (it ended). */
  async forget(connectionId: string): Promise<void> {
    await this.repo.delete({ connectionId });
  }
}
