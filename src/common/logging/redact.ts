/** Query and form parameters whose values are secrets (RFC 6749, 7009, 7521/7523, 7636, 7662, 9101, 9449). */
const SECRET_PARAMS = new Set([
  'code',
  'code_verifier',
  'access_token',
  'refresh_token',
  'id_token',
  'id_token_hint',
  'token',
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'request',
  'state',
  'dpop',
]);

export const REDACTED = '[redacted]';

/** A URL (path and query) fit for a log line: the value of every secret parameter replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of new Set(params.keys())) if (SECRET_PARAMS.has(key.toLowerCase())) params.set(key, REDACTED);
  return `${url.slice(0, q)}?${params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED)}`;
}

/**
 * Paths pino censors in every line, wherever a field of that name appears one level down (headers,
 * bodies, fields a log call adds): Authorization, cookies, DPoP proofs, tokens, passwords, client secrets.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.dpop',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  ...[...SECRET_PARAMS, 'authorization', 'cookie', 'secret'].flatMap((name) => [name, `*.${name}`]),
];
