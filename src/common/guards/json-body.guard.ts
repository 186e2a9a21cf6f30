import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidRequestError } from '../errors/oauth.errors.js';

/**
 * RFC 7591 §3.1 and UMA 2.0 FedAuthz §3.2: the body is JSON. A form body is refused, so that no other
 * web page can make a browser register a client or a resource with a plain HTML form.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!req.is('application/json')) throw new InvalidRequestError('the body must be application/json');
    return true;
  }
}
