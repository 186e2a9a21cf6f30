import { DynamicModule, Global, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { withDbLock } from './db-lock.js';
import { migrate, RetiredSchemaError } from './migrate.js';

/** One lock across every instance on the store (PostgreSQL advisory lock; serial on SQLite). */
@Injectable()
export class DbLock {
  constructor(private readonly db: DataSource) {}

  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return withDbLock(this.db, name, fn);
  }
}

/** The store: opened, migrated under a lock, and shared by every party's repositories. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(config), retryAttempts: 3, retryDelay: 1000, toRetry: (err: unknown) => !(err instanceof RetiredSchemaError) }),
          dataSourceFactory: async (options) => {
            const db = await new DataSource(options as DataSourceOptions).initialize();
            try {
              await migrate(db);
            } catch (err) {
              await db.destroy();
              throw err;
            }
            return db;
          },
        }),
      ],
      providers: [DbLock],
      exports: [DbLock],
    };
  }
}
