import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';

export interface TraceMessage {
  headers: Record<string, string>;
  /** Parsed form or JSON, a short text, or a note such as "HTML page". */
  body?: unknown;
}

export interface TraceExchange {
  id: number;
  at: number;
  /** front: through the person's browser; back: one party calling another directly. */
  channel: 'front' | 'back';
  from: string;
  to: string;
  method: string;
  url: string;
  status: number;
  durationMs: number;
  request: TraceMessage;
  response: TraceMessage;
}

/**
 * The demo's live trace: every HTTP exchange between the parties, kept in memory, newest N only.
 * When switched off (TRACE=off) it keeps nothing at all.
 */
@Injectable()
export class TraceRecorder {
  private readonly items: TraceExchange[] = [];
  private nextId = 1;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.trace.enabled;
  }

  record(exchange: Omit<TraceExchange, 'id'>): void {
    if (!this.enabled) return;
    this.items.push({ ...exchange, id: this.nextId++ });
    const excess = this.items.length - this.config.trace.size;
    if (excess > 0) this.items.splice(0, excess);
  }

  /** Exchanges after `afterId`, oldest first. */
  since(afterId = 0): TraceExchange[] {
    return this.items.filter((e) => e.id > afterId);
  }

  clear(): void {
    this.items.length = 0;
  }

  get size(): number {
    return this.items.length;
  }
}
