import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { WebSessionEntity } from './web-session.entity.js';

/** Browser sessions, each party's in its own realm: the only code touching web_sessions. */
@Injectable()
export class WebSessionsRepository {
  constructor(@InjectRepository(WebSessionEntity) private readonly rows: Repository<WebSessionEntity>) {}

  /** The session of this realm whose id hashes to `idHash`, if it has not expired. */
  async live(idHash: string, realm: string, now = Date.now()): Promise<WebSessionEntity | null> {
    const row = await this.rows.findOneBy({ idHash, realm });
    return row && row.expiresAt > now ? row : null;
  }

  async remove(idHash: string, realm: string): Promise<void> {
    await this.rows.delete({ idHash, realm });
  }

  async put(row: Pick<WebSessionEntity, 'idHash' | 'realm' | 'data' | 'expiresAt'>): Promise<void> {
    await this.rows.save(row);
  }

  /** Sessions past their idle expiry; how many went. */
  async purgeExpired(now: number): Promise<number> {
    return (await this.rows.delete({ expiresAt: LessThan(now) })).affected ?? 0;
  }
}
