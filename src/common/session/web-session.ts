import { randomToken, safeEqual } from '../crypto/secrets.js';
import { PageError } from '../errors/page.errors.js';

export interface SessionRealm {
  /** Which party owns the session, e.g. "as", "grapher", "bank:norma". */
  name: string;
  /** Cookie path: each party's cookie is only sent to its own base URL. */
  path: string;
}

/**
 * One party's session with one browser. Persisted after the handler runs, whether it succeeded or not, and
 * only once there is something to keep: an anonymous visitor's forms carry a token kept in a cookie instead
 * (double-submit), so a page view writes no row.
 */
export class WebSession {
  regenerateRequested = false;
  destroyRequested = false;
  /** A form token given to an anonymous visitor in this request: the store sends it as the CSRF cookie. */
  issuedCsrfCookie?: string;

  constructor(
    readonly realm: SessionRealm,
    readonly id: string | undefined,
    public data: Record<string, unknown>,
    readonly loadedJson: string,
    /** The realm's CSRF cookie, as the browser sent it (see csrfToken). */
    readonly csrfCookie?: string,
  ) {}

  /** No session row yet: nothing has been kept for this browser. */
  get anonymous(): boolean {
    return this.id === undefined;
  }

  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }

  set(key: string, value: unknown): void {
    if (value === undefined) delete this.data[key];
    else this.data[key] = value;
  }

  /** A message for the next page this session renders (post/redirect/get). */
  flash(message: string): void {
    this.set('_flash', message);
  }

  takeFlash(): string | undefined {
    const message = this.get<string>('_flash');
    this.set('_flash', undefined);
    return message;
  }

  /** New session id, same data: call at login (session fixation defence). */
  regenerate(): void {
    this.regenerateRequested = true;
    delete this.data._csrf;
  }

  destroy(): void {
    this.destroyRequested = true;
    this.data = {};
  }

  /**
   * The token this browser's forms carry. With a session: the synchronizer token kept in it. Without one
   * (an anonymous visitor, e.g. on a sign-in form): a random token in a path-scoped, HttpOnly, SameSite=Lax
   * cookie, checked against the form by double-submit (OWASP), so that viewing a page writes nothing; it
   * becomes the session's token if this browser's session is created, and is dropped at sign-in.
   */
  csrfToken(): string {
    let token = this.get<string>('_csrf');
    if (token) return token;
    if (this.anonymous && !this.regenerateRequested) {
      token = this.csrfCookie ?? (this.issuedCsrfCookie ??= randomToken());
      return token;
    }
    token = randomToken();
    this.set('_csrf', token);
    return token;
  }

  /** The token to check a state-changing request against: the session's, or the CSRF cookie's while anonymous. */
  private expectedCsrf(): string | undefined {
    return this.get<string>('_csrf') ?? (this.anonymous ? this.csrfCookie : undefined);
  }

  /** Called by SessionGuard for every state-changing request of a session-using route. */
  assertCsrf(presented: unknown): void {
    const expected = this.expectedCsrf();
    if (!expected || typeof presented !== 'string' || !safeEqual(expected, presented)) {
      throw new PageError(403, 'This form has expired', 'The page was open too long or came from another site. Go back, reload it and try again.');
    }
  }
}
