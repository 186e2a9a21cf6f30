import { Injectable } from '@nestjs/common';
import { HttpClient, OutboundError } from '../common/http/http-client.js';
import type { FdxAccount, FdxTransaction, FdxTransactionsResponse } from '../common/fdx/fdx.types.js';
import type { FetchedAccount } from './picture/picture.types.js';

export interface IntroEntry {
  endpoint: string;
  access_token: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
}

export interface BankFailure {
  label: string;
  reason: string;
  status?: number;
}

const TIMEOUT_MS = 5000;
const MAX_BYTES = 2 << 20;
const PAGE_LIMIT = 500;
const MAX_PAGES = 40;

/** Phase 3 at Grapher (seed [16]–[19]): every bank at once, each with its own token; one failure spoils nothing else. */
@Injectable()
export class BankDataService {
  constructor(private readonly http: HttpClient) {}

  async fetchAll(intro: Record<string, IntroEntry>, since: Date): Promise<{ accounts: FetchedAccount[]; failures: BankFailure[] }> {
    const entries = Object.entries(intro);
    const results = await Promise.allSettled(entries.map(([label, e]) => this.fetchOne(label, e, since)));
    const accounts: FetchedAccount[] = [];
    const failures: BankFailure[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') accounts.push(r.value);
      else failures.push({ label: entries[i][0], ...describe(r.reason) });
    });
    return { accounts, failures };
  }

  private async fetchOne(label: string, entry: IntroEntry, since: Date): Promise<FetchedAccount> {
    if (typeof entry?.endpoint !== 'string' || typeof entry.access_token !== 'string' || !/^https?:\/\//.test(entry.endpoint)) {
      throw new BankError('Intro gave no usable endpoint and token for this account');
    }
    const headers = { authorization: `Bearer ${entry.access_token}` };
    const account = await this.get<FdxAccount>(entry.endpoint, headers);
    if (typeof account?.accountId !== 'string' || typeof account.accountCategory !== 'string') throw new BankError('the bank answered with something that is not an FDX account');
    const transactions: FdxTransaction[] = [];
    let offset: string | undefined = '0';
    for (let page = 0; offset !== undefined && page < MAX_PAGES; page++) {
      const url = new URL(`${entry.endpoint}/transactions`);
      url.search = new URLSearchParams({ startTime: since.toISOString().slice(0, 10), offset, limit: String(PAGE_LIMIT) }).toString();
      const body = await this.get<FdxTransactionsResponse>(url.toString(), headers);
      if (!Array.isArray(body?.transactions)) throw new BankError('the bank answered with something that is not an FDX transaction list');
      transactions.push(...body.transactions);
      offset = body.page?.nextOffset;
    }
    const institution = label.split(' — ')[0];
    return { label, institution, account, transactions };
  }

  private async get<T>(url: string, headers: Record<string, string>): Promise<T> {
    const res = await this.http.json<T>(url, { headers, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES });
    if (res.status !== 200) throw new BankError(`the bank answered HTTP ${res.status}${res.headers.get('www-authenticate') ? ` (${res.headers.get('www-authenticate')})` : ''}`, res.status);
    return res.body;
  }
}

export class BankError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function describe(reason: unknown): { reason: string; status?: number } {
  if (reason instanceof BankError) return { reason: reason.message, status: reason.status };
  if (reason instanceof OutboundError) return { reason: reason.message.replace(/^\w+ \S+: /, ''), status: reason.status };
  return { reason: 'an unexpected error' };
}
