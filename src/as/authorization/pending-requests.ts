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

/** A request the person has answered: what the back button finds at its consent page. */
export interface AnsweredRequest {
  app: string;
  decision: 'allow' | 'deny';
  at: number;
  /** Where the person started: the app's redirect URI, its last path segment dropped (…/grapher/callback → …/grapher/). */
  backTo: string;
}

const ANSWERED = 'answered';

/** The newest five answered requests of this AS session, so the back button after Allow says "done", not "expired". */
export const answeredRequests = {
  get(session: WebSession, rid: string): AnsweredRequest | undefined {
    return session.get<Record<string, AnsweredRequest>>(ANSWERED)?.[rid];
  },

  put(session: WebSession, rid: string, answer: AnsweredRequest): void {
    const all = { ...(session.get<Record<string, AnsweredRequest>>(ANSWERED) ?? {}), [rid]: answer };
    const newest = Object.entries(all).sort((a, b) => b[1].at - a[1].at).slice(0, MAX_PENDING);
    session.set(ANSWERED, Object.fromEntries(newest));
  },
};
