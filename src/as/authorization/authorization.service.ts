import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { randomToken, sha256 } from '../../common/crypto/secrets.js';
import { AccessDeniedError, ClientRedirectError, OAuthError } from '../../common/errors/oauth.errors.js';
import { LoginRequired, PageError } from '../../common/errors/page.errors.js';
import type { WebSession } from '../../common/session/web-session.js';
import { AsUrls } from '../core/as-urls.js';
import { ClientService } from '../core/client.service.js';
import { GrantService } from '../core/grant.service.js';
import { isAccountScope, PROTECTION_SCOPE, SCOPE_WORDS } from '../core/scopes.js';
import { UserService } from '../core/user.service.js';
import { AsClientEntity } from '../entities/as-client.entity.js';
import { AuthorizationCodeEntity } from '../entities/authorization-code.entity.js';
import { ResourceEntity } from '../entities/resource.entity.js';
import { CheckContext, PendingAuthorization, RawAuthorizationQuery } from './authorization-request.js';
import { checkClient } from './checks/check-client.js';
import { checkPkce } from './checks/check-pkce.js';
import { checkRedirectUri } from './checks/check-redirect-uri.js';
import { checkResponseType } from './checks/check-response-type.js';
import { checkScope } from './checks/check-scope.js';
import { checkState } from './checks/check-state.js';

export const CODE_TTL_MS = 60_000;
const MAX_PENDING = 5;

export interface ConsentAccount {
  id: string;
  bank: string;
  name: string;
  type: string | null;
}

/** RFC 6749 §4.1.1–4.1.2: the authorization endpoint, the person's login and consent, and the code. */
@Injectable()
export class AuthorizationService {
  constructor(
    private readonly clients: ClientService,
    private readonly users: UserService,
    private readonly grants: GrantService,
    private readonly urls: AsUrls,
    @InjectRepository(AuthorizationCodeEntity) private readonly codes: Repository<AuthorizationCodeEntity>,
    @InjectRepository(ResourceEntity) private readonly resources: Repository<ResourceEntity>,
    @InjectRepository(AsClientEntity) private readonly clientRepo: Repository<AsClientEntity>,
  ) {}

  /** Validates the request, keeps it server-side, and sends the person to login or consent. */
  async start(query: RawAuthorizationQuery, session: WebSession): Promise<string> {
    const ctx: CheckContext = { query };
    await checkClient(ctx, this.clients);
    checkRedirectUri(ctx);
    try {
      checkState(ctx);
      checkResponseType(ctx);
      checkScope(ctx);
      checkPkce(ctx);
    } catch (err) {
      if (err instanceof OAuthError) throw new ClientRedirectError(err, ctx.redirectUri as string, ctx.state, this.urls.issuer);
      throw err;
    }
    const pending: PendingAuthorization = {
      clientId: ctx.client!.clientId,
      redirectUri: ctx.redirectUri!,
      scope: ctx.scope!,
      state: ctx.state,
      codeChallenge: ctx.codeChallenge!,
      createdAt: Date.now(),
    };
    const all = { ...(session.get<Record<string, PendingAuthorization>>('pending') ?? {}) };
    const rid = randomToken(16);
    all[rid] = pending;
    const newest = Object.entries(all).sort((a, b) => b[1].createdAt - a[1].createdAt).slice(0, MAX_PENDING);
    session.set('pending', Object.fromEntries(newest));
    return session.get('userId') ? this.urls.consent(rid) : `${this.urls.login}?rid=${rid}`;
  }

  loginPage(session: WebSession, rid: string | undefined) {
    return { csrf: session.csrfToken(), rid: rid && this.pending(session, rid) ? rid : undefined, error: session.takeFlash(), action: this.urls.login };
  }

  /** Returns where to go next: onwards, or back to the login page with a message (one message for every failure). */
  async login(session: WebSession, username: string, password: string, rid: string | undefined): Promise<string> {
    const user = await this.users.authenticate(username, password);
    if (!user) {
      session.flash('Wrong username or password.');
      return rid && this.pending(session, rid) ? `${this.urls.login}?rid=${rid}` : this.urls.login;
    }
    session.regenerate();
    session.set('userId', user.id);
    return rid && this.pending(session, rid) ? this.urls.consent(rid) : this.urls.issuer;
  }

