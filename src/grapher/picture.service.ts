import { Injectable } from '@nestjs/common';
import { PageError } from '../common/errors/page.errors.js';
import { HttpClient, OutboundError } from '../common/http/http-client.js';
import type { Visit } from './visit.js';
import { BankDataService, BankFailure, institutionOf, IntroEntry } from './bank-data.service.js';
import { GrapherConnectionEntity } from './entities/grapher-connection.entity.js';
import { CategoryOverridesService } from './category-overrides.service.js';
import { ConnectionsService } from './connections.service.js';
import { GrapherAs } from './oauth/grapher-as.service.js';
import { TokenRefresh } from './oauth/token-refresh.service.js';
import { buildPicture } from './picture/aggregate.js';
import { coverage, flowsView, rulesTable } from './picture/picture-view.js';
import {
  allocationChart,
  allocationChartOption,
  balanceChart,
  balanceChartOption,
  cashFlowChart,
  cashFlowChartOption,
  categoryChart,
  categoryChartOption,
  chartData,
  institutionChart,
  institutionChartOption,
  netWorthChart,
  netWorthChartOption,
} from './picture/charts.js';
import type { FetchedAccount, Picture } from './picture/picture.types.js';

export const PERIODS = [3, 12, 24];

export type LoadedPicture =
  | { connected: false; reconnect?: string; ended?: boolean }
  | {
      connected: true;
      issuer: string;
      months: number;
      asOf: Date;
      picture: Picture;
      failures: BankFailure[];
      accountsShared: number;
      /** The accounts as fetched, transactions included (for the transaction list and its export). */
      fetched: FetchedAccount[];
    };

type IntroAnswer = { ok: true; intro: Record<string, IntroEntry> } | { ok: false; status: number };

