import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, LessThanOrEqual, Repository } from 'typeorm';
import { execSql } from '../../database/sql.js';
import { SsfOutboxEntity } from '../entities/ssf-outbox.entity.js';
import { SsfStreamEntity } from '../entities/ssf-stream.entity.js';
import type { Tx } from './transactions.js';

// SSF 1.0 §8.1.1.1: one stream per receiver; the unique index on client_id makes the insert the check.
const INSERT_STREAM =
  'INSERT INTO as_ssf_streams (id, client_id, audience, endpoint_url, events_requested, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO NOTHING RETURNING id';

export type NewStream = SsfStreamEntity;

/**
 * The AS as an SSF transmitter: its streams (each one bank client's, SSF 1.0 §8.1.1) and the outbox of SETs
 * waiting to be pushed (RFC 8935). The only code touching as_ssf_streams and as_ssf_outbox. A receiver reads
 * and changes only its own stream; the outbox is the dispatcher's, which pushes every stream's SETs.
 */
@Injectable()
export class SsfRepository {
  constructor(
    @InjectRepository(SsfStreamEntity) private readonly streams: Repository<SsfStreamEntity>,
    @InjectRepository(SsfOutboxEntity) private readonly outbox: Repository<SsfOutboxEntity>,
  ) {}

  /** False when the receiver already has its stream (§8.1.1.1), even under concurrent creation. */
  async insertStream(s: NewStream): Promise<boolean> {
    const values = [s.id, s.clientId, s.audience, s.endpointUrl, JSON.stringify(s.eventsRequested), s.description, s.createdAt];
    return (await execSql(this.streams.manager, INSERT_STREAM, values)).rows.length === 1;
  }

  /** The receiver's streams (at most one). */
  streamsOfReceiver(clientId: string): Promise<SsfStreamEntity[]> {
    return this.streams.findBy({ clientId });
  }

  streamOfReceiver(clientId: string, id: string): Promise<SsfStreamEntity | null> {
    return this.streams.findOneBy({ id, clientId });
  }

  /** False when the receiver has no such stream. */
  async removeStream(clientId: string, id: string): Promise<boolean> {
    return ((await this.streams.delete({ id, clientId })).affected ?? 0) > 0;
  }

  /** The streams of these receivers, read in the transaction that is about to write their SETs. */
  streamsOf(clientIds: string[], tx?: Tx): Promise<SsfStreamEntity[]> {
    const unique = [...new Set(clientIds)];
    return unique.length ? (tx ?? this.streams.manager).find(SsfStreamEntity, { where: { clientId: In(unique) } }) : Promise.resolve([]);
  }

  /** For the dispatcher: the streams its claimed SETs go to (a deleted one is missing). */
  streamsByIds(ids: string[]): Promise<SsfStreamEntity[]> {
    const unique = [...new Set(ids)];
    return unique.length ? this.streams.findBy({ id: In(unique) }) : Promise.resolve([]);
  }

  /** SETs written with the change they report, in its transaction. */
  async enqueue(rows: SsfOutboxEntity[], tx?: Tx): Promise<void> {
    if (rows.length) await (tx ?? this.outbox.manager).insert(SsfOutboxEntity, rows);
  }

  /** Whether any SET is due at `now`. */
  anyDue(now: number): Promise<boolean> {
    return this.outbox.existsBy({ nextAttemptAt: LessThanOrEqual(now) });
  }

  /** The ids of the SETs due at `now`, the longest waiting first. */
  async due(now: number, limit: number): Promise<string[]> {
    const rows = await this.outbox.find({ where: { nextAttemptAt: LessThanOrEqual(now) }, order: { nextAttemptAt: 'ASC' }, take: limit, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /**
   * Claims those of `ids` still due at `now` by moving their next attempt to `lease`, in one statement, and
   * reads back the ones this claim got: rows another instance claimed meanwhile no longer match.
   */
  async claim(ids: string[], now: number, lease: number): Promise<SsfOutboxEntity[]> {
    if (!ids.length) return [];
    await this.outbox
      .createQueryBuilder()
      .update(SsfOutboxEntity)
      .set({ nextAttemptAt: lease, attempts: () => 'attempts + 1' })
      .where('id IN (:...ids) AND next_attempt_at <= :now', { ids, now })
      .execute();
    return this.outbox.findBy({ id: In(ids), nextAttemptAt: lease });
  }

  /** Delivered, or refused for good: the SET is done. */
  async remove(id: string): Promise<void> {
    await this.outbox.delete({ id });
  }

  async retryAt(id: string, at: number, lastError: string): Promise<void> {
    await this.outbox.update({ id }, { nextAttemptAt: at, lastError });
  }

  /** Drops the SETs written before `before`, delivered or not; how many. */
  async purgeCreatedBefore(before: number): Promise<number> {
    return (await this.outbox.delete({ createdAt: LessThan(before) })).affected ?? 0;
  }
}
