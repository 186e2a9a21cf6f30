import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { RequestWithSession } from '../common/session/session.decorators.js';
import { AppConfig } from '../config/app-config.js';
import { GrapherOAuthService } from './grapher-oauth.service.js';

/** Grapher's pages around the OAuth flow. */
@Injectable()
export class GrapherService {
  constructor(
    private readonly oauth: GrapherOAuthService,
    private readonly config: AppConfig,
  ) {}

  async home(req: RequestWithSession) {
    const session = req.webSession!;
    const connection = await this.oauth.current(req);
    return {
      title: 'Grapher',
      csrf: session.csrfToken(),
      notice: session.takeFlash(),
      connected: !!connection,
      issuer: connection?.issuer,
      reconnect: connection ? undefined : session.get<string>('reconnect'),
      defaultIssuer: this.config.asIssuer,
      acctExample: `acct:nat@${this.config.publicHost}`,
    };
  }

  connect(req: RequestWithSession, issuer: string): Promise<string> {
    return this.oauth.start(req, issuer);
  }

  async callback(req: RequestWithSession, res: Response): Promise<string> {
    await this.oauth.finish(req, res);
    return `${this.config.grapherUrl}/picture`;
  }

  async disconnect(req: RequestWithSession, res: Response): Promise<string> {
    await this.oauth.disconnect(req, res);
    req.webSession!.flash('Disconnected: Grapher revoked its access at your authorization server and forgot its tokens.');
    return this.config.grapherUrl;
  }
}
