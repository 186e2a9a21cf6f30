import type { WebSession } from './web-session.js';

const KEY = '_triedUsername';

/**
 * After a wrong password the sign-in form shows the username again (only the password is retyped).
 * Kept for one page view, in the server-side session only; never the password.
 */
export function keepTriedUsername(session: WebSession, username: unknown): void {
  if (typeof username === 'string' && username.length <= 128) session.set(KEY, username);
}

export function takeTriedUsername(session: WebSession): string | undefined {
  const username = session.get<string>(KEY);
  if (username !== undefined) session.set(KEY, undefined);
  return username;
}
