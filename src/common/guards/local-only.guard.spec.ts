import type { Request } from 'express';
import { fromThisMachine } from './local-only.guard.js';

const PUBLIC_URL = 'http://localhost:3000';
const req = (remoteAddress: string, headers: Record<string, string> = {}) => ({ socket: { remoteAddress }, headers: { host: 'localhost:3000', ...headers } }) as unknown as Request;

describe('fromThisMachine (the demo controls)', () => {
  it('a loopback connection with the Host of PUBLIC_URL and no proxy header is this machine', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect({ a, local: fromThisMachine(req(a), PUBLIC_URL) }).toEqual({ a, local: true });
  });

  it('another address, a forwarding header (a proxy on this host) or another Host (DNS rebinding) is not', () => {
    expect(fromThisMachine(req('203.0.113.9'), PUBLIC_URL)).toBe(false);
    expect(fromThisMachine(req('10.0.0.5'), PUBLIC_URL)).toBe(false);
    expect(fromThisMachine(req('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), PUBLIC_URL)).toBe(false);
    expect(fromThisMachine(req('127.0.0.1', { forwarded: 'for=203.0.113.9' }), PUBLIC_URL)).toBe(false);
    expect(fromThisMachine(req('127.0.0.1', { host: 'attacker.example' }), PUBLIC_URL)).toBe(false);
  });
});
