import { createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { InvalidTokenError } from '../../common/errors/oauth.errors.js';
import { RequestWithVerifier, VERIFIER } from './bank-token.strategy.js';
import { BankTokenVerifier } from './bank-token.verifier.js';
import type { BankTokenContext } from './bank-token.verifier.js';

const SCOPE_KEY = 'steward:bank-scope';
/** The scope a bank API route needs (RFC 6750 §3.1 insufficient_scope otherwise). */
export const RequiredScope = (scope: string) => SetMetadata(SCOPE_KEY, scope);

@Injectable()
export class BankTokenGuard extends AuthGuard('bank-token') {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: BankTokenVerifier,
  ) {
    super();
  }

  override canActivate(ctx: ExecutionContext) {
    ctx.switchToHttp().getRequest<RequestWithVerifier>()[VERIFIER] = this.verifier;
    return super.canActivate(ctx);
  }

  override getAuthenticateOptions(ctx: ExecutionContext) {
    return { session: false, scope: this.reflector.get<string>(SCOPE_KEY, ctx.getHandler()) };
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err) throw err;
    if (!user) throw new InvalidTokenError('an access token is required');
    return user;
  }
}

/** The verified token of the request, as BankTokenGuard left it. */
export const BankToken = createParamDecorator((_: unknown, ctx: ExecutionContext): BankTokenContext => ctx.switchToHttp().getRequest<{ user: BankTokenContext }>().user);
