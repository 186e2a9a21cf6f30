import { Injectable } from '@nestjs/common';
import { randomToken } from '../../common/crypto/secrets.js';
import { PageError } from '../../common/errors/page.errors.js';
import { AsUrls } from '../core/as-urls.js';
import { ClientService } from '../core/client.service.js';
import { DURATIONS, GrantService } from '../core/grant.service.js';
import { PersonResourcesService } from '../core/person-resources.service.js';
import { parseScope } from '../core/scopes.js';
import { SigningKeyService } from '../core/signing-key.service.js';
import { UserService } from '../core/user.service.js';

/** The JWS header typ of a receipt, so it cannot pass for an access token or a SET. */
export const RECEIPT_TYP = 'consent-receipt+jwt';
const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

/**
 * A signed consent receipt (in the spirit of India's Account Aggregator consent artefact and Australia's
 * CDR receipt): one grant as the person decided it — who, which app, which accounts at which banks, the
 * scopes (and RFC 9396 details), the history window, the duration, when, and its status now — as a
 * compact JWS signed with the AS's key, verifiable by anyone against its published JWKS.
 */
@Injectable()
export class ConsentReceiptService {
  constructor(
    private readonly grants: GrantService,
    private readonly users: UserService,
    private readonly resources: PersonResourcesService,
    private readonly keys: SigningKeyService,
    private readonly urls: AsUrls,
    private readonly clients: ClientService,
  ) {}

  async receipt(userId: string, grantId: string): Promise<string> {
    await this.grants.ofUser(userId); // marks an expired grant EXPIRED first, so the status is today's
    const grant = await this.grants.findOfUser(userId, grantId);
    if (!grant) throw new PageError(404, 'No such connection', 'This app connection does not exist, or is not yours.');
    const user = await this.users.find(userId);
    const app = await this.clients.find(grant.clientId);
    const shared = new Set(await this.grants.sharedIn(userId, grant.id));
    const accounts = (await this.resources.accountsOf(userId)).filter((a) => shared.has(a.id));
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: this.urls.issuer,
      sub: userId,
      iat: now,
      jti: randomToken(16),
      grant_id: grant.id,
      person: { username: user?.username, name: user?.displayName },
      app: { client_id: grant.clientId, client_name: app?.clientName ?? null },
      accounts: accounts.map((a) => ({ resource_id: a.id, bank: a.bank, bank_id: a.bankResource, account: a.name })),
      accounts_no_longer_registered: shared.size - accounts.length,
      scope: parseScope(grant.scope).join(' '),
      ...(grant.authorizationDetails ? { authorization_details: grant.authorizationDetails } : {}),
      /** The rolling window: this many months back from the day of each read. */
      history_months: grant.historyMonths,
      duration: grant.duration,
      duration_words: DURATIONS[grant.duration].words,
      created_at: seconds(grant.createdAt),
      expires_at: seconds(grant.expiresAt),
      status: grant.status,
      revoked_at: seconds(grant.revokedAt),
    };
    return this.keys.sign(claims, RECEIPT_TYP);
  }
}
