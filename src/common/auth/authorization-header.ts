/** What a request's Authorization header holds, read once for every guard (RFC 9110 §11.6.2). */
export type PresentedCredentials =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | { kind: 'other'; scheme: string }
  | { kind: 'malformed' };

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Reads the Authorization header. The scheme is case-insensitive (RFC 9110 §11.1), so `bearer` and
 * `BEARER` are Bearer; the credentials must be one RFC 6750 §2.1 b64token after a single space.
 */
export function presentedCredentials(header: unknown): PresentedCredentials {
  if (header === undefined || header === '') return { kind: 'none' };
  if (typeof header !== 'string') return { kind: 'malformed' };
  const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?: (.*))?$/.exec(header);
  if (!match) return { kind: 'malformed' };
  const scheme = match[1];
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'other', scheme };
  const token = match[2] ?? '';
  return B64TOKEN.test(token) ? { kind: 'bearer', token } : { kind: 'malformed' };
}
