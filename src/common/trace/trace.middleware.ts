import type { NextFunction, Request, Response } from 'express';
import { partyOfPath, traceContext } from './trace-context.js';
import type { TraceRecorder } from './trace.recorder.js';

export const CALLER_HEADER = 'steward-caller';
/** Set by a caller that cannot record its own calls (a library's HTTP client): the callee records them. */
export const RECORD_HERE_HEADER = 'steward-record-here';
const REQUEST_HEADERS = ['accept', 'content-type', 'authorization', 'dpop', 'cookie'];
const RESPONSE_HEADERS = ['location', 'content-type', 'set-cookie', 'www-authenticate', 'cache-control', 'dpop-nonce', 'x-request-id'];

export function pickHeaders(all: Record<string, unknown>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = all[name];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join('\n') : String(v);
  }
  return out;
}

/**
 * Records each request a person's browser (or an outside client) makes to a party, and marks the
 * async context with the party handling it, so the calls that party makes are drawn from it. Calls
 * between parties carry the steward-caller header and are recorded by the caller, with both bodies.
 */
export function traceMiddleware(recorder: TraceRecorder) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!recorder.enabled) return next();
    const party = partyOfPath(req.path);
    if (!party) return next();
    const caller = req.headers[CALLER_HEADER];
    const recordHere = typeof caller === 'string' && req.headers[RECORD_HERE_HEADER] === '1';
    if (!caller || recordHere) {
      const started = Date.now();
      let jsonBody: unknown;
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        jsonBody = body;
        return json(body);
      };
      res.on('finish', () => {
        const html = String(res.getHeader('content-type') ?? '').includes('text/html');
        const browser = String(req.headers.accept ?? '').includes('text/html');
        recorder.record({
          at: started,
          channel: recordHere ? 'back' : 'front',
          from: recordHere ? String(caller) : browser ? 'browser' : 'outside client',
          to: party,
          method: req.method,
          url: req.originalUrl,
          status: res.statusCode,
          durationMs: Date.now() - started,
          request: { headers: pickHeaders(req.headers, REQUEST_HEADERS), body: req.method === 'POST' && req.body && typeof req.body === 'object' ? { ...req.body } : undefined },
          response: { headers: pickHeaders(res.getHeaders() as Record<string, unknown>, RESPONSE_HEADERS), body: html ? 'an HTML page' : jsonBody },
        });
      });
    }
    traceContext.run({ party }, next);
  };
}
