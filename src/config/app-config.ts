import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvDto } from './env.dto.js';

export class ConfigError extends Error {}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Validated, derived configuration. Every party finds the others only through these base URLs. */
export class AppConfig {
  readonly port: number;
  readonly publicUrl: string;
  readonly dbPath: string;
  /** PostgreSQL when set (several instances may share it); otherwise the SQLite file at dbPath. */
  readonly databaseUrl?: string;
  /**
   * How long a bank trusts a token on its signature alone: after this many seconds from issue it asks the
   * AS (RFC 7662) again, at most this often. It is the bound on how long a revoked grant can still read data.
   */
  readonly bankTokenRecheckSeconds: number;
  /** Origins outbound calls may reach even on private or loopback addresses (PUBLIC_URL's is always one). */
  readonly trustedLocalOrigins: ReadonlySet<string>;
  /** The teaching demo's live trace of every exchange: on by default, in memory, newest `size` only. */
  readonly trace: { enabled: boolean; size: number };
  /** The teaching demo's controls (/demo, play, break-it scenarios, reset, a bank's outage switch). */
  readonly demo: boolean;
  /** Banks beyond the story's four (bank05, bank06, …), each with one checking account: the story at scale. */
  readonly extraDemoBanks: number;
  /** The pause between two steps of the tour's play mode. */
  readonly demoPlayDelayMs: number;
  /** The log's threshold (LOG_LEVEL, default info) and shape (LOG_FORMAT: json lines, or pretty for people). */
  readonly log: { level: LogLevel; format: 'json' | 'pretty'; levelGiven: boolean };
  /** Grapher's key for its tokens at rest (see src/grapher/README.md); unset: a key file beside the database. */
  readonly grapherSecretKey?: string;

  constructor(env: Record<string, string | undefined>) {
    const dto = plainToInstance(EnvDto, {
      PORT: env.PORT,
      PUBLIC_URL: env.PUBLIC_URL || undefined,
      DB_PATH: env.DB_PATH || undefined,
      DATABASE_URL: env.DATABASE_URL || undefined,
      BANK_TOKEN_RECHECK_SECONDS: env.BANK_TOKEN_RECHECK_SECONDS,
      TRUSTED_LOCAL_ORIGINS: env.TRUSTED_LOCAL_ORIGINS || undefined,
      TRACE: env.TRACE || undefined,
      DEMO: env.DEMO || undefined,
      EXTRA_DEMO_BANKS: env.EXTRA_DEMO_BANKS,
      DEMO_PLAY_DELAY_MS: env.DEMO_PLAY_DELAY_MS,
      GRAPHER_SECRET_KEY: env.GRAPHER_SECRET_KEY || undefined,
      TRACE_SIZE: env.TRACE_SIZE,
      LOG_LEVEL: env.LOG_LEVEL || undefined,
      LOG_FORMAT: env.LOG_FORMAT || undefined,
    });
    const errors = validateSync(dto);
    if (errors.length > 0) {
      const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}));
      throw new ConfigError(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
    }
    this.port = dto.PORT ?? 3000;
    const url = new URL(dto.PUBLIC_URL ?? `http://localhost:${this.port}`);
    if (url.search || url.hash) throw new ConfigError('Invalid configuration:\n  - PUBLIC_URL must have no query or fragment');
    this.publicUrl = url.toString().replace(/\/+$/, '');
    this.dbPath = dto.DB_PATH ?? './data/steward.sqlite';
    this.bankTokenRecheckSeconds = dto.BANK_TOKEN_RECHECK_SECONDS ?? 30;
    const trusted = new Set([new URL(this.publicUrl).origin]);
    for (const item of (dto.TRUSTED_LOCAL_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      let origin: URL;
      try {
        origin = new URL(item);
      } catch {
        throw new ConfigError(`Invalid configuration:\n  - TRUSTED_LOCAL_ORIGINS must list origins like http://127.0.0.1:4000 (got "${item}")`);
      }
      if (!['http:', 'https:'].includes(origin.protocol)) throw new ConfigError(`Invalid configuration:\n  - TRUSTED_LOCAL_ORIGINS: ${item} is not http(s)`);
      trusted.add(origin.origin);
    }
    this.trustedLocalOrigins = trusted;
    this.trace = { enabled: dto.TRACE !== 'off', size: dto.TRACE_SIZE ?? 500 };
    this.demo = dto.DEMO !== 'off';
    this.extraDemoBanks = dto.EXTRA_DEMO_BANKS ?? 0;
    this.demoPlayDelayMs = dto.DEMO_PLAY_DELAY_MS ?? 700;
    this.grapherSecretKey = dto.GRAPHER_SECRET_KEY;
    this.log = { level: (dto.LOG_LEVEL ?? 'info') as LogLevel, format: dto.LOG_FORMAT === 'pretty' ? 'pretty' : 'json', levelGiven: dto.LOG_LEVEL !== undefined };
    this.databaseUrl = dto.DATABASE_URL;
    if (this.databaseUrl && !this.grapherSecretKey) {
      // Every instance on one database must read what another sealed: a key file per machine cannot do that.
      throw new ConfigError('Invalid configuration:\n  - GRAPHER_SECRET_KEY is required with DATABASE_URL (every instance must share Grapher\'s key; see src/grapher/README.md)');
    }
  }

  /** host[:port] of PUBLIC_URL, the domain of the demo's acct: URIs. */
  get publicHost(): string {
    return new URL(this.publicUrl).host;
  }

  get secureCookies(): boolean {
    return this.publicUrl.startsWith('https:');
  }

  get asIssuer(): string {
    return `${this.publicUrl}/as`;
  }

  get grapherUrl(): string {
    return `${this.publicUrl}/grapher`;
  }

  bankUrl(bankId: string): string {
    return `${this.publicUrl}/banks/${bankId}`;
  }
}
