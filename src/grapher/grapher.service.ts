import { Injectable } from '@nestjs/common';
import type { RequestWithSession } from '../common/session/session.decorators.js';
import type { WebSession } from '../common/session/web-session.js';
import { AppConfig } from '../config/app-config.js';
import { GrapherOAuthService } from './grapher-oauth.service.js';

/** Grapher's pages around the OAuth flow. */
@Injectable()
export class GrapherService {
  constructor(
    private readonly oauth: GrapherOAuthService,
    private readonly config: AppConfig,
  ) {}

  async home(session: WebSession) {
    const connection = await this.oauth.current(session);
    return {
      csrf: session.csrfToken(),
      connected: !!connection,
      issuer: connection?.issuer,
      defaultIssuer: this.config.asIssuer,
      acctExample: `acct:nat@${this.config.publicHost}`,
    };
  }

  connect(req: RequestWithSession, issuer: string): Promise<string> {
    return this.oauth.start(req, issuer);
  }

  async callback(req: RequestWithSession): Promise<string> {
    await this.oauth.finish(req);
    return `${this.config.grapherUrl}/picture`;
  }

  async disconnect(session: WebSession): Promise<string> {
    await this.oauth.disconnect(session);
    return this.config.grapherUrl;
  }
}
