import { Strategy } from 'passport';
import type { Request } from 'express';

type Verify = (req: Request, options: Record<string, unknown>, done: (err: unknown, user?: unknown, info?: unknown) => void) => void;

/**
 * A passport strategy that hands the whole request to its verify function, for checks that are not
 * "username and password" (here: a bank validating a JWT access token).
 */
export class RequestStrategy extends Strategy {
  constructor(private readonly verify: Verify) {
    super();
  }

  override authenticate(req: Request, options?: Record<string, unknown>): void {
    this.verify(req, options ?? {}, (err, user, info) => {
      if (err) return this.error(err as Error);
      if (!user) return this.fail(401);
      this.success(user, info as object | undefined);
    });
  }
}
