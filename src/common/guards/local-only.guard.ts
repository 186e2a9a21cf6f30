import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../../config/app-config.js';
import { PageError } from '../errors/page.errors.js';

const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * Whether a request comes from the machine Steward runs on: a loopback peer address (trust proxy is off,
 * so this is the socket's), no proxy in between (a proxy on the same host would make every visitor look
 * local, so any forwarding header disqualifies), and the Host the person opened (PUBLIC_URL's), so that a
 * web page whose name was rebound to 127.0.0.1 (DNS rebinding) does not count.
 */
export function fromThisMachine(req: Request, publicUrl: string): boolean {
  const peer = req.socket?.remoteAddress ?? '';
  const forwarded = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host'].some((h) => req.headers[h] !== undefined);
  return LOOPBACK.test(peer) && !forwarded && req.headers.host === new URL(publicUrl).host;
}

export class NotFromThisMachineError extends PageError {
  constructor(what: string) {
    super(403, 'Only on the machine running Steward', `${what} is a demo control for the person running Steward on this machine: open it on the same computer (loopback), not over the network.`);
  }
}

/**
 * DEMO ONLY: the controls that hand out or destroy things (reveal secrets, reset, a bank's outage switch)
 * answer only requests from this machine. See README, "The guided tour and live trace", for why.
 */
@Injectable()
export class LocalOnlyGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (!fromThisMachine(ctx.switchToHttp().getRequest<Request>(), this.config.publicUrl)) throw new NotFromThisMachineError('This switch');
    return true;
  }
}
