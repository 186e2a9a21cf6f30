import { Inject, Injectable, Optional } from '@nestjs/common';
import { HttpClient, OutboundError, OutboundOptions, OutboundResponse } from '../common/http/http-client.js';
import type { DpopSender } from '../common/oauth-client/dpop-sender.js';
import type { FdxAccount, FdxTransaction, FdxTransactionsResponse } from '../common/fdx/fdx.types.js';
import type { FetchedAccount } from './picture/picture.types.js';

export interface IntroEntry {
  endpoint: string;
  access_token: string;
  token_type?: string;
  expires_in?: number;
  scope?: string;
  /** The bank's identifier (its resource identifier) and display name, as the AS names it. */
  bank_id?: string;
  bank_name?: string;
}

/** down: no connection; slow: out of time; garbage: not FDX; refused: 401/403; error: any other HTTP status. */
export type FailureKind = 'down' | 'slow' | 'garbage' | 'refused' | 'error';

export interface BankFailure {
  label: string;
  institution: string;
  kind: FailureKind;
  reason: string;
  status?: number;
}

export interface BankFetchLimits {
  /** Per request. */
  timeoutMs: number;
  /** Per account, every page included. */
  budgetMs: number;
  maxBytes: number;
  pageLimit: number;
  maxPages: number;
}

export const BANK_FETCH_LIMITS = Symbol('BANK_FETCH_LIMITS');

export const DEFAULT_LIMITS: BankFetchLimits = { timeoutMs: 5000, budgetMs: 15_000, maxBytes: 2 << 20, pageLimit: 500, maxPages: 40 };

const CATEGORIES = new Set(['DEPOSIT_ACCOUNT', 'INVESTMENT_ACCOUNT', 'LOC_ACCOUNT']);
const MEMOS = new Set(['CREDIT', 'DEBIT', 'MEMO']);

export class BankError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The institution an entry belongs to, as the AS named it (`bank_name`). The label is for people and
 * is never parsed: an AS that names no bank gets its whole label shown as the institution.
 */
export function institutionOf(label: string, entry: IntroEntry | undefined): string {
  const name = entry?.bank_name;
  return typeof name === 'string' && name.trim() !== '' ? name.slice(0, 200) : label;
}

/** Phase 3 at Grapher: every account at once, each with its own token; one failure spoils nothing else. */
@Injectable()
export class BankDataService {
  private readonly limits: BankFetchLimits;

