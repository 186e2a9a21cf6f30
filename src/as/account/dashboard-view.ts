// How the dashboard says things to a person: readable times, words for account types, activity grouped.
// Pure: no request, no storage.

import type { ActivityEntity, ActivityKind } from '../entities/activity.entity.js';

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });

/** A moment as the page shows it before the browser puts it in local time: ISO for the machine, "5 Dec 2026, 15:40 UTC" for the eye. */
export function when(value: Date | number | string): { iso: string; text: string } {
  // A bigint column may come back as a string of milliseconds.
  const d = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return { iso: d.toISOString(), text: `${UTC_FORMAT.format(d)} UTC` };
}

const TYPE_WORDS: Record<string, string> = {
  checking: 'Checking account',
  savings: 'Savings account',
  brokerage: 'Brokerage account',
  mutualfund: 'Mutual fund',
  creditcard: 'Credit card',
  cd: 'Certificate of deposit',
  moneymarket: 'Money market account',
  loan: 'Loan',
  mortgage: 'Mortgage',
};

/** "creditcard" → "Credit card"; an unknown type is shown as the bank wrote it. */
export function typeWords(type: string | null | undefined): string {
  const key = String(type ?? '').toLowerCase().replace(/[^a-z]/g, '');
  return TYPE_WORDS[key] ?? (type || 'Account');
}

/** The kinds where the party is a bank acting for its accounts, not an app. */
const BANK_KINDS = new Set<ActivityKind>(['resource_registered', 'resource_removed', 'bank_introspection']);

export interface ActivityLine {
  kind: ActivityKind;
  detail: string;
  /** The app concerned, when an app acted. */
  app: string | null;
  /** The bank(s) concerned. */
  bank: string | null;
  count: number;
  first: { iso: string; text: string };
  last: { iso: string; text: string };
}

/** Repeats closer than this to each other make one line: "Grapher asked Intro · 12 times". */
export const GROUP_WINDOW_MS = 30 * 60_000;

/**
 * One line per thing done, with repeats of the same thing by the same party folded into one line with
 * a count and a time span (newest first): a picture viewed twelve times is one line, not twelve.
 */
export function groupActivity(rows: ActivityEntity[], banks: ReadonlySet<string> = new Set()): ActivityLine[] {
  const lines: (ActivityLine & { oldestAt: number; newestAt: number })[] = [];
  const open = new Map<string, (typeof lines)[number]>();
  for (const row of [...rows].sort((a, b) => b.at - a.at)) {
    const byBank = BANK_KINDS.has(row.kind) || (row.clientName !== null && banks.has(row.clientName));
    const app = byBank ? null : row.clientName;
    const bank = byBank ? (row.bank ?? row.clientName) : row.bank;
    const key = JSON.stringify([row.kind, app, bank, row.detail]);
    const line = open.get(key);
    if (line && line.oldestAt - row.at <= GROUP_WINDOW_MS) {
      line.count++;
      line.oldestAt = row.at;
      line.first = when(row.at);
      continue;
    }
    const fresh = { kind: row.kind, detail: row.detail, app, bank, count: 1, first: when(row.at), last: when(row.at), oldestAt: row.at, newestAt: row.at };
    lines.push(fresh);
    open.set(key, fresh);
  }
  return lines.map(({ oldestAt: _o, newestAt: _n, ...line }) => line);
}
