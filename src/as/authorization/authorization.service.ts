import { Injectable } from '@nestjs/common';
import { randomToken, sha256 } from '../../common/crypto/secrets.js';
import { AccessDeniedError, ClientRedirectError, InvalidRequestError, OAuthError } from '../../common/errors/oauth.errors.js';
import { LoginRequired, PageError } from '../../common/errors/page.errors.js';
import type { WebSession } from '../../common/session/web-session.js';
import { ActivityService } from '../core/activity.service.js';
import { AsUrls } from '../core/as-urls.js';
import { ClientService } from '../core/client.service.js';
import { DURATIONS, GrantService, HISTORY_MONTHS } from '../core/grant.service.js';
import { ACTION_WORDS, AccountInformationDetail, grantedDetails } from '../core/authorization-details.js';
import { PersonAccount, PersonResourcesService } from '../core/person-resources.service.js';
import { isAccountScope, PROTECTION_SCOPE, SCOPE_WORDS } from '../core/scopes.js';
import { AsClientEntity } from '../entities/as-client.entity.js';
import { changeNotice, grantChange, grantToChange } from '../grant-management/consent-change.js';
import { checkGrantTarget } from '../grant-management/grant-management-action.js';
import type { GrantDuration } from '../entities/grant.entity.js';
import { CodesRepository } from '../storage/codes.repository.js';
import { CheckContext, PendingAuthorization, RawAuthorizationQuery } from './authorization-request.js';
import { ConsentDto } from './authorization.dto.js';
import { checkClient } from './checks/check-client.js';
import { checkParameters } from './checks/check-parameters.js';
import { checkRedirectUri } from './checks/check-redirect-uri.js';
import { ParService } from './par.service.js';
import { answeredRequests, pendingRequests } from './pending-requests.js';

export const CODE_TTL_MS = 60_000;
const DEFAULT_HISTORY_MONTHS = 12;
const DEFAULT_DURATION: GrantDuration = '90d';

/** RFC 6749 §4.1.1–4.1.2: the authorization endpoint, the consent dialogue and the code. */
@Injectable()
export class AuthorizationService {
  constructor(
    private readonly clients: ClientService,
    private readonly grants: GrantService,
    private readonly resources: PersonResourcesService,
    private readonly activity: ActivityService,
    private readonly urls: AsUrls,
    private readonly par: ParService,
    private readonly codes: CodesRepository,
  ) {}

  /**
   * Validates the request, keeps it server-side, and sends the person to sign in or to consent. With a
   * request_uri (RFC 9126 §4) the pushed parameters are the request, and nothing else of the query counts.
   */
  async start(query: RawAuthorizationQuery, session: WebSession): Promise<string> {
    const ctx: CheckContext = { query };
    await checkClient(ctx, this.clients);
    const pushed = query.request_uri !== undefined;
    if (pushed) ctx.query = await this.par.redeem(ctx.client!, query.request_uri);
    checkRedirectUri(ctx);
    try {
      // RFC 9126 §6, FAPI 2.0 §5.3.2.2 [3]: this client's requests come only by PAR.
      if (!pushed && this.clients.requiresPar(ctx.client!)) throw new InvalidRequestError('this client must push its authorization requests (PAR, RFC 9126)');
      checkParameters(ctx);
      // Grant Management §5.4: merge and replace name an active grant of this client.
      await checkGrantTarget(this.grants, ctx.grantManagement, ctx.client!.clientId, ctx.scope!);
    } catch (err) {
      if (err instanceof OAuthError) throw new ClientRedirectError(err, ctx.redirectUri as string, ctx.state, this.urls.issuer);
      throw err;
    }
    const rid = randomToken(16);
    pendingRequests.put(session, rid, {
      clientId: ctx.client!.clientId,
      redirectUri: ctx.redirectUri!,
      scope: ctx.scope!,
      ...(ctx.authorizationDetails ? { authorizationDetails: ctx.authorizationDetails } : {}),
      state: ctx.state,
      codeChallenge: ctx.codeChallenge!,
      ...(ctx.dpopJkt ? { dpopJkt: ctx.dpopJkt } : {}),
      ...(ctx.grantManagement ? { grantManagement: ctx.grantManagement } : {}),
      createdAt: Date.now(),
    });
    return session.get('userId') ? this.urls.consent(rid) : `${this.urls.login}?rid=${rid}`;
  }

  async consentPage(session: WebSession, rid: string) {
    const answered = pendingRequests.get(session, rid) ? undefined : answeredRequests.get(session, rid);
    if (answered) return { title: 'Request completed', completed: { ...answered, allowed: answered.decision === 'allow', time: new Date(answered.at).toISOString().slice(11, 16) } };
    const { pending, userId } = this.requireConsentContext(session, rid);
    const client = (await this.clients.find(pending.clientId)) as AsClientEntity;
    const wantsAccounts = pending.scope.some(isAccountScope);
    const changing = await grantToChange(this.grants, pending, userId, this.urls.issuer);
    return {
      rid,
      csrf: session.csrfToken(),
      client: { name: client.clientName, id: client.clientId, redirectHost: new URL(pending.redirectUri).host },
      scopes: pending.scope.map((s) => ({ scope: s, words: SCOPE_WORDS[s] ?? s })),
      details: pending.authorizationDetails?.map((d) => ({ actions: d.actions.map((a) => ACTION_WORDS[a] ?? a), datatypes: d.datatypes?.join(', '), locations: d.locations })),
      protection: pending.scope.includes(PROTECTION_SCOPE),
      wantsAccounts,
      accounts: wantsAccounts ? await this.offered(userId, pending) : [],
      change: changing && changeNotice(pending, changing, await this.resources.accountsOf(userId)),
      windows: HISTORY_MONTHS.map((months) => ({ months, checked: months === DEFAULT_HISTORY_MONTHS })),
      durations: Object.entries(DURATIONS).map(([value, d]) => ({ value, words: d.words, checked: value === DEFAULT_DURATION })),
    };
  }