  logout(session: WebSession): string {
    session.destroy();
    return this.urls.issuer;
  }

  async home(session: WebSession) {
    const userId = session.get<string>('userId');
    if (!userId) return { loggedIn: false, ...this.loginPage(session, undefined) };
    const user = await this.users.find(userId);
    return { loggedIn: true, user, csrf: session.csrfToken(), accounts: await this.accountsOf(userId), issuer: this.urls.issuer };
  }

  async consentPage(session: WebSession, rid: string) {
    const { pending, userId } = this.requireConsentContext(session, rid);
    const client = (await this.clients.find(pending.clientId)) as AsClientEntity;
    const wantsAccounts = pending.scope.some(isAccountScope);
    const accounts = wantsAccounts ? await this.accountsOf(userId) : [];
    return {
      rid,
      csrf: session.csrfToken(),
      client: { name: client.clientName, id: client.clientId, redirectHost: new URL(pending.redirectUri).host },
      scopes: pending.scope.map((s) => ({ scope: s, words: SCOPE_WORDS[s] ?? s })),
      protection: pending.scope.includes(PROTECTION_SCOPE),
      wantsAccounts,
      accounts,
    };
  }

  /** The person's decision. Only accounts shown to this person count (MUST NOT trust the form). */
  async decide(session: WebSession, rid: string, decision: 'allow' | 'deny', selected: string[]): Promise<string> {
    const { pending, userId } = this.requireConsentContext(session, rid);
    const all = { ...(session.get<Record<string, PendingAuthorization>>('pending') ?? {}) };
    if (decision === 'deny') {
      delete all[rid];
      session.set('pending', all);
      throw new ClientRedirectError(new AccessDeniedError('the person declined'), pending.redirectUri, pending.state, this.urls.issuer);
    }
    let resourceIds: string[] = [];
    if (pending.scope.some(isAccountScope)) {
      const shown = new Set((await this.accountsOf(userId)).map((a) => a.id));
      const chosen = [...new Set(selected)];
      if (chosen.some((id) => !shown.has(id))) throw new PageError(400, 'Unknown account', 'The form named an account that was not offered to you. Nothing was shared.');
      if (chosen.length === 0) throw new PageError(400, 'No account chosen', 'Tick at least one account to share, or choose Deny.');
      resourceIds = chosen;
    }
    delete all[rid];
    session.set('pending', all);
    const grant = await this.grants.create({ clientId: pending.clientId, userId, scope: pending.scope, resourceIds });
    const code = randomToken();
    await this.codes.insert({
      codeHash: sha256(code),
      grantId: grant.id,
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      expiresAt: Date.now() + CODE_TTL_MS,
      consumedAt: null,
    });
    const url = new URL(pending.redirectUri);
    url.searchParams.set('code', code);
    if (pending.state !== undefined) url.searchParams.set('state', pending.state);
    url.searchParams.set('iss', this.urls.issuer); // RFC 9207 §2
    return url.toString();
  }

  private pending(session: WebSession, rid: string): PendingAuthorization | undefined {
    return session.get<Record<string, PendingAuthorization>>('pending')?.[rid];
  }

  private requireConsentContext(session: WebSession, rid: string): { pending: PendingAuthorization; userId: string } {
    const pending = this.pending(session, rid);
    if (!pending) throw new PageError(400, 'This request has expired', 'Go back to the app and start again.');
    const userId = session.get<string>('userId');
    if (!userId) throw new LoginRequired(`${this.urls.login}?rid=${rid}`);
    return { pending, userId };
  }

  /** The person's registered accounts, with the name of the bank that registered each. */
  private async accountsOf(userId: string): Promise<ConsentAccount[]> {
    const resources = await this.resources.find({ where: { ownerId: userId }, order: { createdAt: 'ASC' } });
    const banks = await this.clientRepo.findBy({ clientId: In([...new Set(resources.map((r) => r.clientId))]) });
    const bankName = new Map(banks.map((b) => [b.clientId, b.clientName]));
    return resources.map((r) => ({ id: r.id, bank: bankName.get(r.clientId) ?? 'Unknown bank', name: r.name, type: r.type }));
  }
}
