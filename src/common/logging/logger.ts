import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { REDACT_PATHS, REDACTED } from './redact.js';
import { currentRequestId } from './request-id.js';

export type LogFormat = 'json' | 'pretty';

export interface LogSettings {
  level: Level | 'silent';
  format: LogFormat;
  /** Where lines go; stdout unless given (tests pass a stream to read them). */
  destination?: DestinationStream;
}

/**
 * The one logger: pino, JSON lines by default (LOG_FORMAT=json), or pino-pretty's readable lines
 * (LOG_FORMAT=pretty, the default under `npm start`). Every line written while a request is handled
 * carries its id (reqId); secrets are censored (see redact.ts).
 */
export async function createLogger(settings: LogSettings): Promise<Logger> {
  const options = {
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // The request's id on every line written while it is handled (a line's own reqId, if any, wins).
    mixin: () => {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
  };
  if (settings.format === 'pretty') {
    // Loaded only when asked for; synchronous, in this thread (no worker), so a crash loses no line.
    const { default: pretty } = await import('pino-pretty');
    // One line per entry: the message already says method, URL, status and time, or who refused what and why.
    const stream = pretty({
      sync: true,
      destination: settings.destination ?? 1,
      colorize: !settings.destination && process.stdout.isTTY,
      translateTime: 'HH:MM:ss.l',
      messageFormat: '{if reqId}[{reqId}] {end}{msg}',
      ignore: 'pid,hostname,reqId,req,res,responseTime,context,event,party,status,error,reason',
      singleLine: true,
    });
    return pino(options, stream);
  }
  return pino(options, settings.destination ?? pino.destination({ dest: 1, sync: true }));
}

/** Nest's start-up chatter (modules loaded, routes mapped) goes to debug; the rest keeps its level. */
const NEST_CHATTER = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's LoggerService on pino: Nest's own lines and every `new Logger(context)` in Steward land here. */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest calls (message, context) or, for errors, (message, stack, context); a message may be an object of fields. */
  private write(level: Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = message && typeof message === 'object' && !(message instanceof Error) ? { ...(message as object) } : {};
    const msg = typeof message === 'string' ? message : message instanceof Error ? message.message : typeof fields.msg === 'string' ? fields.msg : undefined;
    delete fields.msg;
    const effective = level === 'info' && context && NEST_CHATTER.has(context) ? 'debug' : level;
    this.pino[effective]({ ...(context ? { context } : {}), ...fields, ...(stack ? { stack } : {}) }, msg);
  }
}
