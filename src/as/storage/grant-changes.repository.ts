import { Injectable } from '@nestjs/common';
import { GrantEntity } from '../entities/grant.entity.js';
import { TokenEntity, TokenKind } from '../entities/token.entity.js';
import type { Tx } from './transactions.js';

export type GrantContents = Pick<GrantEntity, 'scope' | 'resourceIds' | 'authorizationDetails' | 'historyMonths' | 'duration' | 'expiresAt'>;

/**
 * Grant Management §5.2 writes: a grant's contents changed in place (merge, replace) and the grant's tokens
 * of some kinds ended, inside the caller's transaction. Owner-scoped by the grant's client and person.
 */
@Injectable()
export class GrantChangesRepository {
  /** The active grant of this client and person, locked for the transaction on PostgreSQL (SQLite runs one writer at a time). */
  lockActive(tx: Tx, grantId: string, clientId: string, userId: string): Promise<GrantEntity | null> {
    const lock = tx.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {};
    return tx.findOne(GrantEntity, { where: { id: grantId, clientId, userId, status: 'ACTIVE' }, ...lock });
  }

  async setContents(tx: Tx, grantId: string, contents: GrantContents): Promise<void> {
    await tx.update(GrantEntity, { id: grantId, status: 'ACTIVE' }, contents);
  }

  /**
   * Ends the grant's live tokens of these kinds by expiring them now, not by marking them used: a client
   * that presents such a refresh token later gets invalid_grant ("expired"), not the reuse response that
   * revokes the whole grant (RFC 9700 §4.14.2 is about rotated tokens, and this one was not stolen).
   */
  async endTokens(tx: Tx, grantId: string, kinds: TokenKind[], now: number): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(TokenEntity)
      .set({ expiresAt: now })
      .where('grant_id = :grantId AND revoked_at IS NULL AND expires_at > :now AND kind IN (:...kinds)', { grantId, now, kinds })
      .execute();
  }
}
