import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidTokenError } from '../../common/errors/oauth.errors.js';
import { BearerAuthService } from '../core/bearer-auth.service.js';
import { AsUrls } from '../core/as-urls.js';
import { ClientService } from '../core/client.service.js';
import { PROTECTION_SCOPE } from '../core/scopes.js';

/** Whose resources a PAT may register: its person's, at its bank (the client's resource_server). */
export interface PatOwner {
  ownerId: string;
  clientId: string;
  resourceServer: string;
}

const OWNER = Symbol('steward:pat-owner');
type RequestWithOwner = Request & { [OWNER]?: PatOwner };

/**
 * UMA 2.0 Federated Authorization §3.2: the resource registration endpoint (and the SSF stream endpoint) is
 * protected by a PAT (an access token with scope uma_protection) of a client that registered a
 * resource_server — a bearer token, or a DPoP-bound one with its proof. Runs before the
 * body is validated, so a caller without a PAT learns nothing about the body (RFC 6750 §3.1).
 */
@Injectable()
export class PatGuard implements CanActivate {
  constructor(
    private readonly bearer: BearerAuthService,
    private readonly clients: ClientService,
    private readonly urls: AsUrls,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<RequestWithOwner>();
    // A FAPI 2.0 bank's PAT is DPoP-bound (RFC 9449 §7.1): the proof's htu is this request's URL below the
    // issuer (the AS's routes live under /as), e.g. <issuer>/uma/resource_set/<id>. Bearer PATs still pass.
    const dpop = { proof: req.headers.dpop, htm: req.method, htu: `${this.urls.issuer}${req.path.replace(/^\/as(?=\/)/, '')}` };
    const { token } = await this.bearer.authenticate(req.headers.authorization, [PROTECTION_SCOPE], dpop);
    const client = await this.clients.find(token.clientId);
    if (!client?.resourceServer) throw new InvalidTokenError('this PAT belongs to a client that registered no resource_server');
    req[OWNER] = { ownerId: token.userId, clientId: client.clientId, resourceServer: client.resourceServer };
    return true;
  }
}

/** The PAT's person and bank, as PatGuard authenticated them. */
export const Pat = createParamDecorator((_: unknown, ctx: ExecutionContext): PatOwner => {
  const owner = ctx.switchToHttp().getRequest<RequestWithOwner>()[OWNER];
  if (!owner) throw new Error('@Pat() used on a route without PatGuard');
  return owner;
});
