import { Injectable, NotFoundException } from '@nestjs/common';
import { DPOP_ALGS } from '../../common/dpop/dpop-verifier.js';
import { AppConfig } from '../../config/app-config.js';
import type { Bank } from '../bank-directory.js';
import { DelegationService } from '../delegation.service.js';

/** Scopes a bank's data API understands (the FDX routes' @RequiredScope). */
export const BANK_SCOPES = ['accounts:read', 'transactions:read'];

/** The part of an account's API a metadata document describes: the account itself or its transactions. */
export type AccountPart = 'account' | 'transactions';

/**
 * RFC 9728 §2 protected resource metadata of a bank and of each account it serves. An account names the
 * one AS its owner delegated it to — the seed's delegation, as a standard document a client can read
 * before it holds any token. The bank-wide document names no AS: each account has its own, and listing
 * every customer's AS publicly would tell anyone where the bank's customers keep their authorization.
 */
@Injectable()
export class ResourceMetadataService {
  constructor(
    private readonly config: AppConfig,
    private readonly delegations: DelegationService,
  ) {}

  bank(bank: Bank) {
    return this.document(this.config.bankUrl(bank.id), bank, undefined);
  }

  /** 404 unless the account is delegated: an undelegated account has no AS a client could ask. */
  async account(bank: Bank, accountId: string, part: AccountPart) {
    const delegation = await this.delegations.findDelegation(bank.id, accountId);
    if (!delegation) throw new NotFoundException('this account is not delegated to any authorization server');
    const endpoint = this.delegations.endpoint(bank, accountId);
    return this.document(part === 'account' ? endpoint : `${endpoint}/transactions`, bank, delegation.issuer);
  }

  private document(resource: string, bank: Bank, issuer: string | undefined) {
    return {
      resource, // RFC 9728 §3.3: equal to the identifier the metadata URL was built from
      ...(issuer ? { authorization_servers: [issuer] } : {}),
      scopes_supported: BANK_SCOPES,
      bearer_methods_supported: ['header'], // FAPI 2.0 §5.3.4: never in the query or the body
      // RFC 9728 §2: DPoP proofs it checks; bound tokens are required only of the clients that asked for them.
      dpop_signing_alg_values_supported: DPOP_ALGS,
      dpop_bound_access_tokens_required: false,
      resource_name: bank.name,
    };
  }
}
