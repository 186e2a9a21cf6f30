import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../database/sql.js';

/**
 * An open transaction of the AS's store. Services only hand it from one repository call to the next
 * (every repository method that writes as part of a larger change takes one); only repositories use it.
 */
export type Tx = EntityManager;

/** Runs work of several repositories as one transaction (on SQLite they take turns: see inTransaction). */
@Injectable()
export class AsTransactions {
  constructor(private readonly db: DataSource) {}

  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return inTransaction(this.db, fn);
  }
}
