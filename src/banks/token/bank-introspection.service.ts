import { Injectable } from '@nestjs/common';
import { OAuthClientService } from '../../common/oauth-client/oauth-client.service.js';
import { AppConfig } from '../../config/app-config.js';
import { AsPartnerService } from '../as-partner.service.js';

/**
 * A bank asks the AS (RFC 7662) whether a token it already verified is still good: a revoked grant, an
 * expired one, or an account removed at the AS makes it inactive. Positive answers are kept for the
 * recheck interval, so a busy token costs one call per interval; any failure counts as "not active".
 */
@Injectable()
export class BankIntrospectionService {
  private readonly stillActive = new Map<string, { until: number; grantId: string }>(); // `${bank} ${jti}` →

  constructor(
    private readonly partners: AsPartnerService,
    private readonly oauth: OAuthClientService,
    private readonly config: AppConfig,
  ) {}

  async isActive(bankId: string, issuer: string, jti: string, token: string, grantId: string): Promise<boolean> {
    const key = `${bankId} ${jti}`;
    const until = this.stillActive.get(key)?.until;
    if (until !== undefined && until > Date.now()) return true;
    this.stillActive.delete(key);
    const active = await this.ask(bankId, issuer, token).catch(() => false);
    if (active) {
      this.forgetExpired();
      this.stillActive.set(key, { until: Date.now() + this.config.bankTokenRecheckSeconds * 1000, grantId });
    }
    return active;
  }

  private async ask(bankId: string, issuer: string, token: string): Promise<boolean> {
    const partner = await this.partners.known(bankId, issuer);
    return partner ? this.oauth.introspect(partner.meta, partner.client, token) : false;
  }

  private forgetExpired(): void {
    if (this.stillActive.size < 10_000) return;
    const now = Date.now();
    for (const [k, v] of this.stillActive) if (v.until <= now) this.stillActive.delete(k);
  }

  /** A pushed revocation: the positive answers kept for this grant's tokens at this bank no longer hold. */
  forgetGrant(bankId: string, grantId: string): void {
    for (const [k, v] of this.stillActive) if (v.grantId === grantId && k.startsWith(`${bankId} `)) this.stillActive.delete(k);
  }
}
