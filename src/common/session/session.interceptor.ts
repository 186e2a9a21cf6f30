import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { RequestWithSession } from './session.decorators.js';
import { SessionStore } from './session.store.js';

/** Saves the session SessionGuard loaded before the response is written, whether the handler succeeded or not. */
@Injectable()
export class SessionInterceptor implements NestInterceptor {
  constructor(private readonly store: SessionStore) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const session = ctx.switchToHttp().getRequest<RequestWithSession>().webSession;
    if (!session) return next.handle();
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap((value) => from(this.store.commit(session, res).then(() => value))),
      catchError((err: unknown) => from(this.store.commit(session, res).then(() => Promise.reject(err)))),
    );
  }
}
