import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { RealmOf, RequestWithSession, SESSION_REALM } from './session.decorators.js';
import { CSRF_COOKIE, SESSION_COOKIE, SessionStore } from './session.store.js';

/** Loads the party's session before the handler and saves it before the response is written. */
@Injectable()
export class SessionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: SessionStore,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const realmOf = this.reflector.getAllAndOverride<RealmOf | undefined>(SESSION_REALM, [ctx.getHandler(), ctx.getClass()]);
    if (!realmOf) return next.handle();
    const req = ctx.switchToHttp().getRequest<RequestWithSession>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const cookies = (req as { cookies?: Record<string, unknown> }).cookies ?? {};
    const session = await this.store.load(realmOf(req), cookies[SESSION_COOKIE], cookies[CSRF_COOKIE]);
    req.webSession = session;
    return next.handle().pipe(
      mergeMap((value) => from(this.store.commit(session, res).then(() => value))),
      catchError((err: unknown) => from(this.store.commit(session, res).then(() => Promise.reject(err)))),
    );
  }
}
