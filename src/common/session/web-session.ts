import { randomToken, safeEqual } from '../crypto/secrets.js';
import { PageError } from '../errors/page.errors.js';

export interface SessionRealm {
  /** Which party owns the session, e.g. "as", "grapher", "bank:norma". */
  name: string;
  /** Cookie path: each party's cookie is only sent to its own base URL. */
  path: string;
}

/** One party's session with one browser. Persisted after the handler runs, whether it succeeded or not. */
export class WebSession {
  regenerateRequested = false;
  destroyRequested = false;

  constructor(
    readonly realm: SessionRealm,
    readonly id: string | undefined,
    public data: Record<string, unknown>,
    readonly loadedJson: string,
  ) {}

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

  /** Synchronizer token for this session's forms. */
  csrfToken(): string {
    let token = this.get<string>('_csrf');
    if (!token) {
      token = randomToken();
      this.set('_csrf', token);
    }
    return token;
  }

  assertCsrf(presented: unknown): void {
    const expected = this.get<string>('_csrf');
    if (!expected || typeof presented !== 'string' || !safeEqual(expected, presented)) {
      throw new PageError(403, 'This form has expired', 'The page was open too long or came from another site. Go back, reload it and try again.');
    }
  }
}
