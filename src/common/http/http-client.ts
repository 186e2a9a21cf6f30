import { Injectable } from '@nestjs/common';

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
 * Every call one party makes to another goes through here: real HTTP, a timeout and a size bound,
 * no redirects followed, and a JSON body or a clear OutboundError.
 */
@Injectable()
export class HttpClient {
  async json<T = unknown>(url: string, opts: OutboundOptions = {}): Promise<OutboundResponse<T>> {
    const { method = opts.form || opts.json !== undefined ? 'POST' : 'GET', timeoutMs = 5000, maxBytes = 1 << 20 } = opts;
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    let body: string | undefined;
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.form).toString();
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'unreachable';
      throw new OutboundError(`${method} ${url}: ${reason}`, url);
    }
    const text = await readBounded(res, maxBytes, url);
    if (res.status === 204 || text === '') return { status: res.status, headers: res.headers, body: undefined as T };
    try {
      return { status: res.status, headers: res.headers, body: JSON.parse(text) as T };
    } catch {
      throw new OutboundError(`${method} ${url}: answered ${res.status} with a body that is not JSON`, url, res.status);
    }
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
