import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvDto } from './env.dto.js';
import { parseTrustProxy, TrustProxy } from './trust-proxy.js';

export class ConfigError extends Error {}

export const PARTY_NAMES = ['as', 'banks', 'grapher'] as const;
export type Party = (typeof PARTY_NAMES)[number];
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Validated, derived configuration. Every party finds the others only through these base URLs. */
export class AppConfig {
  readonly port: number;
  readonly publicUrl: string;
  /** The parties this process migrates, seeds and serves (PARTIES; all three by default). */
  readonly parties: ReadonlySet<Party>;
  /**
   * Where each party is reached (AS_URL, BANKS_URL, GRAPHER_URL; PUBLIC_URL by default): the base URL of the
   * process serving it, to which the party's own path is added (`/as`, `/banks/<id>`, `/grapher`).
   */
  readonly partyBaseUrls: Readonly<Record<Party, string>>;
  /** Lifetime of an access token the AS issues (RFC 6749 §5.1 expires_in). */
  readonly accessTokenTtlSeconds: number;
  /** How long the AS keeps a person's activity log. */
  readonly activityRetentionDays: number;
  /** How often expired codes, tokens, sessions and old activity are purged. */
  readonly purgeIntervalSeconds: number;
  /** How often each instance reloads the AS's signing keys from the database (a new key signs after two reloads). */
  readonly signingKeyReloadSeconds: number;
  /** A new signing key when the newest is this many days old; 0: never. */
  readonly signingKeyRotationDays: number;
  /** Which proxies' X-Forwarded-For counts for req.ip (Express `trust proxy`). */
  readonly trustProxy: TrustProxy;
  readonly dbPath: string;
  /** PostgreSQL when set (several instances may share it); otherwise the SQLite file at dbPath. */
  readonly databaseUrl?: string;
  /**
   * How long a bank trusts a token on its signature alone: after this many seconds from issue it asks the
   * AS (RFC 7662) again, at most this often. It is the bound on how long a revoked grant can still read data.
   */
  readonly bankTokenRecheckSeconds: number;
  /** Shared Signals push (RFC 8935): the first retry's delay (doubling each time) and each push's timeout. */
  readonly ssf: { retryBaseMs: number; pushTimeoutMs: number };
  /** Origins outbound calls may reach even on private or loopback addresses (PUBLIC_URL's is always one). */
  readonly trustedLocalOrigins: ReadonlySet<string>;
  /** The teaching demo's live trace of every exchange: on by default, in memory, newest `size` only. */
  readonly trace: { enabled: boolean; size: number };
  /**
   * The teaching demo's controls (/demo, play, break-it scenarios, reset, a bank's outage switch): on unless
   * DEMO=off, and only in a process serving all three parties at PUBLIC_URL.
   */
  readonly demo: boolean;
  /** Banks beyond the story's four (bank05, bank06, …), each with one checking account: the story at scale. */
  readonly extraDemoBanks: number;
  /** The pause between two steps of the tour's play mode. */
  readonly demoPlayDelayMs: number;
  /** The log's threshold (LOG_LEVEL, default info) and shape (LOG_FORMAT: json lines, or pretty for people). */
  readonly log: { level: LogLevel; format: 'json' | 'pretty'; levelGiven: boolean };
  /**
   * FAPI=on: every client of the AS is held to the FAPI 2.0 Security Profile (PAR, DPoP, private_key_jwt);
   * off (the default), only clients registered with `fapi_profile: "fapi2"` are.
   */
  readonly fapi: boolean;
  /** Grapher's key for its tokens at rest (see src/grapher/README.md); unset: a key file beside the database. */
  readonly grapherSecretKey?: string;
  /**
   * How Grapher and the banks meet an AS as its clients (CLIENT_PROFILE): `fapi2` (default) registers with
   * their own keys and uses PAR, private_key_jwt and DPoP wherever the AS offers them; `plain` keeps the basic
   * code flow with a client secret and bearer tokens, for teaching the basics.
   */
  readonly clientProfile: 'fapi2' | 'plain';

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
      FAPI: env.FAPI || undefined,
      EXTRA_DEMO_BANKS: env.EXTRA_DEMO_BANKS,
      DEMO_PLAY_DELAY_MS: env.DEMO_PLAY_DELAY_MS,
      GRAPHER_SECRET_KEY: env.GRAPHER_SECRET_KEY || undefined,
      TRACE_SIZE: env.TRACE_SIZE,
      PARTIES: env.PARTIES || undefined,
      AS_URL: env.AS_URL || undefined,
      BANKS_URL: env.BANKS_URL || undefined,
      GRAPHER_URL: env.GRAPHER_URL || undefined,
      ACCESS_TOKEN_TTL_SECONDS: env.ACCESS_TOKEN_TTL_SECONDS,
      ACTIVITY_RETENTION_DAYS: env.ACTIVITY_RETENTION_DAYS,
      PURGE_INTERVAL_SECONDS: env.PURGE_INTERVAL_SECONDS,
      SIGNING_KEY_RELOAD_SECONDS: env.SIGNING_KEY_RELOAD_SECONDS,
      SIGNING_KEY_ROTATION_DAYS: env.SIGNING_KEY_ROTATION_DAYS,
      SSF_RETRY_BASE_MS: env.SSF_RETRY_BASE_MS,
      SSF_PUSH_TIMEOUT_MS: env.SSF_PUSH_TIMEOUT_MS,
      LOG_LEVEL: env.LOG_LEVEL || undefined,
      LOG_FORMAT: env.LOG_FORMAT || undefined,
      CLIENT_PROFILE: env.CLIENT_PROFILE || undefined,
    });
    const errors = validateSync(dto);
    if (errors.length > 0) {
      const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}));
      throw new ConfigError(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
    }
    this.port = dto.PORT ?? 3000;
    this.publicUrl = baseUrl('PUBLIC_URL', dto.PUBLIC_URL ?? `http://localhost:${this.port}`);
    this.parties = parseParties(dto.PARTIES);
    this.partyBaseUrls = {
      as: baseUrl('AS_URL', dto.AS_URL ?? this.publicUrl),
      banks: baseUrl('BANKS_URL', dto.BANKS_URL ?? this.publicUrl),
      grapher: baseUrl('GRAPHER_URL', dto.GRAPHER_URL ?? this.publicUrl),
    };
    this.accessTokenTtlSeconds = dto.ACCESS_TOKEN_TTL_SECONDS ?? 900;
    this.activityRetentionDays = dto.ACTIVITY_RETENTION_DAYS ?? 90;
    this.purgeIntervalSeconds = dto.PURGE_INTERVAL_SECONDS ?? 3600;
    this.signingKeyReloadSeconds = dto.SIGNING_KEY_RELOAD_SECONDS ?? 60;
    this.signingKeyRotationDays = dto.SIGNING_KEY_ROTATION_DAYS ?? 90;
    try {
      this.trustProxy = parseTrustProxy(env.TRUST_PROXY);
    } catch (err) {
      throw new ConfigError(`Invalid configuration:\n  - ${(err as Error).message}`);
    }
    this.dbPath = dto.DB_PATH ?? './data/steward.sqlite';
    this.clientProfile = dto.CLIENT_PROFILE === 'plain' ? 'plain' : 'fapi2';
    this.bankTokenRecheckSeconds = dto.BANK_TOKEN_RECHECK_SECONDS ?? 30;
    this.ssf = { retryBaseMs: dto.SSF_RETRY_BASE_MS ?? 1000, pushTimeoutMs: dto.SSF_PUSH_TIMEOUT_MS ?? 2000 };
    const trusted = new Set(this.deploymentOrigins);
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
    // The tour drives the whole story from this process and shows this process's trace: it runs only where
    // every party is served here, under PUBLIC_URL.
    this.demo = dto.DEMO !== 'off' && this.parties.size === PARTY_NAMES.length && Object.values(this.partyBaseUrls).every((u) => u === this.publicUrl);
    this.extraDemoBanks = dto.EXTRA_DEMO_BANKS ?? 0;
    this.fapi = dto.FAPI === 'on';
    this.demoPlayDelayMs = dto.DEMO_PLAY_DELAY_MS ?? 700;
    this.grapherSecretKey = dto.GRAPHER_SECRET_KEY;
    this.log = { level: (dto.LOG_LEVEL ?? 'info') as LogLevel, format: dto.LOG_FORMAT === 'pretty' ? 'pretty' : 'json', levelGiven: dto.LOG_LEVEL !== undefined };
    this.databaseUrl = dto.DATABASE_URL;
    if (this.databaseUrl && !this.grapherSecretKey) {
      // Every instance on one database must read what another sealed: a key file per machine cannot do that.
      throw new ConfigError('Invalid configuration:\n  - GRAPHER_SECRET_KEY is required with DATABASE_URL (every instance must share Grapher\'s key; see src/grapher/README.md)');
    }
  }

  /** Whether this process serves `party`. */
  serves(party: Party): boolean {
    return this.parties.has(party);
  }

  /** The origins of PUBLIC_URL and of every party: this deployment's own servers, wherever they run. */
  get deploymentOrigins(): string[] {
    return [...new Set([this.publicUrl, ...Object.values(this.partyBaseUrls)].map((u) => new URL(u).origin))];
  }

  /** Whether `url` points at one of this deployment's parties (for the demo's trace and http on loopback). */
  isDeploymentUrl(url: string | URL): boolean {
    return this.deploymentOrigins.includes(new URL(url).origin);
  }

  /** host[:port] of the AS, the domain of the demo's acct: URIs (its WebFinger answers there). */
  get publicHost(): string {
    return new URL(this.partyBaseUrls.as).host;
  }

  get secureCookies(): boolean {
    return this.publicUrl.startsWith('https:');
  }

  get asIssuer(): string {
    return `${this.partyBaseUrls.as}/as`;
  }

  get grapherUrl(): string {
    return `${this.partyBaseUrls.grapher}/grapher`;
  }

  bankUrl(bankId: string): string {
    return `${this.partyBaseUrls.banks}/banks/${bankId}`;
  }
}

/** An absolute http(s) base URL without query, fragment or trailing slash. */
function baseUrl(name: string, value: string): string {
  const url = new URL(value);
  if (url.search || url.hash) throw new ConfigError(`Invalid configuration:\n  - ${name} must have no query or fragment`);
  return url.toString().replace(/\/+$/, '');
}

function parseParties(value: string | undefined): ReadonlySet<Party> {
  const items = (value ?? PARTY_NAMES.join(',')).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = items.filter((p) => !(PARTY_NAMES as readonly string[]).includes(p));
  if (unknown.length > 0 || items.length === 0) {
    throw new ConfigError(`Invalid configuration:\n  - PARTIES must be a comma list of ${PARTY_NAMES.join(', ')} (got "${value}")`);
  }
  return new Set(items as Party[]);
}
