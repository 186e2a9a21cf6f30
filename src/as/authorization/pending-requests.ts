import type { WebSession } from '../../common/session/web-session.js';
import type { PendingAuthorization } from './authorization-request.js';

const KEY = 'pending';
const MAX_PENDING = 5;

/** Authorization requests waiting for the person, kept server-side in the AS session (newest five). */
export const pendingRequests = {
  get(session: WebSession, rid: string): PendingAuthorization | undefined {
    return session.get<Record<string, PendingAuthorization>>(KEY)?.[rid];
  },

  put(session: WebSession, rid: string, request: PendingAuthorization): void {
    const all = { ...(session.get<Record<string, PendingAuthorization>>(KEY) ?? {}), [rid]: request };
    const newest = Object.entries(all).sort((a, b) => b[1].createdAt - a[1].createdAt).slice(0, MAX_PENDING);
    session.set(KEY, Object.fromEntries(newest));
  },

  remove(session: WebSession, rid: string): void {
    const all = { ...(session.get<Record<string, PendingAuthorization>>(KEY) ?? {}) };
    delete all[rid];
    session.set(KEY, all);
  },
};
