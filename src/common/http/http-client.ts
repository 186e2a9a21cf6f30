import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { isIP } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
import { AppConfig } from '../../config/app-config.js';
import { currentRequestId, REQUEST_ID_HEADER } from '../logging/request-id.js';
import { partyOfPath, traceContext } from '../trace/trace-context.js';
import { CALLER_HEADER, pickHeaders } from '../trace/trace.middleware.js';
import { TraceRecorder } from '../trace/trace.recorder.js';
import { isPrivateAddress, publicOnlyLookup } from './outbound-guard.js';

/** Why an outbound call failed, for callers that name the slow or broken party to a person. */
export type OutboundFailure = 'refused' | 'blocked' | 'timeout' | 'unreachable' | 'too_large' | 'not_json' | 'broken';

export class OutboundError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly kind: OutboundFailure,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface OutboundResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface OutboundOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  /** A form (application/x-www-form-urlencoded) or a JSON body. */
  form?: Record<string, string>;
  json?: unknown;
  /** Any other body, sent as is with its media type (a SET, RFC 8935 §2.1). */
  raw?: { type: string; text: string };
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * Every call one party makes to another goes through here: real HTTP, a timeout and a size bound, no
 * redirects followed, a JSON body or a clear OutboundError — and no request to a private, loopback or
 * link-local address unless its origin is trusted (one of this deployment's parties, or TRUSTED_LOCAL_ORIGINS).
 */
@Injectable()
export class HttpClient implements OnModuleDestroy {
  private readonly guarded = new Agent({ connect: { lookup: publicOnlyLookup as never } });
  private readonly trusted = new Agent();

  constructor(
    private readonly config: AppConfig,
    private readonly trace: TraceRecorder,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.guarded.close(), this.trusted.close()]);
  }

  async json<T = unknown>(url: string, opts: OutboundOptions = {}): Promise<OutboundResponse<T>> {
    const { method = opts.form || opts.json !== undefined || opts.raw ? 'POST' : 'GET', timeoutMs = 5000, maxBytes = 1 << 20 } = opts;
    const target = this.checkTarget(url, method);
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    // The request this call is made for, so the callee's log lines share its id.
    const requestId = currentRequestId();
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    let body: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.raw) {
      headers['content-type'] = opts.raw.type;
      body = opts.raw.text;
    }
    const dispatcher = this.config.trustedLocalOrigins.has(target.origin) ? this.trusted : this.guarded;
    const caller = traceContext.getStore()?.party ?? 'steward';
    const internal = this.config.isDeploymentUrl(target);
    if (internal) headers[CALLER_HEADER] = caller;
    const started = Date.now();
    const record = (status: number, responseHeaders: Record<string, string>, responseBody: unknown) => {
      if (!this.trace.enabled || caller === 'demo') return;
      this.trace.record({
        at: started,
        channel: 'back',
        from: caller,
        to: (internal && partyOfPath(target.pathname)) || target.host,
        method,
        url: internal ? target.pathname + target.search : url,
        status,
        durationMs: Date.now() - started,
        request: { headers: pickHeaders(headers, ['accept', 'content-type', 'authorization', 'dpop', REQUEST_ID_HEADER]), body: opts.form ?? opts.json ?? opts.raw?.text },
        response: { headers: responseHeaders, body: responseBody },
      });
    };
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), dispatcher });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      const [kind, reason]: [OutboundFailure, string] =
        (err as Error).name === 'TimeoutError'
          ? ['timeout', `no answer within ${timeoutMs} ms`]
          : cause?.code === 'EBLOCKED'
            ? ['blocked', `refused: ${target.hostname} is a private address (SSRF protection; trust it with TRUSTED_LOCAL_ORIGINS)`]
            : ['unreachable', 'unreachable'];
      record(0, {}, reason);
      throw new OutboundError(`${method} ${url}: ${reason}`, url, kind);
    }
    const plainHeaders = res.headers as unknown as Headers;
    const seenHeaders = () => pickHeaders(Object.fromEntries(plainHeaders.entries()), ['content-type', 'location', 'www-authenticate', 'cache-control', 'dpop-nonce']);
    let text: string;
    try {
      text = await readBounded(res, maxBytes, url);
    } catch (err) {
      // The timeout covers the whole exchange: a body that drips past it, or a connection cut while the
      // body is read, is this client's typed error like any other failure, never an unwrapped abort.
      const wrapped =
        err instanceof OutboundError
          ? err
          : (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError'
            ? new OutboundError(`${method} ${url}: no complete answer within ${timeoutMs} ms`, url, 'timeout', res.status)
            : new OutboundError(`${method} ${url}: the connection broke while the answer was read`, url, 'broken', res.status);
      record(res.status, seenHeaders(), wrapped.message);
      throw wrapped;
    }
    if (res.status === 204 || text === '') {
      record(res.status, seenHeaders(), undefined);
      return { status: res.status, headers: plainHeaders, body: undefined as T };
    }
    try {
      const parsed = JSON.parse(text) as T;
      record(res.status, seenHeaders(), parsed);
      return { status: res.status, headers: plainHeaders, body: parsed };
    } catch {
      record(res.status, seenHeaders(), text.slice(0, 200));
      throw new OutboundError(`${method} ${url}: answered ${res.status} with a body that is not JSON`, url, 'not_json', res.status);
    }
  }

  /** http(s) only; an address literal must be public unless its origin is trusted. */
  private checkTarget(url: string, method: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new OutboundError(`${method} ${url}: not a URL`, url, 'refused');
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new OutboundError(`${method} ${url}: only http(s) URLs are fetched`, url, 'refused');
    if (target.username || target.password) throw new OutboundError(`${method} ${url}: URLs with credentials are not fetched`, url, 'refused');
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (!this.config.trustedLocalOrigins.has(target.origin) && isIP(host) && isPrivateAddress(host)) {
      throw new OutboundError(`${method} ${url}: refused: ${host} is a private address (SSRF protection; trust it with TRUSTED_LOCAL_ORIGINS)`, url, 'blocked');
    }
    return target;
  }
}

async function readBounded(res: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new OutboundError(`${url}: response larger than ${maxBytes} bytes`, url, 'too_large', res.status);
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new OutboundError(`${url}: response larger than ${maxBytes} bytes`, url, 'too_large', res.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