  /**
   * The person's decision. Only the stored request and the choices offered to this person count:
   * an account, window or duration that was not offered is refused and no code is issued.
   */
  async decide(session: WebSession, rid: string, form: ConsentDto): Promise<string> {
    const answered = pendingRequests.get(session, rid) ? undefined : answeredRequests.get(session, rid);
    if (answered) throw new PageError(409, 'Already answered', `You already ${answered.decision === 'allow' ? 'allowed' : 'declined'} this request from ${answered.app}; nothing more was done. Go back to ${answered.backTo} to carry on.`);
    const { pending, userId } = this.requireConsentContext(session, rid);
    if (form.decision === 'deny') {
      pendingRequests.remove(session, rid);
      await this.remember(session, rid, pending, 'deny');
      await this.activity.record(userId, 'consent_denied', { clientId: pending.clientId, detail: `You declined: ${pending.scope.join(' ')}` });
      throw new ClientRedirectError(new AccessDeniedError('the person declined'), pending.redirectUri, pending.state, this.urls.issuer);
    }
    const changing = await grantToChange(this.grants, pending, userId, this.urls.issuer);
    const dataGrant = pending.scope.some(isAccountScope);
    let resourceIds: string[] = [];
    let authorizationDetails: AccountInformationDetail[] | null = null;
    if (dataGrant) {
      const offered = await this.offered(userId, pending);
      const shown = new Set(offered.map((a) => a.id));
      const chosen = [...new Set(form.resource)];
      if (chosen.some((id) => !shown.has(id))) throw new PageError(400, 'Unknown account', 'The form named an account that was not offered to you. Nothing was shared.');
      if (chosen.length === 0) throw new PageError(400, 'No account chosen', 'Tick at least one account to share, or choose Deny.');
      resourceIds = chosen;
      if (pending.authorizationDetails) {
        const chosenBanks = offered.filter((a) => chosen.includes(a.id)).map((a) => a.bankResource ?? '');
        authorizationDetails = grantedDetails(pending.authorizationDetails, chosenBanks);
      }
    }
    pendingRequests.remove(session, rid);
    await this.remember(session, rid, pending, 'allow');
    const consent = {
      resourceIds,
      authorizationDetails,
      historyMonths: dataGrant ? (form.history_months ?? DEFAULT_HISTORY_MONTHS) : null,
      duration: dataGrant ? (form.duration ?? DEFAULT_DURATION) : ('until_revoked' as const),
    };
    // Grant Management §5.2: a merge or replace changes the named grant when the code is redeemed.
    const change = changing && grantChange(pending, userId, consent);
    const grant = changing ?? (await this.grants.create({ clientId: pending.clientId, userId, scope: pending.scope, ...consent }));
    await this.activity.record(userId, 'consent_given', {
      clientId: pending.clientId,
      detail: dataGrant
        ? `${change ? (change.action === 'merge' ? 'Added to your existing connection. ' : 'Replaced your existing connection. ') : ''}You shared ${resourceIds.length} account(s), ${consent.historyMonths} months of history, for ${DURATIONS[consent.duration].words.toLowerCase()}`
        : `You allowed this bank to register your accounts here`,
    });
    const code = randomToken();
    await this.codes.insert({
      codeHash: sha256(code),
      grantId: grant.id,
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      dpopJkt: pending.dpopJkt ?? null,
      grantChange: change ?? null,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    const url = new URL(pending.redirectUri);
    url.searchParams.set('code', code);
    if (pending.state !== undefined) url.searchParams.set('state', pending.state);
    url.searchParams.set('iss', this.urls.issuer); // RFC 9207 §2
    return url.toString();
  }

  /** The accounts offered to the person: all registered, or those at the banks the authorization details name (RFC 9396 locations). */
  private async offered(userId: string, pending: PendingAuthorization): Promise<PersonAccount[]> {
    const all = await this.resources.accountsOf(userId);
    const details = pending.authorizationDetails;
    if (!details || details.some((d) => !d.locations)) return all;
    const banks = new Set(details.flatMap((d) => d.locations ?? []));
    return all.filter((a) => a.bankResource !== null && banks.has(a.bankResource));
  }

  /** Kept so that the back button after the answer finds "this request is complete", with the way back. */
  private async remember(session: WebSession, rid: string, pending: PendingAuthorization, decision: 'allow' | 'deny'): Promise<void> {
    const app = (await this.clients.find(pending.clientId))?.clientName ?? 'the app';
    answeredRequests.put(session, rid, { app, decision, at: Date.now(), backTo: new URL('.', pending.redirectUri).toString() });
  }

  private requireConsentContext(session: WebSession, rid: string): { pending: PendingAuthorization; userId: string } {
    const pending = pendingRequests.get(session, rid);
    if (!pending) throw new PageError(400, 'This request has expired', 'Go back to the app and start again.');
    const userId = session.get<string>('userId');
    if (!userId) throw new LoginRequired(`${this.urls.login}?rid=${rid}`);
    return { pending, userId };
  }
}
