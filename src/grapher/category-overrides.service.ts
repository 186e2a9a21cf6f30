import { Injectable } from '@nestjs/common';
import { categoryKinds } from './picture/categories.js';
import { GrapherCategoryOverridesRepository } from './storage/grapher-category-overrides.repository.js';

/** The categories a person corrected, kept per connection. */
@Injectable()
export class CategoryOverridesService {
  constructor(private readonly repo: GrapherCategoryOverridesRepository) {}

  /** account label → (transaction id → category), for one connection. */
  async forConnection(connectionId: string): Promise<Map<string, Record<string, string>>> {
    const out = new Map<string, Record<string, string>>();
    for (const row of await this.repo.ofConnection(connectionId)) out.set(row.account, { ...out.get(row.account), [row.transactionId]: row.category });
    return out;
  }

  /** Sets the category of one transaction; '' goes back to the rules. False for a category that does not exist. */
  async set(connectionId: string, account: string, transactionId: string, category: string): Promise<boolean> {
    if (category !== '' && !categoryKinds().has(category)) return false;
    await this.repo.replace(connectionId, account, transactionId, category === '' ? null : category);
    return true;
  }

  /** Forgets every correction of a connection (it ended). */
  forget(connectionId: string): Promise<void> {
    return this.repo.forgetConnection(connectionId);
  }
}
