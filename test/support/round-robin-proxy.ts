import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  port: number;
  /** Which backend port answered each request, in order. */
  served: number[];
  /** The backend ports, set once the instances listen. */
  backends: number[];
  close(): Promise<void>;
}

/**
 * A load balancer on 127.0.0.1 for several instances: each request goes to the next backend in turn,
 * with its Host header kept, so every instance sees the one public URL.
 */
export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let next = 0;
  const proxy: RoundRobinProxy = { url: '', port: 0, served: [], backends: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const port = proxy.backends[next++ % proxy.backends.length];
    proxy.served.push(port);
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  proxy.url = `http://localhost:${proxy.port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
