import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from '../../common/crypto/secrets.js';
import { AsUserEntity } from '../entities/as-user.entity.js';

/** DEMO ONLY: the AS's one demo person. Never use these credentials anywhere real. */
export const DEMO_AS_USER = { id: 'nat', username: 'nat', password: 'nat-demo', displayName: 'Nat Sakimura' };

@Injectable()
export class UserService implements OnApplicationBootstrap {
  constructor(@InjectRepository(AsUserEntity) private readonly repo: Repository<AsUserEntity>) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.repo.existsBy({ username: DEMO_AS_USER.username })) return;
    const row = { id: DEMO_AS_USER.id, username: DEMO_AS_USER.username, displayName: DEMO_AS_USER.displayName, passwordHash: await hashPassword(DEMO_AS_USER.password), createdAt: Date.now() };
    // Instances starting together on one database may all get here: the first insert wins, the others do nothing.
    await this.repo.createQueryBuilder().insert().values(row).orIgnore().execute();
  }

  findByUsername(username: string): Promise<AsUserEntity | null> {
    return this.repo.findOneBy({ username });
  }

  find(id: string): Promise<AsUserEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Same work and same answer whether the username exists or not. */
  async authenticate(username: string, password: string): Promise<AsUserEntity | undefined> {
    const user = await this.repo.findOneBy({ username });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!ok || !user) return undefined;
    // A hash made with weaker parameters is replaced now that the password is at hand.
    if (needsRehash(user.passwordHash)) await this.repo.update({ id: user.id }, { passwordHash: await hashPassword(password) });
    return user;
  }
}
