import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AsUrls } from './as-urls.js';
import { BearerAuthService, BearerContext } from './bearer-auth.service.js';

const SCOPES_KEY = 'steward:as-bearer-scopes';
const DPOP_KEY = 'steward:as-bearer-dpop';
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
    private readonly urls: AsUrls,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const scopes = this.reflector.getAllAndOverride<string[]>(SCOPES_KEY, [ctx.getHandler(), ctx.getClass()]) ?? [];
    const req = ctx.switchToHttp().getRequest<RequestWithBearer>();
    // A route that takes DPoP-bound tokens names its URL (the proof's htu, RFC 9449 §4.3), relative to the issuer.
    const dpopPath = this.reflector.getAllAndOverride<string | undefined>(DPOP_KEY, [ctx.getHandler(), ctx.getClass()]);
    const dpop = dpopPath === undefined ? undefined : { proof: req.headers.dpop, htm: req.method, htu: `${this.urls.issuer}${dpopPath}` };
    req[CONTEXT] = await this.bearer.authenticate(req.headers.authorization, scopes, dpop);
    return true;
  }
}

/** The route needs an access token of this AS carrying at least one of these scopes. */
export const AsBearer = (...anyOfScopes: string[]) => applyDecorators(SetMetadata(SCOPES_KEY, anyOfScopes), UseGuards(AsBearerGuard));

/**
 * The route also takes DPoP-bound tokens (RFC 9449 §7.1), and requires the proof of one: `path` is the
 * route's path below the issuer (its htu), e.g. "/intro".
 */
export const AcceptsDpop = (path: string) => SetMetadata(DPOP_KEY, path);

/** The token, grant and scopes AsBearerGuard authenticated. */
export const BearerGrant = createParamDecorator((_: unknown, ctx: ExecutionContext): BearerContext => {
  const context = ctx.switchToHttp().getRequest<RequestWithBearer>()[CONTEXT];
  if (!context) throw new Error('@BearerGrant() used on a route without @AsBearer()');
  return context;
});
