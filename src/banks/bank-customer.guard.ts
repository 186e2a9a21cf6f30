import { CanActivate, ExecutionContext, Injectable, NotFoundException } from '@nestjs/common';
import { setCurrentPerson } from '../common/session/current-person.js';
import type { RequestWithSession } from '../common/session/session.decorators.js';
import { BankAuthService } from './bank-auth.service.js';
import { BankDirectory } from './bank-directory.js';

/** The bank's customer must be signed in at this bank (else 303 to its home page); @CurrentUser() is the customer. */
@Injectable()
export class BankCustomerGuard implements CanActivate {
  constructor(
    private readonly directory: BankDirectory,
    private readonly auth: BankAuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<RequestWithSession>();
    const bank = this.directory.find(req.params.bankId);
    if (!bank || !req.webSession) throw new NotFoundException('no such bank');
    setCurrentPerson(req, await this.auth.require(bank, req.webSession));
    return true;
  }
}
