import { Injectable } from '@nestjs/common';
import { PageError } from '../common/errors/page.errors.js';
import { HttpClient, OutboundError } from '../common/http/http-client.js';
import type { WebSession } from '../common/session/web-session.js';
import { BankDataService, IntroEntry } from './bank-data.service.js';
import { GrapherConnectionEntity } from './entities/grapher-connection.entity.js';
import { GrapherOAuthService } from './grapher-oauth.service.js';
import { buildPicture } from './picture/aggregate.js';
import { balanceChart, institutionChart, netWorthChart } from './picture/charts.js';

export const PERIODS = [3, 12, 24];

/** Phase 4 (seed [20]–[22]): ask Intro where the data is, fetch it, draw the picture. */
@Injectable()
export class PictureService {
  constructor(
    private readonly oauth: GrapherOAuthService,
    private readonly banks: BankDataService,
    private readonly http: HttpClient,
  ) {}

  async picture(session: WebSession, months: number) {
    const connection = await this.oauth.current(session);
    if (!connection) return { connected: false };
    const intro = await this.intro(connection);
    if (!intro) {
      session.set('connectionId', undefined);
      return { connected: false, expired: true };
    }
    const asOf = new Date();
    const since = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - months, 1));
    const { accounts, failures } = await this.banks.fetchAll(intro, since);
    const picture = buildPicture(accounts, asOf, months);
    return {
      connected: true,
      issuer: connection.issuer,
      months,
      periods: PERIODS.map((p) => ({ months: p, current: p === months })),
      picture,
      failures,
      banksAsked: Object.keys(intro).length,
      charts: accounts.length
        ? { netWorth: netWorthChart(picture), balances: balanceChart(picture), institutions: institutionChart(picture) }
        : undefined,
      csrf: session.csrfToken(),
    };
  }

  /** Intro with the access token; refreshed once if the AS says it is no longer valid. */
  private async intro(connection: GrapherConnectionEntity): Promise<Record<string, IntroEntry> | undefined> {
    let current: GrapherConnectionEntity | undefined = connection;
    if (current.accessExpiresAt <= Date.now() + 10_000) current = await this.oauth.refresh(current);
    for (let attempt = 0; current && attempt < 2; attempt++) {
      let res;
      try {
        res = await this.http.json<Record<string, IntroEntry>>(current.introEndpoint, { headers: { authorization: `Bearer ${current.accessToken}` }, maxBytes: 1 << 20 });
      } catch (err) {
        if (err instanceof OutboundError) throw new PageError(502, 'Your authorization server did not answer', err.message);
        throw err;
      }
      if (res.status === 200 && res.body && typeof res.body === 'object' && !Array.isArray(res.body)) return res.body;
      if (res.status !== 401 || attempt > 0) break;
      current = await this.oauth.refresh(current);
    }
    return undefined;
  }
}
