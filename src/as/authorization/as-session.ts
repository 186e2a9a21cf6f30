import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { LoginRequired } from '../../common/errors/page.errors.js';
import { setCurrentPerson } from '../../common/session/current-person.js';
import { RequestWithSession, UseSession } from '../../common/session/session.decorators.js';
import { AsUrls } from '../core/as-urls.js';

/** The AS's browser session: its own cookie, sent only to /as. */
export const AsSession = () => UseSession(() => ({ name: 'as', path: '/as' }));

/** The person must be signed in at the AS (else 303 to the sign-in page); @CurrentUser() is their user id. */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly urls: AsUrls) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<RequestWithSession>();
    const userId = req.webSession?.get<string>('userId');
    if (!userId) throw new LoginRequired(this.urls.login);
    setCurrentPerson(req, userId);
    return true;
  }
}
