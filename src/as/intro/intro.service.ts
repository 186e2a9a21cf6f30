import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AsUrls } from '../core/as-urls.js';
import { ActivityService } from '../core/activity.service.js';
import type { BearerContext } from '../core/bearer-auth.service.js';
import { detailsForAccount } from '../core/authorization-details.js';
import { GrantService } from '../core/grant.service.js';
import { SigningKeyService } from '../core/signing-key.service.js';
import { ResourcesRepository } from '../storage/resources.repository.js';

export const BANK_TOKEN_TTL_S = 600;

/** The first day of the history window the person chose: transactions before it are not the app's to read. */
export function historyStart(months: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate())).toISOString().slice(0, 10);
}

/**
 * One Intro entry, under a human-readable label (the seed's `{label: {endpoint, access_token}}`).
 * `bank_id` and `bank_name` name the bank for machines, so no client parses the label: `bank_id` is the
 * bank's resource identifier (its registered `resource_server`, the `aud` of `access_token`), `bank_name`
 * the name it registered with (RFC 7591 `client_name`).
 */
export interface IntroEntry {
  endpoint: string;
  access_token: string;
  /** RFC 9449: "DPoP" when Intro was called with a DPoP-bound token: each bank token is bound to the same key. */
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  scope: string;
  bank_id: string;
  bank_name: string;
}

/**
 * Intro: for the client's access token, every account the person shared, each with the bank's endpoint
 * and a token for that bank alone (an RFC 9068 JWT whose aud is the bank's resource identifier). Called with
 * a DPoP-bound token, Intro binds every bank token to the same key (cnf.jkt): a bank token alone, stolen
 * from the client or a log, opens nothing.
 */
@Injectable()
export class IntroService {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly urls: AsUrls,
    private readonly grants: GrantService,
    private readonly activity: ActivityService,
    private readonly resources: ResourcesRepository,
  ) {}

  async intro({ grant, scopes, token }: BearerContext): Promise<Record<string, IntroEntry>> {
    // The grant's accounts still registered, with the banks behind them: one join.
    const shared = await this.resources.sharedIn(grant.userId, grant.id);
    const perBank = new Map<string, number>();
    for (const r of shared) perBank.set(r.clientId, (perBank.get(r.clientId) ?? 0) + 1);

    const now = Math.floor(Date.now() / 1000);
    // No bank token outlives its grant.
    const exp = Math.min(now + BANK_TOKEN_TTL_S, grant.expiresAt === null ? Infinity : Math.floor(grant.expiresAt / 1000));
    const historyFrom = historyStart(grant.historyMonths ?? 12);
    const out: Record<string, IntroEntry> = {};
    // 128 random bits of jti per token, drawn in one call for the whole answer.
    const entropy = randomBytes(16 * shared.length);
    for (const [i, resource] of shared.entries()) {
      const { bankName, bankResource } = resource;
      if (!bankResource) continue;
      const scope = scopes.filter((s) => resource.resourceScopes.includes(s));
      if (scope.length === 0) continue;
      let label = (perBank.get(resource.clientId) ?? 0) > 1 ? `${bankName} — ${resource.name}` : bankName;
      for (let n = 2; Object.hasOwn(out, label); n++) label = `${bankName} — ${resource.name} (${n})`;
      const accessToken = this.keys.sign(
        {
          iss: this.urls.issuer,
          sub: grant.userId,
          aud: bankResource,
          client_id: grant.clientId,
          scope: scope.join(' '),
          resource_id: resource.id,
          grant_id: grant.id,
          history_from: historyFrom,
          // RFC 9396 §9.1: the details of this audience, for this account.
          ...(grant.authorizationDetails ? { authorization_details: detailsForAccount(grant.authorizationDetails, bankResource, resource.id, resource.resourceScopes) } : {}),
          iat: now,
          exp,
          jti: entropy.toString('base64url', 16 * i, 16 * i + 16),
          // RFC 9449 §6.1: the client's DPoP key, so that every bank asks for a proof of it.
          ...(token.jkt ? { cnf: { jkt: token.jkt } } : {}),
        },
        'at+jwt',
      );
      out[label] = {
        endpoint: resource.endpoint,
        access_token: accessToken,
        token_type: token.jkt ? 'DPoP' : 'Bearer',
        expires_in: exp - now,
        scope: scope.join(' '),
        bank_id: bankResource,
        bank_name: bankName,
      };
    }
    await this.grants.touch(grant);
    const banksNamed = [...new Set(shared.map((r) => r.bankName).filter(Boolean))].join(', ');
    await this.activity.record(grant.userId, 'intro_called', { clientId: grant.clientId, bank: banksNamed || null, detail: `Intro gave ${Object.keys(out).length} bank token(s)` });
    return out;
  }
}
