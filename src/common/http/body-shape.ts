import type { NextFunction, Request, Response } from 'express';
import { InvalidRequestError } from '../errors/oauth.errors.js';

/** No request body Steward reads nests deeper than a few levels or holds more than a few hundred values. */
export const MAX_BODY_DEPTH = 20;
export const MAX_BODY_VALUES = 5000;

/**
 * The depth and number of values of a parsed JSON body, counted without recursion and stopping at the
 * first bound crossed, so a hostile body costs at most MAX_BODY_VALUES steps.
 */
export function bodyShapeProblem(body: unknown): string | undefined {
  const stack: [unknown, number][] = [[body, 1]];
  let values = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (++values > MAX_BODY_VALUES) return `the body holds more than ${MAX_BODY_VALUES} values`;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) return `the body nests deeper than ${MAX_BODY_DEPTH} levels`;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/**
 * Runs right after the body parsers, before routing, guards and the validation pipe: a body too deep or
 * too large in values is refused with 400 invalid_request (a page for a browser) before class-transformer
 * recurses through it.
 */
export function bodyShapeBound(req: Request, _res: Response, next: NextFunction): void {
  const problem = bodyShapeProblem(req.body);
  next(problem ? new InvalidRequestError(problem) : undefined);
}
