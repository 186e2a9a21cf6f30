import { Injectable } from '@nestjs/common';
import type { WebSession } from '../../common/session/web-session.js';
import { FailureThrottle } from '../../common/throttle/failure-throttle.service.js';
import { throttledLogin } from '../../common/throttle/login-throttle.js';
import { AsUrls } from '../core/as-urls.js';
import { UserService } from '../core/user.service.js';
import { pendingRequests } from './pending-requests.js';
import { keepTriedUsername, takeTriedUsername } from '../../common/session/tried-username.js';

/** The person's sign-in at the AS. */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserService,
    private readonly urls: AsUrls,
    private readonly throttle: FailureThrottle,
  ) {}

  loginPage(session: WebSession, rid: string | undefined) {
    return { csrf: session.csrfToken(), rid: rid && pendingRequests.get(session, rid) ? rid : undefined, error: session.takeFlash(), username: takeTriedUsername(session), action: this.urls.login };
  }

  /** Where to go next: onwards (a new session id), or back to the login page with one message for every failure. */
  async login(session: WebSession, username: string, password: string, rid: string | undefined, address: string): Promise<string> {
    const waiting = rid && pendingRequests.get(session, rid) ? rid : undefined;
    const user = await throttledLogin(this.throttle, 'as', username, address, () => this.users.authenticate(username, password));
    if (!user) {
      session.flash('Wrong username or password.');
      keepTriedUsername(session, username);
      return waiting ? `${this.urls.login}?rid=${waiting}` : this.urls.login;
    }
    session.regenerate();
    session.set('userId', user.id);
    return waiting ? this.urls.consent(waiting) : this.urls.account;
  }

  logout(session: WebSession): string {
    session.destroy();
    return this.urls.issuer;
  }

  /** /as: the dashboard for a signed-in person, the sign-in form otherwise. */
  entry(session: WebSession): string {
    return session.get('userId') ? this.urls.account : this.urls.login;
  }
}
