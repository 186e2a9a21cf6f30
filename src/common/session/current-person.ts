import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

const PERSON = Symbol('steward:current-person');
type RequestWithPerson = Request & { [PERSON]?: unknown };

/** Left on the request by a party's sign-in guard (the AS's SignedInGuard, a bank's BankCustomerGuard). */
export function setCurrentPerson(req: Request, person: unknown): void {
  (req as RequestWithPerson)[PERSON] = person;
}

/** The person signed in to this party, as its sign-in guard found them; the route never runs without one. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const person = ctx.switchToHttp().getRequest<RequestWithPerson>()[PERSON];
  if (person === undefined) throw new Error('@CurrentUser() used on a route without a sign-in guard');
  return person;
});
