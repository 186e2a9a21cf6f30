import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { RequestWithSession } from '../common/session/session.decorators.js';
import type { WebSession } from '../common/session/web-session.js';

/** The HttpOnly cookie that lets this browser come back to its connection after the session ends. */
export const REMEMBER_COOKIE = 'grapher_remember';

/** What Grapher's services need of a browser's request: its Grapher session and its "remember me" key. */
export interface Visit {
  session: WebSession;
  rememberKey?: string;
}

/** The browser's visit, taken from the request in the controller so that no service sees Express objects. */
export const CurrentVisit = createParamDecorator((_: unknown, ctx: ExecutionContext): Visit => {
  const req = ctx.switchToHttp().getRequest<RequestWithSession>();
  if (!req.webSession) throw new Error('@CurrentVisit() used on a route without @UseSession()');
  const key = (req.cookies as Record<string, unknown> | undefined)?.[REMEMBER_COOKIE];
  return { session: req.webSession, rememberKey: typeof key === 'string' ? key : undefined };
});
