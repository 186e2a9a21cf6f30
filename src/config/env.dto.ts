import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

/** The environment Steward reads at boot. Anything invalid stops the process with a clear message. */
export class EnvDto {
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'PUBLIC_URL must be an absolute http(s) URL, e.g. http://localhost:3000' },
  )
  PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DB_PATH?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgres:// (or postgresql://) URL, e.g. postgres://steward@127.0.0.1:5432/steward' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  TRUSTED_LOCAL_ORIGINS?: string;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'TRACE must be on or off' })
  TRACE?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' })
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT?: string;

  @IsOptional()
  @IsIn(['fapi2', 'plain'], { message: 'CLIENT_PROFILE must be fapi2 or plain' })
  CLIENT_PROFILE?: string;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'FAPI must be on or off' })
  FAPI?: string;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'DEMO must be on or off' })
  DEMO?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'EXTRA_DEMO_BANKS must be an integer' })
  @Min(0)
  @Max(96)
  EXTRA_DEMO_BANKS?: number;

  @IsOptional()
  @IsString()
  GRAPHER_SECRET_KEY?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'DEMO_PLAY_DELAY_MS must be an integer' })
  @Min(0)
  @Max(10000)
  DEMO_PLAY_DELAY_MS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'TRACE_SIZE must be an integer' })
  @Min(10)
  @Max(100000)
  TRACE_SIZE?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'BANK_TOKEN_RECHECK_SECONDS must be an integer' })
  @Min(0)
  @Max(600)
  BANK_TOKEN_RECHECK_SECONDS?: number;

  @IsOptional()
  @IsString()
  PARTIES?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, require_valid_protocol: true, protocols: ['http', 'https'] },
    { message: 'AS_URL must be an absolute http(s) URL, e.g. http://127.0.0.1:4001' },
  )
  AS_URL?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, require_valid_protocol: true, protocols: ['http', 'https'] },
    { message: 'BANKS_URL must be an absolute http(s) URL, e.g. http://127.0.0.1:4001' },
  )
  BANKS_URL?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, require_valid_protocol: true, protocols: ['http', 'https'] },
    { message: 'GRAPHER_URL must be an absolute http(s) URL, e.g. http://127.0.0.1:4001' },
  )
  GRAPHER_URL?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'ACCESS_TOKEN_TTL_SECONDS must be an integer' })
  @Min(1, { message: 'ACCESS_TOKEN_TTL_SECONDS must be at least 1' })
  @Max(86400, { message: 'ACCESS_TOKEN_TTL_SECONDS must be at most 86400' })
  ACCESS_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'ACTIVITY_RETENTION_DAYS must be an integer' })
  @Min(1, { message: 'ACTIVITY_RETENTION_DAYS must be at least 1' })
  @Max(3650, { message: 'ACTIVITY_RETENTION_DAYS must be at most 3650' })
  ACTIVITY_RETENTION_DAYS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'PURGE_INTERVAL_SECONDS must be an integer' })
  @Min(1, { message: 'PURGE_INTERVAL_SECONDS must be at least 1' })
  @Max(86400, { message: 'PURGE_INTERVAL_SECONDS must be at most 86400' })
  PURGE_INTERVAL_SECONDS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'SIGNING_KEY_RELOAD_SECONDS must be an integer' })
  @Min(1, { message: 'SIGNING_KEY_RELOAD_SECONDS must be at least 1' })
  @Max(3600, { message: 'SIGNING_KEY_RELOAD_SECONDS must be at most 3600' })
  SIGNING_KEY_RELOAD_SECONDS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'SIGNING_KEY_ROTATION_DAYS must be an integer' })
  @Min(0, { message: 'SIGNING_KEY_ROTATION_DAYS must be at least 0 (0: never)' })
  @Max(3650, { message: 'SIGNING_KEY_ROTATION_DAYS must be at most 3650' })
  SIGNING_KEY_ROTATION_DAYS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'SSF_RETRY_BASE_MS must be an integer' })
  @Min(10, { message: 'SSF_RETRY_BASE_MS must be at least 10' })
  @Max(3600000, { message: 'SSF_RETRY_BASE_MS must be at most 3600000' })
  SSF_RETRY_BASE_MS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'SSF_PUSH_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'SSF_PUSH_TIMEOUT_MS must be at least 100' })
  @Max(30000, { message: 'SSF_PUSH_TIMEOUT_MS must be at most 30000' })
  SSF_PUSH_TIMEOUT_MS?: number;
}
