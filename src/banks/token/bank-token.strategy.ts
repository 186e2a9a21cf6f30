import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { RequestStrategy } from '../../common/auth/request.strategy.js';
import { BankTokenContext, BankTokenVerifier } from './bank-token.verifier.js';

/** Where BankTokenGuard leaves its app's verifier on the request. */
export const VERIFIER = Symbol('steward:bank-token-verifier');
export type RequestWithVerifier = Request & { [VERIFIER]?: BankTokenVerifier };

/**
 * Passport strategy "bank-token": the bank's access-token check, used through BankTokenGuard.
 * Passport keeps strategies in one process-wide registry, so the verifier comes with the request
 * (from the guard of the app handling it), not from whichever app registered the strategy last.
 */
@Injectable()
export class BankTokenStrategy extends PassportStrategy(RequestStrategy, 'bank-token') {
  constructor(private readonly verifier: BankTokenVerifier) {
    super();
  }

  validate(req: RequestWithVerifier, options: { scope?: string }): Promise<BankTokenContext> {
    const verifier = req[VERIFIER] ?? this.verifier;
    const part = /\/transactions\/?$/.test(req.path) ? 'transactions' : 'account';
    return verifier.verify(String(req.params.bankId), String(req.params.accountId), req.headers.authorization, options.scope ?? 'accounts:read', part, {
      proof: req.headers.dpop,
      htm: req.method,
    });
  }
}
