import { PageError } from '../errors/page.errors.js';
import { FailureThrottle, LOGIN_PER_ADDRESS, LOGIN_PER_USER } from './failure-throttle.service.js';

/**
 * Wraps one sign-in attempt. The attempt is counted against the user and the address before any password
 * work starts (so 20 concurrent guesses meet a limit of 5), refused when either is locked out, and its
 * count taken back if it succeeds.
 */
export async function throttledLogin<T>(throttle: FailureThrottle, realm: string, username: string, address: string, attempt: () => Promise<T | undefined>): Promise<T | undefined> {
  const userKey = `login:${realm}:${username.toLowerCase()}`;
  const addressKey = `login:${realm}@${address}`;
  const wait = await throttle.reserve([
    [userKey, LOGIN_PER_USER],
    [addressKey, LOGIN_PER_ADDRESS],
  ]);
  if (wait > 0) {
    throw new PageError(429, 'Too many attempts', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute(s).`, wait);
  }
  let result: T | undefined;
  try {
    result = await attempt();
  } catch (err) {
    // Not a wrong password: the attempt could not be judged.
    await throttle.release(userKey);
    await throttle.release(addressKey);
    throw err;
  }
  if (result !== undefined) {
    await throttle.succeed(userKey);
    await throttle.release(addressKey);
  }
  return result;
}
