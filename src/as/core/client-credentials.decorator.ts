import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ClientCredentials } from './client.service.js';

/** RFC 6749 §2.3.1: what the client presented to authenticate itself (header or body), and from where. */
export const ClientCreds = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientCredentials => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const body = (req.body ?? {}) as Record<string, unknown>;
  return { authorization: req.headers.authorization, clientId: body.client_id, clientSecret: body.client_secret, assertionType: body.client_assertion_type, assertion: body.client_assertion, address: req.ip ?? 'unknown' };
});
