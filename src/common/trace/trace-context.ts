import { AsyncLocalStorage } from 'node:async_hooks';

/** Which party is handling the current request, so its outbound calls can be drawn as coming from it. */
export const traceContext = new AsyncLocalStorage<{ party: string }>();

/** The party behind a path of this server: the AS, a bank, Grapher — or none (landing page, assets, the demo). */
export function partyOfPath(path: string): string | undefined {
  if (path === '/as' || path.startsWith('/as/') || path.startsWith('/.well-known/oauth-authorization-server') || path.startsWith('/.well-known/webfinger')) return 'as';
  const bank = /^\/banks\/([a-z0-9-]{1,32})(?:\/|$)/.exec(path);
  if (bank) return `bank:${bank[1]}`;
  if (path === '/grapher' || path.startsWith('/grapher/')) return 'grapher';
  return undefined;
}
