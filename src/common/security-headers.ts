import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Headers every answer carries, set by helmet (a well-kept library that tracks what browsers support)
 * with Steward's own policy: no framing (clickjacking, RFC 9700 §4.16), no referrer leaking codes
 * (RFC 9700 §4.2.4), no sniffing, no inline script, a browsing-context group and resources of our own
 * (cross-origin opener and resource policies), and HSTS — but only when served over https, where it means
 * something (RFC 6797 §7.2: not over plain http).
 */
export function securityHeaders(https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      // Not helmet's defaults: `form-action 'self'` would stop the browser from following the AS's 303 to a
      // client's redirect URI after consent, and `upgrade-insecure-requests` breaks http://localhost.
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  }) as RequestHandler;
}
