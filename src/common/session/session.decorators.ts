import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionRealm, WebSession } from './web-session.js';

export const SESSION_REALM = 'steward:session-realm';
/** The party's realm for this request, or undefined when the route's party does not exist (404). */
export type RealmOf = (req: Request, lookup: <T>(type: new (...args: never[]) => T) => T) => SessionRealm | undefined;

/** The controller's routes get a browser session of this party (see SessionInterceptor). */
export const UseSession = (realm: RealmOf) => SetMetadata(SESSION_REALM, realm);

export type RequestWithSession = Request & { webSession?: WebSession };

export const Session = createParamDecorator((_: unknown, ctx: ExecutionContext): WebSession => {
  const session = ctx.switchToHttp().getRequest<RequestWithSession>().webSession;
  if (!session) throw new Error('@Session() used on a route without @UseSession()');
  return session;
});
