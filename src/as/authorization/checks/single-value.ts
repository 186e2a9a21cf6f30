import { InvalidRequestError } from '../../../common/errors/oauth.errors.js';

/** RFC 6749 §3.1: request parameters MUST NOT be included more than once. */
export function singleValue(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidRequestError(`${name} must be given once, as a string`);
  return value;
}
