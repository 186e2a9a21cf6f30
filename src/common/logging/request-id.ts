import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The header that carries a request's id: answered on every response, sent on every outbound call. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The id of the request being handled, for log lines and outbound calls made on its behalf. */
export const requestContext = new AsyncLocalStorage<{ id: string }>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.id;
}

/**
 * A caller's id is kept when it is well formed (so one id follows a call from Grapher through the AS and
 * each bank, and an outside party can correlate with its own logs); anything else gets a fresh UUID.
 * The narrow alphabet keeps a hostile id from forging log lines.
 */
export function requestIdOf(incoming: unknown): string {
  return typeof incoming === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming) ? incoming : randomUUID();
}
