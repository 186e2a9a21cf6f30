import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidRequestError } from '../errors/oauth.errors.js';

/**
 * RFC 6749 §3.2, RFC 7009 §2.1, RFC 7662 §2.1: the request body is application/x-www-form-urlencoded,
 * and (RFC 6749 §3.2) parameters sent without a value MUST be treated as if they were omitted.
 */
@Injectable()
export class FormEncodedGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!req.is('application/x-www-form-urlencoded')) throw new InvalidRequestError('the body must be application/x-www-form-urlencoded');
    const body = req.body as Record<string, unknown>;
    for (const key of Object.keys(body)) if (body[key] === '') delete body[key];
    return true;
  }
}
