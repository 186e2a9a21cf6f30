import type { Request, Response } from 'express';
import { securityHeaders } from './security-headers.js';

/** The headers the middleware sets on one answer. */
function headersOf(https: boolean): Record<string, string> {
  const set: Record<string, string> = {};
  const res = { setHeader: (k: string, v: string) => void (set[k.toLowerCase()] = String(v)), removeHeader: (k: string) => void delete set[k.toLowerCase()] };
  let called = false;
  securityHeaders(https)({} as Request, res as unknown as Response, () => (called = true));
  expect(called).toBe(true);
  return set;
}

describe('security headers (helmet, with Steward\'s policy)', () => {
  it('Steward\'s CSP: no inline script, no framing, no base or plugin tricks — and no form-action (the AS redirects to clients after a POST)', () => {
    const csp = headersOf(false)['content-security-policy'];
    for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(d);
    expect(csp).not.toMatch(/form-action|upgrade-insecure-requests|unsafe-eval/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('framing, referrer, sniffing and cross-origin policies on every answer', () => {
    expect(headersOf(false)).toMatchObject({
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    });
  });

  it('HSTS only when served over https (RFC 6797 §7.2)', () => {
    expect(headersOf(false)['strict-transport-security']).toBeUndefined();
    expect(headersOf(true)['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});
