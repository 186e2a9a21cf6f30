import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { BankRevokedGrantEntity } from '../entities/bank-revoked-grant.entity.js';

/** The grants pushed as revoked: the only code touching that table. */
@Injectable()
export class BankRevokedGrantsRepository {
  constructor(@InjectRepository(BankRevokedGrantEntity) private readonly rows: Repository<BankRevokedGrantEntity>) {}

  /** Idempotent: a re-sent SET keeps the first arrival. */
  async add(bankId: string, issuer: string, grantId: string, at: number): Promise<void> {
    await this.rows.createQueryBuilder().insert().into(BankRevokedGrantEntity).values({ bankId, issuer, grantId, revokedAt: at }).orIgnore().execute();
  }

  /** Those that arrived after `at` (ms), oldest first. */
  since(at: number): Promise<BankRevokedGrantEntity[]> {
    return this.rows.find({ where: { revokedAt: MoreThan(at) }, order: { revokedAt: 'ASC' }, take: 10_000 });
  }

  async purge(before: number): Promise<number> {
    return (await this.rows.delete({ revokedAt: LessThan(before) })).affected ?? 0;
  }
}
