import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { BankTokenVerifier } from './bank-token.verifier.js';
import type { BankTokenContext } from './bank-token.verifier.js';

const SCOPE_KEY = 'steward:bank-scope';
/** The scope a bank API route needs (RFC 6750 §3.1 insufficient_scope otherwise). */
export const RequiredScope = (scope: string) => SetMetadata(SCOPE_KEY, scope);

type BankRequest = Request & { bankToken?: BankTokenContext };

/**
 * A bank's access-token check (RFC 6750 §2.1 bearer, RFC 9449 §7 DPoP), before anything reads the request:
 * the verifier throws the RFC 6750 §3.1 error, which the exception filter writes with its challenge.
 *
 * A plain guard rather than a passport strategy: passport keeps strategies in one process-wide registry
 * (two apps in one process verified each other's tokens) and builds a strategy object and closures per
 * request, for nothing a bearer check needs (`npm run bench -- --profile=bank`: passport and
 * @nestjs/passport were 4.7 % of a bank call's CPU).
 */
@Injectable()
export class BankTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: BankTokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<BankRequest>();
    const scope = this.reflector.get<string | undefined>(SCOPE_KEY, ctx.getHandler()) ?? 'accounts:read';
    const part = /\/transactions\/?$/.test(req.path) ? 'transactions' : 'account';
    req.bankToken = await this.verifier.verify(String(req.params.bankId), String(req.params.accountId), req.headers.authorization, scope, part, {
      proof: req.headers.dpop,
      htm: req.method,
    });
    return true;
  }
}

/** The verified token of the request, as BankTokenGuard left it. */
export const BankToken = createParamDecorator((_: unknown, ctx: ExecutionContext): BankTokenContext => {
  const token = ctx.switchToHttp().getRequest<BankRequest>().bankToken;
  if (!token) throw new Error('@BankToken() needs BankTokenGuard on the route');
  return token;
});
