import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { SigningKeyEntity } from '../entities/signing-key.entity.js';

/** The AS's signing keys, shared by every instance: the only code touching as_signing_keys. */
@Injectable()
export class SigningKeysRepository {
  constructor(@InjectRepository(SigningKeyEntity) private readonly rows: Repository<SigningKeyEntity>) {}

  any(): Promise<boolean> {
    return this.rows.exists();
  }

  all(): Promise<SigningKeyEntity[]> {
    return this.rows.find();
  }

  /** When each key was made, without the keys themselves. */
  ages(): Promise<Pick<SigningKeyEntity, 'kid' | 'createdAt'>[]> {
    return this.rows.find({ select: { kid: true, createdAt: true } });
  }

  async insert(key: SigningKeyEntity): Promise<void> {
    await this.rows.insert(key);
  }

  async remove(kids: string[]): Promise<void> {
    if (kids.length > 0) await this.rows.delete({ kid: In(kids) });
  }
}
