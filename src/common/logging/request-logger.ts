import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { partyOfPath } from '../trace/trace-context.js';
import { CALLER_HEADER } from '../trace/trace.middleware.js';
import { redactUrl } from './redact.js';
import { REQUEST_ID_HEADER, requestContext, requestIdOf } from './request-id.js';

/**
 * One line per request, when its answer is sent: method, URL (secrets censored), status, time, the party
 * that answered, the party that called (for calls between Steward's parties), and the request id — taken
 * from X-Request-Id when the caller sent a well-formed one, answered in X-Request-Id, and bound to the
 * async context so every line logged and every outbound call made while handling it carries it.
 * Headers are logged only at debug, with Authorization, cookies and DPoP proofs censored.
 *
 * Written by hand rather than with pino-http: pino-http builds a child logger (its bindings serialized) for
 * every request and passes each line through the redaction paths, which cost ~14 % of a bank call's CPU in
 * `npm run bench -- --profile=bank`; this writes the same line with one call on the root logger.
 */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = requestIdOf(req.headers[REQUEST_ID_HEADER]);
    (req as Request & { id?: string }).id = id;
    res.setHeader('X-Request-Id', id);
    if (!(req.url ?? '').startsWith('/assets/')) {
      const started = performance.now();
      const done = () => {
        res.removeListener('close', done);
        res.removeListener('finish', done);
        writeLine(logger, req, res, id, performance.now() - started);
      };
      res.on('finish', done);
      res.on('close', done);
    }
    requestContext.run({ id }, next);
  };
}

function writeLine(logger: Logger, req: Request, res: Response, reqId: string, ms: number): void {
  const url = redactUrl(req.originalUrl ?? req.url);
  const aborted = !res.writableFinished;
  // A 5xx answer is a warning (a bank that is down, a 502 page); an exception was already logged as an
  // error where it was caught, with its stack, so the request line carries none.
  const level = aborted || res.statusCode >= 500 ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const caller = req.headers[CALLER_HEADER];
  const line = {
    reqId,
    req: {
      method: req.method,
      url,
      party: partyOfPath(req.path ?? req.url) ?? 'steward',
      ...(typeof caller === 'string' ? { caller } : {}),
      ...(logger.isLevelEnabled('debug') ? { headers: { ...req.headers } } : {}),
    },
    res: { statusCode: res.statusCode },
    responseTime: Math.round(ms),
  };
  logger[level](line, aborted ? `${req.method} ${url} aborted` : `${req.method} ${url} ${res.statusCode} ${Math.round(ms)} ms`);
}
