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
}
