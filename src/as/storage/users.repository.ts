import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AsUserEntity } from '../entities/as-user.entity.js';

/** The people of this AS: the only code touching as_users. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(AsUserEntity) private readonly rows: Repository<AsUserEntity>) {}

  byUsername(username: string): Promise<AsUserEntity | null> {
    return this.rows.findOneBy({ username });
  }

  byId(id: string): Promise<AsUserEntity | null> {
    return this.rows.findOneBy({ id });
  }

  exists(username: string): Promise<boolean> {
    return this.rows.existsBy({ username });
  }

  /** Instances starting together on one database may all insert the same person: the first wins, the others do nothing. */
  async insertIfAbsent(user: AsUserEntity): Promise<void> {
    await this.rows.createQueryBuilder().insert().values(user).orIgnore().execute();
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.rows.update({ id }, { passwordHash });
  }
}
