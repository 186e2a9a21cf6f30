import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { RequestStrategy } from '../../common/auth/request.strategy.js';
import { BankTokenContext, BankTokenVerifier } from './bank-token.verifier.js';

/** Passport strategy "bank-token": the bank's access-token check, used through BankTokenGuard. */
@Injectable()
export class BankTokenStrategy extends PassportStrategy(RequestStrategy, 'bank-token') {
  constructor(private readonly verifier: BankTokenVerifier) {
    super();
  }

  validate(req: Request, options: { scope?: string }): Promise<BankTokenContext> {
    return this.verifier.verify(String(req.params.bankId), String(req.params.accountId), req.headers.authorization, options.scope ?? 'accounts:read');
  }
}
