import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
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
 */
export function requestLogger(logger: Logger) {
  const http = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdOf(req.headers[REQUEST_ID_HEADER]);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customAttributeKeys: { reqId: 'reqId' },
    quietReqLogger: true,
    quietResLogger: true,
    wrapSerializers: false,
    // The request (through the serializer below) on the line written when its answer is sent.
    customProps: (req) => ({ req }),
    serializers: {
      req: (req: Request) => ({
        method: req.method,
        url: redactUrl(req.originalUrl ?? req.url),
        party: partyOfPath(req.path ?? req.url) ?? 'steward',
        ...(typeof req.headers[CALLER_HEADER] === 'string' ? { caller: req.headers[CALLER_HEADER] } : {}),
        ...(logger.isLevelEnabled('debug') ? { headers: { ...req.headers } } : {}),
      }),
      res: (res: Response) => ({ statusCode: res.statusCode }),
    },
    // A 5xx answer is a warning (a bank that is down, a 502 page); an exception was already logged as an
    // error where it was caught, with its stack, so the request line carries no invented one.
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'warn' : 'info'),
    customErrorObject: (_req, _res, _err, fields) => {
      const { err: _invented, ...rest } = fields as Record<string, unknown>;
      return rest;
    },
    customSuccessMessage: (req, res, ms) => `${req.method} ${redactUrl((req as Request).originalUrl ?? req.url ?? '')} ${res.statusCode} ${Math.round(ms)} ms`,
    customErrorMessage: (req, res) => `${req.method} ${redactUrl((req as Request).originalUrl ?? req.url ?? '')} ${res.statusCode}`,
    autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/assets/') },
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    http(req, res);
    requestContext.run({ id: String(req.id) }, next);
  };
}
