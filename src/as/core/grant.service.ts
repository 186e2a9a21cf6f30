import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { randomToken } from '../../common/crypto/secrets.js';
import { GrantEntity } from '../entities/grant.entity.js';
import { TokenEntity } from '../entities/token.entity.js';

@Injectable()
export class GrantService {
  constructor(
    @InjectRepository(GrantEntity) private readonly grants: Repository<GrantEntity>,
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
  ) {}

  create(input: { clientId: string; userId: string; scope: string[]; resourceIds: string[] }): Promise<GrantEntity> {
    return this.grants.save(
      this.grants.create({ id: randomToken(16), clientId: input.clientId, userId: input.userId, scope: input.scope.join(' '), resourceIds: input.resourceIds, status: 'ACTIVE' }),
    );
  }

  findActive(id: string): Promise<GrantEntity | null> {
    return this.grants.findOneBy({ id, status: 'ACTIVE' });
  }

  /** Ends a grant and every token minted from it. */
  async revoke(id: string): Promise<void> {
    await this.grants.manager.transaction(async (em) => {
      await em.update(GrantEntity, { id }, { status: 'REVOKED' });
      await em.createQueryBuilder().update(TokenEntity).set({ revokedAt: Date.now() }).where('grant_id = :id AND revoked_at IS NULL', { id }).execute();
    });
  }
}
