import { Injectable } from '@nestjs/common';
import { PageError } from '../../common/errors/page.errors.js';
import type { WebSession } from '../../common/session/web-session.js';
import { ActivityService } from '../core/activity.service.js';
import { AsUrls } from '../core/as-urls.js';
import { ClientService } from '../core/client.service.js';
import { DURATIONS, GrantService } from '../core/grant.service.js';
import { PersonResourcesService } from '../core/person-resources.service.js';
import { SCOPE_WORDS, parseScope } from '../core/scopes.js';
import { UserService } from '../core/user.service.js';
import { groupActivity, typeWords, when } from './dashboard-view.js';

/** The person's dashboard at the AS: delegated accounts, connected apps, activity. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UserService,
    private readonly grants: GrantService,
    private readonly resources: PersonResourcesService,
    private readonly activity: ActivityService,
    private readonly urls: AsUrls,
    private readonly clients: ClientService,
  ) {}

  async dashboard(session: WebSession, userId: string) {
    const user = await this.users.find(userId);
    const accounts = await this.resources.accountsOf(userId);
    const byBank = new Map<string, typeof accounts>();
    for (const a of accounts) byBank.set(a.bank, [...(byBank.get(a.bank) ?? []), a]);
    const accountName = new Map(accounts.map((a) => [a.id, `${a.bank} — ${a.name}`]));

    const grants = await this.grants.ofUser(userId);
    const shared = await this.grants.sharedByUser(userId);
    // In the order the dashboard lists the accounts (the consent page's order), then those since removed.
    const order = new Map(accounts.map((a, i) => [a.id, i]));
    const inOrder = (ids: string[]) => [...ids].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
    const appNames = await this.clients.names(grants.map((g) => g.clientId));
    const apps = grants
      .filter((g) => g.historyMonths !== null)
      .map((g) => ({
        id: g.id,
        app: appNames.get(g.clientId) ?? 'Unknown app',
        clientId: g.clientId,
        status: g.status,
        active: g.status === 'ACTIVE',
        accounts: inOrder(shared.get(g.id) ?? []).map((id) => accountName.get(id) ?? 'an account no longer registered'),
        scopes: parseScope(g.scope).map((s) => SCOPE_WORDS[s] ?? s),
        historyMonths: g.historyMonths,
        duration: DURATIONS[g.duration].words,
        created: when(g.createdAt),
        expires: g.expiresAt ? when(g.expiresAt) : undefined,
        lastUsed: g.lastUsedAt ? when(g.lastUsedAt) : undefined,
      }));
    // A bank signs in at the AS as an OAuth client too: its lines belong in the bank column.
    const activity = groupActivity(await this.activity.recent(userId, 300), new Set(byBank.keys()));
    return {
      user,
      issuer: this.urls.issuer,
      csrf: session.csrfToken(),
      notice: session.takeFlash(),
      banks: [...byBank.entries()].map(([bank, list]) => ({ bank, accounts: list.map((a) => ({ ...a, typeName: typeWords(a.type), registered: when(a.registeredAt) })) })),
      apps,
      activity,
    };
  }

  async revokeGrant(session: WebSession, userId: string, grantId: string): Promise<string> {
    const grant = await this.grants.findOfUser(userId, grantId);
    if (!grant) throw new PageError(404, 'No such connection', 'This app connection does not exist, or is not yours.');
    const app = (await this.clients.find(grant.clientId))?.clientName ?? 'the app';
    const ended = await this.grants.revoke(grant.id, 'You revoked this connection on your dashboard');
    session.flash(ended ? `${app} can no longer read your data.` : `${app} was already disconnected.`);
    return this.urls.account;
  }

  async removeAccount(session: WebSession, userId: string, resourceId: string): Promise<string> {
    if (!(await this.resources.remove(userId, resourceId))) {
      throw new PageError(404, 'No such account', 'This account is not registered here, or is not yours.');
    }
    session.flash('The account was removed: no app can reach it through this AS any more.');
    return this.urls.account;
  }
}
