import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { isIP } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
import { AppConfig } from '../../config/app-config.js';
import { isPrivateAddress, publicOnlyLookup } from './outbound-guard.js';

export class OutboundError extends Error {
  constructor(
    message: string,
    readonly url: string,
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
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * Every call one party makes to another goes through here: real HTTP, a timeout and a size bound, no
 * redirects followed, a JSON body or a clear OutboundError — and no request to a private, loopback or
 * link-local address unless its origin is trusted (PUBLIC_URL's, or TRUSTED_LOCAL_ORIGINS).
 */
@Injectable()
export class HttpClient implements OnModuleDestroy {
  private readonly guarded = new Agent({ connect: { lookup: publicOnlyLookup as never } });
  private readonly trusted = new Agent();

  constructor(private readonly config: AppConfig) {}

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.guarded.close(), this.trusted.close()]);
  }

  async json<T = unknown>(url: string, opts: OutboundOptions = {}): Promise<OutboundResponse<T>> {
    const { method = opts.form || opts.json !== undefined ? 'POST' : 'GET', timeoutMs = 5000, maxBytes = 1 << 20 } = opts;
    const target = this.checkTarget(url, method);
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    let body: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    const dispatcher = this.config.trustedLocalOrigins.has(target.origin) ? this.trusted : this.guarded;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), dispatcher });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause;
      const reason =
        (err as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : cause?.code === 'EBLOCKED'
            ? `refused: ${target.hostname} is a private address (SSRF protection; trust it with TRUSTED_LOCAL_ORIGINS)`
            : 'unreachable';
      throw new OutboundError(`${method} ${url}: ${reason}`, url);
    }
    const text = await readBounded(res, maxBytes, url);
    const plainHeaders = res.headers as unknown as Headers;
    if (res.status === 204 || text === '') return { status: res.status, headers: plainHeaders, body: undefined as T };
    try {
      return { status: res.status, headers: plainHeaders, body: JSON.parse(text) as T };
    } catch {
      throw new OutboundError(`${method} ${url}: answered ${res.status} with a body that is not JSON`, url, res.status);
    }
  }

  /** http(s) only; an address literal must be public unless its origin is trusted. */
  private checkTarget(url: string, method: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new OutboundError(`${method} ${url}: not a URL`, url);
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new OutboundError(`${method} ${url}: only http(s) URLs are fetched`, url);
    if (target.username || target.password) throw new OutboundError(`${method} ${url}: URLs with credentials are not fetched`, url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (!this.config.trustedLocalOrigins.has(target.origin) && isIP(host) && isPrivateAddress(host)) {
      throw new OutboundError(`${method} ${url}: refused: ${host} is a private address (SSRF protection; trust it with TRUSTED_LOCAL_ORIGINS)`, url);
    }
    return target;
  }
}

async function readBounded(res: Response, maxBytes: number, url: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new OutboundError(`${url}: response larger than ${maxBytes} bytes`, url, res.status);
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
      throw new OutboundError(`${url}: response larger than ${maxBytes} bytes`, url, res.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
