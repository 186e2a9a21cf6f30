import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { HttpClient, OutboundError } from '../../common/http/http-client.js';
import { PurgeScheduler } from '../../common/retention/purge-scheduler.js';
import { traceContext } from '../../common/trace/trace-context.js';
import { AppConfig } from '../../config/app-config.js';
import { SsfOutboxEntity } from '../entities/ssf-outbox.entity.js';
import { SsfStreamEntity } from '../entities/ssf-stream.entity.js';
import { SsfRepository } from '../storage/ssf.repository.js';

/** Rows pushed per round; more wait for the next round (which starts at once). */
const BATCH = 200;
/** A SET not delivered within a day is dropped (the banks' recheck bound has long covered it). */
const KEPT_MS = 24 * 3600 * 1000;
/** The longest wait between two attempts. */
const MAX_DELAY_MS = 5 * 60 * 1000;
/** How often the outbox is looked at without a kick: SETs left by a crash or another instance. */
const SWEEP_MS = 5000;

type Outcome = 'delivered' | 'refused' | 'retry';

/**
 * RFC 8935 push delivery of the outbox's SETs: kicked right after the transaction that wrote them commits,
 * every due SET pushed at once and in parallel (one bank's slowness delays no other), each push bounded by
 * SSF_PUSH_TIMEOUT_MS. A failure waits SSF_RETRY_BASE_MS × 2^(attempt − 1) (at most 5 minutes) before the
 * next attempt. A row is claimed by moving its next attempt past the push's timeout, atomically, so two
 * instances never push it together; it is deleted once the receiver answered 202 (or 400: RFC 8935 §2.3,
 * a SET it will never accept, logged).
 */
@Injectable()
export class SetDispatcher implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('SSF');
  private running?: Promise<void>;
  private again = false;
  private sweep?: NodeJS.Timeout;
  private readonly retries = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly ssf: SsfRepository,
    private readonly http: HttpClient,
    private readonly config: AppConfig,
    private readonly scheduler: PurgeScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'security events', purge: (now) => this.ssf.purgeCreatedBefore(now - KEPT_MS) });
  }

  onApplicationBootstrap(): void {
    this.sweep = setInterval(() => this.kick(), SWEEP_MS);
    this.sweep.unref();
    this.kick();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearInterval(this.sweep);
    for (const t of this.retries) clearTimeout(t);
  }

  /** Push what is due now; a kick during a round makes another round follow it. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = traceContext
      .run({ party: 'as' }, async () => {
        do {
          this.again = false;
          await this.round();
        } while (this.again && !this.stopped);
      })
      .catch((err: unknown) => this.log.warn(`security event delivery failed: ${(err as Error).message}`))
      .finally(() => (this.running = undefined));
  }

  /** Resolves once nothing due is left to push (what a test waits for before it reads the store). */
  async flush(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      if (this.running) await this.running;
      else if (await this.ssf.anyDue(Date.now())) this.kick();
      else return;
    }
  }

  private async round(): Promise<void> {
    const now = Date.now();
    const due = await this.ssf.due(now, BATCH);
    if (!due.length) return;
    if (due.length === BATCH) this.again = true;
    // One statement claims the batch: rows another instance claimed meanwhile no longer match (their next
    // attempt moved past now), and are not read back with this round's lease (jittered, so that two
    // instances claiming in the same millisecond do not read back each other's rows).
    const lease = now + this.config.ssf.pushTimeoutMs + 1000 + randomInt(1000);
    const claimed = await this.ssf.claim(due, now, lease);
    const streams = new Map((await this.ssf.streamsByIds(claimed.map((r) => r.streamId))).map((s) => [s.id, s]));
    await Promise.all(claimed.map((row) => this.deliver(row, streams.get(row.streamId))));
  }

  private async deliver(row: SsfOutboxEntity, stream: SsfStreamEntity | undefined): Promise<void> {
    const outcome = stream ? await this.push(row, stream) : { result: 'refused' as Outcome, why: 'the stream was deleted' };
    if (outcome.result !== 'retry') {
      if (outcome.result === 'refused') this.log.warn(`SET ${row.id} (${row.eventType}) not delivered: ${outcome.why}`);
      await this.ssf.remove(row.id);
      return;
    }
    const delay = Math.min(this.config.ssf.retryBaseMs * 2 ** (row.attempts - 1), MAX_DELAY_MS);
    await this.ssf.retryAt(row.id, Date.now() + delay, outcome.why.slice(0, 500));
    const t = setTimeout(() => {
      this.retries.delete(t);
      this.kick();
    }, delay);
    t.unref();
    this.retries.add(t);
  }

  /** RFC 8935 §2.1: POST the SET as application/secevent+jwt; §2.2 202 delivered, §2.3 400 refused. */
  private async push(row: SsfOutboxEntity, stream: SsfStreamEntity): Promise<{ result: Outcome; why: string }> {
    try {
      const res = await this.http.json<{ err?: string; description?: string }>(stream.endpointUrl, {
        raw: { type: 'application/secevent+jwt', text: row.jwt },
        timeoutMs: this.config.ssf.pushTimeoutMs,
        maxBytes: 16 * 1024,
      });
      if (res.status === 202 || res.status === 200 || res.status === 204) return { result: 'delivered', why: '' };
      if (res.status === 400) return { result: 'refused', why: `${res.body?.err ?? 'invalid_request'}: ${res.body?.description ?? ''}` };
      return { result: 'retry', why: `HTTP ${res.status}` };
    } catch (err) {
      if (err instanceof OutboundError) return { result: err.kind === 'not_json' && err.status === 400 ? 'refused' : 'retry', why: err.message };
      throw err;
    }
  }
}
