/** What a request's Authorization header holds, read once for every guard (RFC 9110 §11.6.2). */
export type PresentedCredentials =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  /** RFC 9449 §7.1: `Authorization: DPoP <token>`, whose proof is in the DPoP header. */
  | { kind: 'dpop'; token: string }
  | { kind: 'other'; scheme: string }
  | { kind: 'malformed'; scheme?: 'bearer' | 'dpop' };

/** RFC 6750 §2.1 b64token (RFC 9449 §7.1 uses the same token68 syntax). */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Reads the Authorization header. The scheme is case-insensitive (RFC 9110 §11.1), so `bearer` and
 * `BEARER` are Bearer, `dpop` is DPoP; the credentials must be one b64token after a single space.
 */
export function presentedCredentials(header: unknown): PresentedCredentials {
  if (header === undefined || header === '') return { kind: 'none' };
  if (typeof header !== 'string') return { kind: 'malformed' };
  const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?: (.*))?$/.exec(header);
  if (!match) return { kind: 'malformed' };
  const scheme = match[1].toLowerCase();
  if (scheme !== 'bearer' && scheme !== 'dpop') return { kind: 'other', scheme: match[1] };
  const token = match[2] ?? '';
  if (!B64TOKEN.test(token)) return { kind: 'malformed', scheme };
  return scheme === 'dpop' ? { kind: 'dpop', token } : { kind: 'bearer', token };
}
