import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { partyOfPath } from '../trace/trace-context.js';
import { ClientRedirectError, OAuthError, TooManyAttemptsError } from './oauth.errors.js';
import { SetDeliveryError } from './set-delivery.errors.js';
import { LoginRequired, PageError } from './page.errors.js';

const STATUS_CODES: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_token',
  403: 'access_denied',
  404: 'not_found',
  405: 'unsupported_method_type',
  413: 'invalid_request',
  415: 'invalid_request',
  429: 'temporarily_unavailable',
  503: 'temporarily_unavailable',
};

const TITLES: Record<string, string> = {
  invalid_request: 'Something is missing or wrong in this request',
  access_denied: 'Access denied',
  not_found: 'Not found',
  invalid_token: 'Not signed in to this service',
  server_error: 'Something went wrong on our side',
};

/** Errors that refuse a token or grant (RFC 6750 §3.1, RFC 6749 §5.2, RFC 9449 §7.1/§12.2). */
const TOKEN_ERRORS = new Set(['invalid_token', 'insufficient_scope', 'invalid_grant', 'invalid_dpop_proof', 'use_dpop_nonce']);

function wantsHtml(req: Request): boolean {
  return req.accepts(['json', 'html']) === 'html';
}

/**
 * The one place errors are written out: OAuth errors as RFC JSON with no-store and WWW-Authenticate,
 * errors meant for a person as a readable page, and nothing unexpected leaks a stack trace.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private readonly refusals = new Logger('Refused');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    if (res.headersSent) return;

    if (exception instanceof ClientRedirectError) {
      this.logRefusal(req, exception.error);
      res.redirect(303, exception.location());
      return;
    }
    if (exception instanceof LoginRequired) {
      res.redirect(303, exception.loginUrl);
      return;
    }
    if (exception instanceof SetDeliveryError) {
      this.refusals.log({ event: 'request_refused', party: partyOfPath(req.path) ?? 'steward', status: 400, error: exception.err, reason: exception.description, msg: `${partyOfPath(req.path) ?? 'steward'} refused a security event (${exception.err}): ${exception.description}` });
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Language', 'en');
      res.status(400).json({ err: exception.err, description: exception.description });
      return;
    }
    if (exception instanceof TooManyAttemptsError) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (exception instanceof PageError) {
      if (exception.retryAfterSeconds) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
      if (wantsHtml(req)) this.page(res, exception.status, exception.title, exception.detail);
      else this.oauth(req, res, exception.status, { error: STATUS_CODES[exception.status] ?? 'invalid_request', error_description: exception.detail });
      return;
    }
    if (exception instanceof OAuthError) {
      this.logRefusal(req, exception);
      for (const [name, value] of Object.entries(exception.responseHeaders())) res.setHeader(name, value);
      this.oauth(req, res, exception.status, exception.toJSON(), exception.wwwAuthenticate());
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500 || status === 503) {
        const body = exception.getResponse();
        const message =
          typeof body === 'object' && body && 'message' in body ? String((body as { message: unknown }).message) : exception.message;
        this.oauth(req, res, status, { error: STATUS_CODES[status] ?? 'invalid_request', error_description: message });
        return;
      }
    }
    this.logger.error(`${req.method} ${req.path}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    this.oauth(req, res, 500, { error: 'server_error', error_description: 'The server met an unexpected condition.' });
  }

  /** One info line per refusal, with its reason: for a token (invalid, expired, revoked, not for here, bad proof) or any request. */
  private logRefusal(req: Request, e: OAuthError): void {
    const party = partyOfPath(req.path) ?? 'steward';
    const token = TOKEN_ERRORS.has(e.error);
    const reason = e.description ?? e.error;
    this.refusals.log({
      event: token ? 'token_refused' : 'request_refused',
      party,
      status: e.status,
      error: e.error,
      reason,
      msg: `${party} refused ${token ? 'a token' : 'the request'} (${e.error}): ${reason}`,
    });
  }

  private oauth(req: Request, res: Response, status: number, body: Record<string, string>, www?: string): void {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    if (www) res.setHeader('WWW-Authenticate', www);
    if (wantsHtml(req)) {
      this.page(res, status, TITLES[body.error] ?? body.error ?? 'Error', body.error_description ?? '');
      return;
    }
    res.status(status).json(body);
  }

  private page(res: Response, status: number, title: string, detail: string): void {
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).render('error', { title, detail, status });
  }
}
