import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ConnectionsService } from './connections.service.js';
import { SignedIn, SignInService } from './oauth/sign-in.service.js';
import type { Visit } from './visit.js';

/** Grapher's pages around the OAuth flow. */
@Injectable()
export class GrapherService {
  constructor(
    private readonly signIn: SignInService,
    private readonly connections: ConnectionsService,
    private readonly config: AppConfig,
  ) {}

  async home(visit: Visit) {
    const { session } = visit;
    const connection = await this.connections.current(visit);
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

  connect(visit: Visit, issuer: string): Promise<string> {
    return this.signIn.start(visit, issuer);
  }

  /** The picture's address, and the new "remember me" key for the browser's cookie. */
  async callback(visit: Visit, query: Record<string, unknown>): Promise<{ next: string; signedIn: SignedIn }> {
    return { next: `${this.config.grapherUrl}/picture`, signedIn: await this.signIn.finish(visit, query) };
  }

  async disconnect(visit: Visit): Promise<string> {
    await this.connections.disconnect(visit);
    visit.session.flash('Disconnected: Grapher revoked its access at your authorization server and forgot its tokens.');
    return this.config.grapherUrl;
  }
}
