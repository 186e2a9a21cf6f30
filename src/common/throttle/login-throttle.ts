import { PageError } from '../errors/page.errors.js';
import { FailureThrottle, LOGIN_PER_ADDRESS, LOGIN_PER_USER } from './failure-throttle.service.js';

/** Wraps one sign-in attempt: refused before any password work when the user or address is locked out. */
export async function throttledLogin<T>(throttle: FailureThrottle, realm: string, username: string, address: string, attempt: () => Promise<T | undefined>): Promise<T | undefined> {
  const userKey = `login:${realm}:${username.toLowerCase()}`;
  const addressKey = `login:${realm}@${address}`;
  const wait = Math.max(throttle.retryAfter(userKey, LOGIN_PER_USER), throttle.retryAfter(addressKey, LOGIN_PER_ADDRESS));
  if (wait > 0) {
    throw new PageError(429, 'Too many attempts', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`, wait);
  }
  const result = await attempt();
  if (result === undefined) {
    throttle.fail(userKey, LOGIN_PER_USER);
    throttle.fail(addressKey, LOGIN_PER_ADDRESS);
  } else {
    throttle.succeed(userKey);
  }
  return result;
}