  constructor(
    private readonly http: HttpClient,
    @Optional() @Inject(BANK_FETCH_LIMITS) limits?: Partial<BankFetchLimits>,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** `dpop`: Grapher's DPoP sender for the AS that gave these tokens, for the ones it bound (token_type DPoP). */
  async fetchAll(intro: Record<string, IntroEntry>, since: Date, dpop?: DpopSender): Promise<{ accounts: FetchedAccount[]; failures: BankFailure[] }> {
    const entries = Object.entries(intro);
    const results = await Promise.allSettled(entries.map(([label, e]) => this.fetchOne(label, e, since, dpop)));
    const accounts: FetchedAccount[] = [];
    const failures: BankFailure[] = [];
    results.forEach((r, i) => {
      const [label, entry] = entries[i];
      if (r.status === 'fulfilled') accounts.push(r.value);
      else failures.push({ label, institution: institutionOf(label, entry), ...this.describe(r.reason) });
    });
    return { accounts, failures };
  }

  private async fetchOne(label: string, entry: IntroEntry, since: Date, dpop?: DpopSender): Promise<FetchedAccount> {
    if (typeof entry?.endpoint !== 'string' || typeof entry.access_token !== 'string' || !/^https?:\/\//.test(entry.endpoint)) {
      throw new BankError('garbage', 'your AS gave no usable bank address and token for this account');
    }
    const deadline = Date.now() + this.limits.budgetMs;
    // RFC 9449 §7.1: a DPoP-bound bank token goes with a fresh proof of the same key, per request.
    const bound = /^dpop$/i.test(entry.token_type ?? '');
    if (bound && !dpop) throw new BankError('refused', 'your AS bound this bank token to a key Grapher does not hold');
    const token = entry.access_token;
    const send = bound ? (url: string, o: OutboundOptions) => dpop!.send<unknown>(url, o, token) : (url: string, o: OutboundOptions) => this.http.json<unknown>(url, { ...o, headers: { authorization: `Bearer ${token}` } });
    const account = checkAccount(await this.get<FdxAccount>(entry.endpoint, send, deadline));
    const transactions: FdxTransaction[] = [];
    let offset: string | undefined = '0';
    const seen = new Set<string>();
    for (let page = 0; offset !== undefined; page++) {
      if (page >= this.limits.maxPages) throw new BankError('garbage', `the bank kept paging past ${this.limits.maxPages} pages of transactions; Grapher stopped`);
      if (seen.has(offset)) throw new BankError('garbage', 'the bank sent the same page of transactions twice; Grapher stopped');
      seen.add(offset);
      const url = new URL(`${entry.endpoint}/transactions`);
      url.search = new URLSearchParams({ startTime: since.toISOString().slice(0, 10), offset, limit: String(this.limits.pageLimit) }).toString();
      const body = await this.get<FdxTransactionsResponse>(url.toString(), send, deadline);
      if (!Array.isArray(body?.transactions)) throw new BankError('garbage', 'unreadable answer: the bank did not send an FDX transaction list');
      body.transactions.forEach((t, i) => checkTransaction(t, transactions.length + i));
      transactions.push(...body.transactions);
      const next: unknown = body.page?.nextOffset;
      if (next !== undefined && typeof next !== 'string') throw new BankError('garbage', 'unreadable answer: the page of transactions has a malformed nextOffset');
      offset = next;
    }
    const historyFrom = historyFromToken(entry.access_token);
    return { label, institution: institutionOf(label, entry), account, transactions, ...(historyFrom ? { historyFrom } : {}) };
  }

  private async get<T>(url: string, send: (url: string, o: OutboundOptions) => Promise<OutboundResponse<unknown>>, deadline: number): Promise<T> {
    const left = deadline - Date.now();
    if (left <= 0) throw new BankError('slow', `too slow: the bank did not send everything within ${seconds(this.limits.budgetMs)}`);
    const timeoutMs = Math.min(this.limits.timeoutMs, left);
    const res = (await send(url, { timeoutMs, maxBytes: this.limits.maxBytes })) as OutboundResponse<T>;
    if (res.status === 401) throw new BankError('refused', 'the bank answered HTTP 401: it did not accept the token from your AS', 401);
    if (res.status === 403) throw new BankError('refused', 'the bank answered HTTP 403: the token from your AS does not allow reading this account', 403);
    if (res.status !== 200) throw new BankError('error', `the bank answered HTTP ${res.status}`, res.status);
    return res.body;
  }

  private describe(reason: unknown): { kind: FailureKind; reason: string; status?: number } {
    if (reason instanceof BankError) return { kind: reason.kind, reason: reason.message, status: reason.status };
    if (reason instanceof OutboundError) {
      const m = reason.message;
      switch (reason.kind) {
        case 'timeout':
          return { kind: 'slow', reason: `too slow: no answer within ${seconds(this.limits.timeoutMs)}` };
        case 'too_large':
          return { kind: 'garbage', reason: `unreadable answer: larger than ${Math.round(this.limits.maxBytes / 1024)} KiB` };
        case 'not_json':
          return { kind: 'garbage', reason: 'unreadable answer: not JSON', status: reason.status };
        case 'broken':
          return { kind: 'down', reason: 'unreachable: the bank cut the connection while answering' };
        case 'blocked':
        case 'refused':
          return { kind: 'down', reason: `unreachable: ${m.includes('refused: ') ? m.slice(m.indexOf('refused: ')) : 'refused'}` };
        default:
          return { kind: 'down', reason: 'unreachable: Grapher could not connect to the bank' };
      }
    }
    return { kind: 'error', reason: 'an unexpected error' };
  }
}

/**
 * The first day of history the person allowed, as the AS wrote it into the bank token (history_from).
 * Read only to leave earlier months blank rather than wrong: the bank, not Grapher, checks the token.
 */
export function historyFromToken(token: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { history_from?: unknown };
    return typeof claims?.history_from === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(claims.history_from) ? claims.history_from : undefined;
  } catch {
    return undefined;
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function checkAccount(a: FdxAccount): FdxAccount {
  const bad = (what: string) => new BankError('garbage', `unreadable answer: ${what}`);
  if (!a || typeof a !== 'object' || typeof a.accountId !== 'string' || !CATEGORIES.has(a.accountCategory)) throw bad('the bank did not send an FDX account');
  if (a.accountCategory === 'INVESTMENT_ACCOUNT' ? !isNumber(a.currentValue) : !isNumber(a.currentBalance)) throw bad('the account has no balance');
  if (a.currency !== undefined && typeof a.currency?.currencyCode !== 'string') throw bad('the account has a malformed currency');
  return a;
}

function checkTransaction(t: FdxTransaction, n: number): void {
  const ok =
    t &&
    typeof t === 'object' &&
    typeof t.postedTimestamp === 'string' &&
    isNumber(t.amount) &&
    t.amount >= 0 &&
    MEMOS.has(t.debitCreditMemo) &&
    typeof t.status === 'string' &&
    (t.description === undefined || typeof t.description === 'string');
  if (!ok) throw new BankError('garbage', `unreadable answer: transaction #${n + 1} is not an FDX transaction`);
}
