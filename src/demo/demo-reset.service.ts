import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TraceRecorder } from '../common/trace/trace.recorder.js';
import { FailureThrottle } from '../common/throttle/failure-throttle.service.js';

/** Everything the story writes; the demo people, bank accounts, their history and the AS keys stay. */
const STORY_TABLES = [
  'as_authorization_codes',
  'as_tokens',
  'as_grant_resources',
  'as_grants',
  'as_resources',
  'as_activity',
  'as_clients',
  'bank_delegations',
  'bank_pats',
  'bank_as_clients',
  'grapher_connections',
  'grapher_as_clients',
  'web_sessions',
];

/**
 * DEMO ONLY: puts the demo back in its first state. An operator's tool over the whole store, not a
 * party: it is the one place that touches every party's tables.
 */
@Injectable()
export class DemoResetService {
  constructor(
    private readonly db: DataSource,
    private readonly trace: TraceRecorder,
    private readonly throttle: FailureThrottle,
  ) {}

  async reset(): Promise<void> {
    await this.db.transaction(async (em) => {
      for (const table of STORY_TABLES) await em.query(`DELETE FROM "${table}"`);
      await em.query(`DELETE FROM "as_users" WHERE "username" <> 'nat'`);
    });
    this.trace.clear();
    await this.throttle.clear();
  }
}
