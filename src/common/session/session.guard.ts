import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { RealmOf, RequestWithSession, SESSION_REALM } from './session.decorators.js';
import { CSRF_COOKIE, SESSION_COOKIE, SessionStore } from './session.store.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The synchronizer token a request presents: the form field `_csrf`, or the `x-csrf-token` header (for script). */
function presentedCsrf(req: RequestWithSession): unknown {
  const header = req.headers['x-csrf-token'];
  if (header !== undefined) return header;
  const body = req.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' ? body._csrf : undefined;
}

/**
 * Runs first on every route of a party with browser sessions (@UseSession): loads the party's session, and
 * refuses any state-changing request that does not carry the session's CSRF token (RFC 9700 §4.7; OWASP
 * synchronizer token) — before any other guard, pipe or handler runs. SessionInterceptor saves it afterwards.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: SessionStore,
    private readonly modules: ModuleRef,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const realmOf = this.reflector.getAllAndOverride<RealmOf | undefined>(SESSION_REALM, [ctx.getHandler(), ctx.getClass()]);
    if (!realmOf) return true;
    const req = ctx.switchToHttp().getRequest<RequestWithSession>();
    const cookies = (req as { cookies?: Record<string, unknown> }).cookies ?? {};
    const realm = realmOf(req, (type) => this.modules.get(type, { strict: false }));
    if (!realm) throw new NotFoundException('not found');
    const session = await this.store.load(realm, cookies[SESSION_COOKIE], cookies[CSRF_COOKIE]);
    req.webSession = session;
    if (!SAFE_METHODS.has(req.method)) session.assertCsrf(presentedCsrf(req));
    return true;
  }
}
