import { ArgumentMetadata, Injectable, NotFoundException, PipeTransform } from '@nestjs/common';
import { UseSession } from '../common/session/session.decorators.js';
import { DEMO_BANKS } from './demo/demo-data.js';

export interface Bank {
  id: string;
  name: string;
}

/** The simulated banks: each its own base URL (/banks/<id>) and its own data. */
export const BANKS: readonly Bank[] = DEMO_BANKS;

/** Turns the :bankId route parameter into a known bank, or 404. */
@Injectable()
export class BankPipe implements PipeTransform<unknown, Bank> {
  transform(value: unknown, _meta: ArgumentMetadata): Bank {
    const bank = BANKS.find((b) => b.id === value);
    if (!bank) throw new NotFoundException('no such bank');
    return bank;
  }
}

/** Each bank's browser session: its own cookie, sent only to /banks/<id>. */
export const BankSession = () =>
  UseSession((req) => {
    const id = String(req.params.bankId ?? '');
    return /^[a-z0-9-]{1,32}$/.test(id) ? { name: `bank:${id}`, path: `/banks/${id}` } : { name: 'bank:?', path: '/banks' };
  });
