import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/**
 * A tiny HTTP server on 127.0.0.1 that a test controls: a fake authorization server, or a hostile one
 * that answers too much or never answers. Pass its `origin` in TRUSTED_LOCAL_ORIGINS so the app may call it.
 */
export interface LocalOrigin {
  origin: string;
  port: number;
  /** Paths requested so far (with query), in order. */
  readonly requests: string[];
  route(path: string, handler: Handler): void;
  close(): Promise<void>;
}

export function json(body: unknown, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

/**
 * Valid JSON of about `bytes` bytes: `body` with a padding member, so that only a size bound (not a parse
 * error) can stop a client from using it.
 */
export function paddedJson(body: Record<string, unknown>, bytes: number, declared: boolean): Handler {
  const base = JSON.stringify({ ...body, padding: '' });
  const text = JSON.stringify({ ...body, padding: ' '.repeat(Math.max(0, bytes - base.length)) });
  return (_req, res) => {
    res.writeHead(200, declared ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } : { 'content-type': 'application/json' });
    res.on('error', () => undefined);
    if (declared) return void res.end(text);
    for (let i = 0; i < text.length; i += 64 * 1024) res.write(text.slice(i, i + 64 * 1024));
    res.end();
  };
}

/** Accepts the request and never answers. */
export const hang: Handler = () => undefined;

/**
 * Answers at once with 200 and the start of a JSON body, then drips one space every `everyMs` and never
 * finishes: only a timeout that covers reading the body stops a client.
 */
export function drip(everyMs = 250): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.on('error', () => undefined);
    res.write('{"issuer":');
    const timer = setInterval(() => res.write(' '), everyMs);
    res.on('close', () => clearInterval(timer));
  };
}

export async function startLocalOrigin(): Promise<LocalOrigin> {
  const routes = new Map<string, Handler>();
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    const handler = routes.get(url.pathname);
    if (handler) return handler(req, res, url);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not_found"}');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    route: (path, handler) => void routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A bare TCP listener that only counts connections: proof that nothing was dialled. */
export interface ConnectionCounter {
  port: number;
  connections: number;
  close(): Promise<void>;
}

export async function startConnectionCounter(host = '127.0.0.1'): Promise<ConnectionCounter> {
  const sockets = new Set<Socket>();
  const counter: ConnectionCounter = { port: 0, connections: 0, close: async () => undefined };
  const server = createNetServer((s) => {
    counter.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  counter.port = (server.address() as AddressInfo).port;
  counter.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return counter;
}
