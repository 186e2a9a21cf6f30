import { CanActivate, ExecutionContext, Injectable, ServiceUnavailableException } from '@nestjs/common';

/** DEMO ONLY: a switch that makes one bank's data API answer 503, to show a bank that is down. */
@Injectable()
export class BankOutageService {
  private readonly down = new Set<string>();

  set(bankId: string, down: boolean): void {
    if (down) this.down.add(bankId);
    else this.down.delete(bankId);
  }

  isDown(bankId: string): boolean {
    return this.down.has(bankId);
  }
}

/** Answers 503 for a bank switched off by the demo, before any token work. */
@Injectable()
export class BankOutageGuard implements CanActivate {
  constructor(private readonly outage: BankOutageService) {}

  canActivate(ctx: ExecutionContext): boolean {
    const bankId = String(ctx.switchToHttp().getRequest<{ params: Record<string, string> }>().params.bankId);
    if (this.outage.isDown(bankId)) throw new ServiceUnavailableException('this bank is down for maintenance (demo)');
    return true;
  }
}
