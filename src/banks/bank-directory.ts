import { ArgumentMetadata, Injectable, NotFoundException, PipeTransform } from '@nestjs/common';
import { UseSession } from '../common/session/session.decorators.js';
import { AppConfig } from '../config/app-config.js';
import { DEMO_BANKS } from './demo/demo-data.js';

export interface Bank {
  id: string;
  name: string;
}

/** The four banks of the story: each its own base URL (/banks/<id>) and its own data. */
export const BANKS: readonly Bank[] = DEMO_BANKS;

/** Extra demo banks (EXTRA_DEMO_BANKS), each with one checking account, to see the story at scale. */
export function extraBanks(count: number): Bank[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 5).padStart(2, '0');
    return { id: `bank${n}`, name: `Demo Bank ${n}` };
  });
}

/** Every simulated bank this process serves. */
@Injectable()
export class BankDirectory {
  readonly all: readonly Bank[];

  constructor(config: AppConfig) {
    this.all = [...BANKS, ...extraBanks(config.extraDemoBanks)];
  }

  find(id: unknown): Bank | undefined {
    return this.all.find((b) => b.id === id);
  }
}

/** Turns the :bankId route parameter into a known bank, or 404. */
@Injectable()
export class BankPipe implements PipeTransform<unknown, Bank> {
  constructor(private readonly directory: BankDirectory) {}

  transform(value: unknown, _meta: ArgumentMetadata): Bank {
    const bank = this.directory.find(value);
    if (!bank) throw new NotFoundException('no such bank');
    return bank;
  }
}

/** Each bank's browser session: its own cookie, sent only to /banks/<id>; an unknown bank is 404 before anything else. */
export const BankSession = () =>
  UseSession((req, lookup) => {
    const bank = lookup(BankDirectory).find(req.params.bankId);
    return bank && { name: `bank:${bank.id}`, path: `/banks/${bank.id}` };
  });
