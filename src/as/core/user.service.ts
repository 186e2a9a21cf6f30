import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from '../../common/crypto/secrets.js';
import type { AsUserEntity } from '../entities/as-user.entity.js';
import { UsersRepository } from '../storage/users.repository.js';

/** DEMO ONLY: the AS's one demo person. Never use these credentials anywhere real. */
export const DEMO_AS_USER = { id: 'nat', username: 'nat', password: 'nat-demo', displayName: 'Nat Sakimura' };

@Injectable()
export class UserService implements OnApplicationBootstrap {
  constructor(private readonly repo: UsersRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.repo.exists(DEMO_AS_USER.username)) return;
    const row = { id: DEMO_AS_USER.id, username: DEMO_AS_USER.username, displayName: DEMO_AS_USER.displayName, passwordHash: await hashPassword(DEMO_AS_USER.password), createdAt: Date.now() };
    await this.repo.insertIfAbsent(row);
  }

  findByUsername(username: string): Promise<AsUserEntity | null> {
    return this.repo.byUsername(username);
  }

  find(id: string): Promise<AsUserEntity | null> {
    return this.repo.byId(id);
  }

  /** Same work and same answer whether the username exists or not. */
  async authenticate(username: string, password: string): Promise<AsUserEntity | undefined> {
    const user = await this.repo.byUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!ok || !user) return undefined;
    // A hash made with weaker parameters is replaced now that the password is at hand.
    if (needsRehash(user.passwordHash)) await this.repo.setPasswordHash(user.id, await hashPassword(password));
    return user;
  }
}
