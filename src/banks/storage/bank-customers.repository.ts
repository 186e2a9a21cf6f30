import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { BankCustomerEntity } from '../entities/bank-customer.entity.js';

/** A bank's customers: the only code touching that table; every lookup is scoped to one bank. */
@Injectable()
export class BankCustomersRepository {
  constructor(@InjectRepository(BankCustomerEntity) private readonly rows: Repository<BankCustomerEntity>) {}

  byUsername(bankId: string, username: string): Promise<BankCustomerEntity | null> {
    return this.rows.findOneBy({ bankId, username });
  }

  byId(bankId: string, id: number): Promise<BankCustomerEntity | null> {
    return this.rows.findOneBy({ bankId, id });
  }

  async setPasswordHash(bankId: string, id: number, passwordHash: string): Promise<void> {
    await this.rows.update({ bankId, id }, { passwordHash });
  }
}
