import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/oauth.errors.js';
import type { BearerContext } from '../core/bearer-auth.service.js';
import { GrantService } from '../core/grant.service.js';
import type { GrantEntity } from '../entities/grant.entity.js';
import { ResourcesRepository } from '../storage/resources.repository.js';

const seconds = (ms: number | null) => (ms === null ? undefined : Math.floor(ms / 1000));

/**
 * Grant Management for OAuth 2.0 (FAPI WG draft) §6: the client that holds a grant reads or ends it.
 * A grant of another client, an unknown id and an ended grant are all "not found" (§6.6): grant ids are
 * not secrets (§10), so nothing may depend on not knowing one.
 */
@Injectable()
export class GrantManagementService {
  constructor(
    private readonly grants: GrantService,
    private readonly resources: ResourcesRepository,
  ) {}

  /** §6.4: the grant's scopes (with the accounts' endpoints as resources), its times and, Steward's, its window and duration. */
  async query(bearer: BearerContext, grantId: string) {
    const grant = await this.held(bearer, grantId);
    const endpoints = await this.resources.endpointsSharedIn(grant.userId, grant.id);
    return {
      scopes: [{ scope: grant.scope, ...(endpoints.length ? { resource: endpoints.sort() } : {}) }],
      ...(grant.authorizationDetails ? { authorization_details: grant.authorizationDetails } : {}),
      created_at: seconds(grant.createdAt),
      ...(grant.expiresAt !== null ? { expires_at: seconds(grant.expiresAt) } : {}),
      ...(grant.lastUsedAt !== null ? { last_used_at: seconds(grant.lastUsedAt) } : {}),
      status: grant.status,
      history_months: grant.historyMonths ?? undefined,
      duration: grant.duration,
    };
  }

  /** §6.5: the grant and every token of it end (and its banks hear it at once, by push). */
  async revoke(bearer: BearerContext, grantId: string): Promise<void> {
    const grant = await this.held(bearer, grantId);
    if (!(await this.grants.revoke(grant.id, 'The app ended this grant itself (Grant Management)'))) throw new NotFoundError('no such grant');
  }

  private async held(bearer: BearerContext, grantId: string): Promise<GrantEntity> {
    const grant = await this.grants.findHeld(grantId, bearer.token.clientId, bearer.grant.userId);
    if (!grant) throw new NotFoundError('no such grant');
    return grant;
  }
}
