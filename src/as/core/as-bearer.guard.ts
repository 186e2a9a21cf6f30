import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { BearerAuthService, BearerContext } from './bearer-auth.service.js';

const SCOPES_KEY = 'steward:as-bearer-scopes';
const CONTEXT = Symbol('steward:as-bearer');
type RequestWithBearer = Request & { [CONTEXT]?: BearerContext };

/**
 * Authenticates an access token of this AS before any pipe reads the body (RFC 6750 §2.1, §3.1): 401
 * without or with a bad token, 403 insufficient_scope without one of the route's scopes.
 */
@Injectable()
export class AsBearerGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: BearerAuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const scopes = this.reflector.getAllAndOverride<string[]>(SCOPES_KEY, [ctx.getHandler(), ctx.getClass()]) ?? [];
    const req = ctx.switchToHttp().getRequest<RequestWithBearer>();
    req[CONTEXT] = await this.bearer.authenticate(req.headers.authorization, scopes);
    return true;
  }
}

/** The route needs an access token of this AS carrying at least one of these scopes. */
export const AsBearer = (...anyOfScopes: string[]) => applyDecorators(SetMetadata(SCOPES_KEY, anyOfScopes), UseGuards(AsBearerGuard));

/** The token, grant and scopes AsBearerGuard authenticated. */
export const BearerGrant = createParamDecorator((_: unknown, ctx: ExecutionContext): BearerContext => {
  const context = ctx.switchToHttp().getRequest<RequestWithBearer>()[CONTEXT];
  if (!context) throw new Error('@BearerGrant() used on a route without @AsBearer()');
  return context;
});