/** Phase 4 (seed [20]–[22]): ask Intro where the data is, fetch it, draw the picture. */
@Injectable()
export class PictureService {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly refresher: TokenRefresh,
    private readonly as: GrapherAs,
    private readonly banks: BankDataService,
    private readonly http: HttpClient,
    private readonly overrides: CategoryOverridesService,
  ) {}

  /** The live picture of this browser's connection, or why there is none. */
  async load(visit: Visit, months: number): Promise<LoadedPicture> {
    const session = visit.session;
    const connection = await this.connections.current(visit);
    if (!connection) return { connected: false, reconnect: session.get<string>('reconnect') };
    const introduced = await this.introduce(connection);
    if (!introduced) {
      await this.connections.ended(session, connection);
      return { connected: false, reconnect: connection.issuer, ended: true };
    }
    const asOf = new Date();
    const since = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - (months - 1), 1));
    const labels = Object.keys(introduced.intro);
    const { accounts, failures } = await this.fetchWithOneRetry(introduced.connection, introduced.intro, since);
    const chosen = await this.overrides.forConnection(connection.id);
    for (const a of accounts) a.categoryOverrides = chosen.get(a.label);
    // By label (institution first), so each bank keeps its place and colour from one visit to the next.
    accounts.sort((a, b) => a.label.localeCompare(b.label));
    failures.sort((a, b) => a.label.localeCompare(b.label));
    const picture = buildPicture(accounts, asOf, months);
    if (failures.length) picture.unavailable = failures.map((f) => f.label);
    return {
      connected: true,
      issuer: connection.issuer,
      months,
      asOf,
      picture,
      failures,
      accountsShared: labels.length,
      fetched: accounts,
    };
  }

  /** What the picture page shows. */
  async page(visit: Visit, months: number) {
    const loaded = await this.load(visit, months);
    const csrf = visit.session.csrfToken();
    if (!loaded.connected) return { ...loaded, csrf, title: 'Grapher' };
    const { picture, fetched: _fetched, ...rest } = loaded;
    const drawn = picture.accounts.length > 0;
    return {
      ...rest,
      picture,
      csrf,
      title: 'Your financial picture',
      periods: PERIODS.map((p) => ({ months: p, current: p === months })),
      fetchedAt: loaded.asOf.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
      mixedCurrency: picture.currency === 'MIXED',
      accounts: picture.accounts.map((a) => ({ ...a, lastUpdate: formatTimestamp(a.balanceAsOf) })),
      coverage: coverage(picture, loaded.accountsShared),
      flows: flowsView(picture),
      charts: drawn ? charts(picture) : undefined,
      rules: rulesTable(picture),
    };
  }

  /**
   * Fetches every account; the accounts whose bank answered 401 are tried once more with tokens from
   * one fresh Intro call — one call however many banks refused, and never more.
   */
  private async fetchWithOneRetry(connection: GrapherConnectionEntity, intro: Record<string, IntroEntry>, since: Date) {
    const first = await this.banks.fetchAll(intro, since, await this.as.dpopFor(connection.issuer));
    const refused = new Set(first.failures.filter((f) => f.status === 401).map((f) => f.label));
    if (refused.size === 0) return first;
    const accounts: FetchedAccount[] = [...first.accounts];
    const failures: BankFailure[] = first.failures.filter((f) => !refused.has(f.label));
    const fresh = await this.callIntro(connection).catch(() => ({ ok: false as const, status: 0 }));
    const retry: Record<string, IntroEntry> = {};
    for (const label of refused) {
      if (fresh.ok && fresh.intro[label]) retry[label] = fresh.intro[label];
      else {
        const reason = fresh.ok
          ? 'the bank answered HTTP 401, and your AS no longer lists this account for Grapher'
          : 'the bank answered HTTP 401, and your AS could not give Grapher a fresh token';
        failures.push({ label, institution: institutionOf(label, intro[label]), kind: 'refused', reason, status: 401 });
      }
    }
    const second = await this.banks.fetchAll(retry, since, await this.as.dpopFor(connection.issuer));
    accounts.push(...second.accounts);
    for (const f of second.failures) {
      failures.push(
        f.status === 401
          ? { ...f, reason: 'the bank answered HTTP 401 even to a fresh token from your AS: it no longer accepts your AS for this account (was the delegation withdrawn at the bank?)' }
          : f,
      );
    }
    return { accounts, failures };
  }

  /** Intro with the access token, refreshed first when it is about to expire, and once more if Intro says 401. */
  private async introduce(connection: GrapherConnectionEntity): Promise<{ connection: GrapherConnectionEntity; intro: Record<string, IntroEntry> } | undefined> {
    let current = connection;
    let refreshed = false;
    const refresh = async (): Promise<boolean> => {
      refreshed = true;
      const outcome = await this.refresher.refresh(current);
      if (outcome.ok) current = outcome.connection;
      return outcome.ok;
    };
    if (current.accessExpiresAt <= Date.now() + 10_000 && !(await refresh())) return undefined;
    let answer = await this.callIntro(current);
    if (!answer.ok && answer.status === 401 && !refreshed) {
      if (!(await refresh())) return undefined;
      answer = await this.callIntro(current);
    }
    if (answer.ok) return { connection: current, intro: answer.intro };
    if (answer.status === 401) return undefined;
    throw new PageError(502, 'Your authorization server did not answer properly', `Its Intro endpoint answered HTTP ${answer.status}. Your connection is kept: try again in a moment.`);
  }

  private async callIntro(connection: GrapherConnectionEntity): Promise<IntroAnswer> {
    const token = this.connections.accessToken(connection);
    if (!token) return { ok: false, status: 401 };
    let res;
    try {
      // A DPoP-bound access token goes with a proof of Grapher's key for that AS (RFC 9449 §7.1).
      const sender = connection.tokenType === 'DPoP' ? await this.as.dpopFor(connection.issuer) : undefined;
      const opts = { maxBytes: 1 << 20 };
      res = sender
        ? await sender.send<Record<string, IntroEntry>>(connection.introEndpoint, opts, token)
        : await this.http.json<Record<string, IntroEntry>>(connection.introEndpoint, { ...opts, headers: { authorization: `Bearer ${token}` } });
    } catch (err) {
      if (err instanceof OutboundError) {
        throw new PageError(502, 'Your authorization server did not answer', `Grapher could not reach Intro (${err.message.replace(/^\w+ \S+: /, '')}). Your connection is kept: try again in a moment.`);
      }
      throw err;
    }
    const body: unknown = res.body;
    if (res.status === 200 && body && typeof body === 'object' && !Array.isArray(body)) return { ok: true, intro: body as Record<string, IntroEntry> };
    return { ok: false, status: res.status };
  }
}

const FULL = 960;
const HALF = 470;

/** Each chart as inline SVG, with the numbers its tooltips show. */
function charts(p: Picture) {
  const c = p.currency;
  const chart = (svg: string, option: Parameters<typeof chartData>[0]) => ({ svg, data: chartData(option, c) });
  return {
    netWorth: chart(netWorthChart(p, { width: FULL }), netWorthChartOption(p)),
    institutions: chart(institutionChart(p, { width: HALF }), institutionChartOption(p, HALF)),
    allocation: chart(allocationChart(p, { width: HALF }), allocationChartOption(p, HALF)),
    cashFlow: chart(cashFlowChart(p, { width: FULL }), cashFlowChartOption(p)),
    categories: chart(categoryChart(p, { width: FULL }), categoryChartOption(p, FULL)),
    balances: chart(balanceChart(p, { width: FULL }), balanceChartOption(p, FULL)),
  };
}

function formatTimestamp(value: string): string {
  const d = new Date(value);
  if (!value || Number.isNaN(d.getTime())) return value || 'unknown';
  return d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}
