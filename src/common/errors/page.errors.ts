/** An error shown to a person as a readable page. */
export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}

/** The person must sign in first; answered with 303 to the login page. */
export class LoginRequired extends Error {
  constructor(readonly loginUrl: string) {
    super('login required');
  }
}
