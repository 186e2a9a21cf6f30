import { Injectable } from '@nestjs/common';
import { TokenEntity, TokenKind } from '../entities/token.entity.js';
import type { Tx } from './transactions.js';

/**
 * Grant Management §5.2 writes to a grant's tokens (merge, replace), inside the caller's transaction; the
 * grant's own contents are GrantsRepository's (lockActiveHeld, setContents).
 */
@Injectable()
export class GrantChangesRepository {
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
