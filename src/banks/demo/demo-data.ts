/**
 * Deterministic demo data for Steward's four simulated banks.
 *
 * The story: Nat Sakimura is paid by ACME Corp twice a month (15th and last business
 * day) into a Bank of Astoria checking account. From checking Nat pays rent,
 * electricity, water, internet and phone, a couple of streaming subscriptions, and buys
 * groceries with the debit card. Each month checking also:
 *   - autopays the Monami Card statement in full (checking DEBIT "MONAMI CARD PAYMENT"
 *     and card CREDIT "PAYMENT - THANK YOU", same day, same amount);
 *   - moves a fixed amount to Astoria savings, which earns interest at month end;
 *   - buys into the Lastish Global Index Fund (automatic investment plan);
 *   - sweeps whatever sits above a cushion into the Norma Securities brokerage account.
 * Day-to-day spending (restaurants, coffee, fuel, shopping, rides, travel, Costco) goes
 * on the Monami card. Both investment accounts are revalued at each month end
 * ("Market revaluation", ADJUSTMENT) along a shared market with a gentle upward drift
 * and a few down months; the brokerage also receives quarterly ETF dividends.
 *
 * The history is simulated day by day, in integer cents, from fixed opening balances at
 * the start of the history, with a fixed-seed PRNG (mulberry32). The same `asOf` and
 * `months` therefore always give deep-equal output, and two builds sharing the same
 * history start share the same transactions up to the earlier `asOf`.
 */
import type {
  FdxAccountCategory,
  FdxAccountDescriptor,
  FdxAccountType,
  FdxDebitCreditMemo,
  FdxTransaction,
} from '../../common/fdx/fdx.types.js';

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

export interface DemoAccount {
  descriptor: FdxAccountDescriptor;
  /** YYYY-MM-DD */
  openedDate: string;
  /** Credit card only. */
  creditLine?: number;
  /** Oldest first, all POSTED, amount > 0 with 2 decimals, transactionId unique per bank. */
  transactions: FdxTransaction[];
  /** Balance in the account's own terms as of `asOf`: money held (deposit), market value (investment), amount owed (credit card, >= 0). */
  currentBalance: number;
}

export interface DemoCustomer {
  username: string;
  password: string;
  displayName: string;
  accounts: DemoAccount[];
}

export interface DemoBank {
  id: 'norma' | 'lastish' | 'monami' | 'astoria';
  name: string;
  customers: DemoCustomer[];
}

export const DEMO_BANKS: ReadonlyArray<{ id: DemoBank['id']; name: string }> = Object.freeze([
  Object.freeze({ id: 'norma' as const, name: 'Norma Securities' }),
  Object.freeze({ id: 'lastish' as const, name: 'Lastish Fundco' }),
  Object.freeze({ id: 'monami' as const, name: 'Monami Card' }),
  Object.freeze({ id: 'astoria' as const, name: 'Bank of Astoria' }),
]);

/**
 * Builds the demo banks with `months` whole months of history (at least 12) ending at
 * `asOf`. The history starts on the first day of the month `months` months before the
 * month of `asOf`; nothing is dated after `asOf`.
 */
export function buildDemoBanks(asOf: Date, months = 24): DemoBank[] {
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) {
    throw new RangeError('buildDemoBanks: asOf must be a valid Date');
  }
  if (!Number.isFinite(months)) {
    throw new RangeError('buildDemoBanks: months must be a finite number');
  }
  const historyMonths = Math.max(MIN_HISTORY_MONTHS, Math.floor(months));
  const start = utcDate(asOf.getUTCFullYear(), asOf.getUTCMonth() - historyMonths, 1);

  const ledgers = openLedgers();
  simulate(ledgers, start, asOf);

  const customer = (accounts: DemoAccount[]): DemoCustomer[] => [
    { username: DEMO_USERNAME, password: DEMO_PASSWORD, displayName: DEMO_DISPLAY_NAME, accounts },
  ];
  const bankName = (id: DemoBank['id']): string => DEMO_BANKS.find((b) => b.id === id)!.name;

  return [
    { id: 'norma', name: bankName('norma'), customers: customer([toDemoAccount(ledgers.brokerage, start)]) },
    { id: 'lastish', name: bankName('lastish'), customers: customer([toDemoAccount(ledgers.fund, start)]) },
    { id: 'monami', name: bankName('monami'), customers: customer([toDemoAccount(ledgers.card, start)]) },
    {
      id: 'astoria',
      name: bankName('astoria'),
      customers: customer([toDemoAccount(ledgers.checking, start), toDemoAccount(ledgers.savings, start)]),
    },
  ];
}

// ---------------------------------------------------------------------------
// Constants of the story
// ---------------------------------------------------------------------------

/** Demo-only credentials: never use for anything real. */
const DEMO_USERNAME = 'nat';
const DEMO_PASSWORD = 'nat-demo';
const DEMO_DISPLAY_NAME = 'Nat Sakimura';

const SEED = 0x5eed2026;
const MIN_HISTORY_MONTHS = 12;
const DAY_MS = 86_400_000;

const PAYCHECK_CENTS = 315_000; // net, per paycheck, first year of history
const RENT_CENTS = 235_000;
const ANNUAL_RAISE = 0.03; // salary and rent both go up 3% each January
const SAVINGS_TRANSFER_CENTS = 50_000;
const FUND_PURCHASE_CENTS = 40_000;
const CHECKING_CUSHION_CENTS = 250_000; // kept in checking; the rest is swept to brokerage
const SAVINGS_APY = 0.041;
const CARD_CREDIT_LINE_CENTS = 800_000;

/** Monthly market return: drift plus triangular noise in [-2.5%, +2.5%]. */
const MARKET_DRIFT = 0.008;
const MARKET_NOISE = 0.025;
const BROKERAGE_EXTRA_NOISE = 0.01;

// ---------------------------------------------------------------------------
// Seeded PRNG
// ---------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Uniform integer amount of cents between two dollar figures. */
  cents(minDollars: number, maxDollars: number): number {
    const min = Math.round(minDollars * 100);
    const max = Math.round(maxDollars * 100);
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Symmetric triangular noise in [-width, +width]. */
  triangular(width: number): number {
    return (this.next() + this.next() - 1) * width;
  }
}

// ---------------------------------------------------------------------------
// UTC date helpers (all demo timestamps are midnight UTC)
// ---------------------------------------------------------------------------

function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month, day));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function lastDayOfMonth(year: number, month: number): number {
  return utcDate(year, month + 1, 0).getUTCDate();
}

function isWeekend(date: Date): boolean {
  const dow = date.getUTCDay();
  return dow === 0 || dow === 6;
}

/** ACH debits scheduled on a weekend post the next business day. */
function nextBusinessDay(date: Date): Date {
  let d = date;
  while (isWeekend(d)) d = addDays(d, 1);
  return d;
}

/** Payroll scheduled on a weekend is paid the business day before. */
function previousBusinessDay(date: Date): Date {
  let d = date;
  while (isWeekend(d)) d = addDays(d, -1);
  return d;
}

// ---------------------------------------------------------------------------
// Ledgers: one per account, balance kept in integer cents
// ---------------------------------------------------------------------------

interface PostOptions {
  transactionType?: string;
  /** When the purchase happened, if earlier than the posting day (card purchases). */
  transactionDay?: Date;
}

class Ledger {
  readonly transactions: FdxTransaction[] = [];
  private sequence = 0;

  constructor(
    readonly descriptor: FdxAccountDescriptor,
    readonly openedDate: string,
    public balanceCents: number,
    readonly creditLineCents?: number,
  ) {}

  /** Credit cards track the amount owed: a DEBIT (charge) raises it, a CREDIT lowers it. */
  private get isLiability(): boolean {
    return this.descriptor.accountCategory === 'LOC_ACCOUNT';
  }

  credit(day: Date, description: string, cents: number, options: PostOptions = {}): void {
    this.post(day, description, cents, 'CREDIT', options);
  }

  debit(day: Date, description: string, cents: number, options: PostOptions = {}): void {
    this.post(day, description, cents, 'DEBIT', options);
  }

  private post(day: Date, description: string, cents: number, memo: FdxDebitCreditMemo, options: PostOptions): void {
    if (!Number.isInteger(cents)) throw new Error(`demo-data: non-integer cents ${cents}`);
    if (cents <= 0) return; // nothing to post
    const assetDelta = memo === 'CREDIT' ? cents : -cents;
    this.balanceCents += this.isLiability ? -assetDelta : assetDelta;
    this.sequence += 1;
    const transaction: FdxTransaction = {
      accountCategory: this.descriptor.accountCategory,
      transactionId: `${this.descriptor.accountId}-${String(this.sequence).padStart(6, '0')}`,
      postedTimestamp: day.toISOString(),
      transactionTimestamp: (options.transactionDay ?? day).toISOString(),
      description,
      amount: cents / 100,
      debitCreditMemo: memo,
      status: 'POSTED',
    };
    if (options.transactionType !== undefined) transaction.transactionType = options.transactionType;
    this.transactions.push(transaction);
  }
}

interface Ledgers {
  checking: Ledger;
  savings: Ledger;
  brokerage: Ledger;
  fund: Ledger;
  card: Ledger;
}

function descriptor(
  accountCategory: FdxAccountCategory,
  accountType: FdxAccountType,
  accountId: string,
  productName: string,
  nickname: string,
): FdxAccountDescriptor {
  return {
    accountCategory,
    accountId,
    accountType,
    accountNumberDisplay: accountId.slice(-4),
    productName,
    nickname,
    status: 'OPEN',
    currency: { currencyCode: 'USD' },
  };
}

/** Opening balances at the start of the history. */
function openLedgers(): Ledgers {
  return {
    checking: new Ledger(
      descriptor('DEPOSIT_ACCOUNT', 'CHECKING', '8879874', 'Astoria Everyday Checking', 'Checking'),
      '2016-08-15',
      340_000,
    ),
    savings: new Ledger(
      descriptor('DEPOSIT_ACCOUNT', 'SAVINGS', '8879881', 'Astoria High-Yield Savings', 'Savings'),
      '2016-08-15',
      1_350_000,
    ),
    brokerage: new Ledger(
      descriptor('INVESTMENT_ACCOUNT', 'BROKERAGE', '5835394', 'Self-Directed Brokerage', 'Brokerage'),
      '2019-03-04',
      4_300_000,
    ),
    fund: new Ledger(
      descriptor('INVESTMENT_ACCOUNT', 'MUTUALFUND', '436922', 'Lastish Global Index Fund', 'Index fund'),
      '2020-06-22',
      2_050_000,
    ),
    card: new Ledger(
      descriptor('LOC_ACCOUNT', 'CREDITCARD', '771204', 'Monami Cash Rewards Visa', 'Monami card'),
      '2021-10-07',
      64_000,
      CARD_CREDIT_LINE_CENTS,
    ),
  };
}

function toDemoAccount(ledger: Ledger, historyStart: Date): DemoAccount {
  const account: DemoAccount = {
    descriptor: ledger.descriptor,
    openedDate: openedBefore(ledger.openedDate, historyStart),
    transactions: ledger.transactions,
    currentBalance: ledger.balanceCents / 100,
  };
  if (ledger.creditLineCents !== undefined) account.creditLine = ledger.creditLineCents / 100;
  return account;
}

/** The account must predate its history; for very old `asOf` values, move the opening back. */
function openedBefore(openedDate: string, historyStart: Date): string {
  return openedDate < dayKey(historyStart) ? openedDate : dayKey(addDays(historyStart, -400));
}

// ---------------------------------------------------------------------------
// Spending catalogue
// ---------------------------------------------------------------------------

interface SpendingCategory {
  chancePerDay: number;
  minDollars: number;
  maxDollars: number;
  merchants: readonly string[];
}

const DEBIT_CARD_SPENDING: readonly SpendingCategory[] = [
  {
    chancePerDay: 0.28,
    minDollars: 28,
    maxDollars: 145,
    merchants: [
      'POS DEBIT WHOLE FOODS MARKET #10234 SAN MATEO CA',
      "POS DEBIT TRADER JOE'S #552 SAN MATEO CA",
      'POS DEBIT SAFEWAY #1711 SAN MATEO CA',
    ],
  },
  { chancePerDay: 0.05, minDollars: 8, maxDollars: 48, merchants: ['POS DEBIT CVS/PHARMACY #09412 SAN MATEO CA'] },
  { chancePerDay: 0.03, minDollars: 60, maxDollars: 60, merchants: ['ATM WITHDRAWAL 004417 E 3RD AVE SAN MATEO CA'] },
];

const CARD_SPENDING: readonly SpendingCategory[] = [
  {
    chancePerDay: 0.24,
    minDollars: 12,
    maxDollars: 85,
    merchants: ['CHIPOTLE 1842 SAN MATEO CA', 'SWEETGREEN SOMA SAN FRANCISCO CA', 'NOPA SAN FRANCISCO CA', 'SQ *TACOLICIOUS SAN MATEO CA'],
  },
  {
    chancePerDay: 0.25,
    minDollars: 4.5,
    maxDollars: 9,
    merchants: ['BLUE BOTTLE COFFEE SAN FRANCISCO CA', 'STARBUCKS STORE 05123 SAN MATEO CA'],
  },
  { chancePerDay: 0.12, minDollars: 35, maxDollars: 70, merchants: ['SHELL OIL 57444021 SAN MATEO CA', 'CHEVRON 0093412 BURLINGAME CA'] },
  {
    chancePerDay: 0.08,
    minDollars: 15,
    maxDollars: 180,
    merchants: ['AMAZON.COM*2K4RT7 AMZN.COM/BILL WA', 'TARGET 00012345 SAN MATEO CA', 'REI #45 SAN CARLOS CA'],
  },
  { chancePerDay: 0.05, minDollars: 80, maxDollars: 260, merchants: ['COSTCO WHSE #0144 REDWOOD CITY CA'] },
  { chancePerDay: 0.08, minDollars: 9, maxDollars: 38, merchants: ['UBER *TRIP HELP.UBER.COM CA', 'LYFT *RIDE SAN FRANCISCO CA'] },
  {
    chancePerDay: 0.012,
    minDollars: 180,
    maxDollars: 650,
    merchants: ['UNITED AIRLINES 0162345 HOUSTON TX', 'DELTA AIR LINES ATLANTA GA', 'MARRIOTT SEATTLE WATERFRONT WA'],
  },
];

// ---------------------------------------------------------------------------
// Simulation
// ---------------------------------------------------------------------------

type Phase = 'open' | 'close';
interface ScheduledEvent {
  phase: Phase;
  run: (day: Date) => void;
}

/** Mutable state shared by the scheduled events. */
interface SimState {
  rng: Rng;
  ledgers: Ledgers;
  historyStart: Date;
  /** Card statement balance awaiting autopay. */
  cardStatementCents: number;
}

function simulate(ledgers: Ledgers, historyStart: Date, asOf: Date): void {
  const state: SimState = {
    rng: new Rng(SEED),
    ledgers,
    historyStart,
    // The opening owed balance is the statement paid by the first autopay.
    cardStatementCents: ledgers.card.balanceCents,
  };
  const schedule = buildSchedule(state, asOf);

  for (let day = historyStart; day.getTime() <= asOf.getTime(); day = addDays(day, 1)) {
    const events = schedule.get(dayKey(day)) ?? [];
    for (const event of events) if (event.phase === 'open') event.run(day);
    spendDuringDay(state, day);
    for (const event of events) if (event.phase === 'close') event.run(day);
  }
}

/** Every recurring event keyed by the day it posts, in the order it runs within the day. */
function buildSchedule(state: SimState, asOf: Date): Map<string, ScheduledEvent[]> {
  const schedule = new Map<string, ScheduledEvent[]>();
  const at = (date: Date, phase: Phase, run: (day: Date) => void): void => {
    const key = dayKey(date);
    const list = schedule.get(key) ?? [];
    list.push({ phase, run });
    schedule.set(key, list);
  };

  const y0 = state.historyStart.getUTCFullYear();
  const m0 = state.historyStart.getUTCMonth();
  const monthCount = (asOf.getUTCFullYear() - y0) * 12 + (asOf.getUTCMonth() - m0);
  // Start one month early so month-end items rolled into the first days are included.
  for (let i = -1; i <= monthCount; i++) {
    const first = utcDate(y0, m0 + i, 1);
    const y = first.getUTCFullYear();
    const m = first.getUTCMonth();
    const on = (d: number) => utcDate(y, m, d);
    const last = lastDayOfMonth(y, m);
    const yearsIn = Math.max(0, y - y0);

    // Income first: payday money is there before the day's bills.
    at(previousBusinessDay(on(15)), 'open', (d) => payroll(state, d, yearsIn));
    at(previousBusinessDay(on(last)), 'open', (d) => payroll(state, d, yearsIn));

    // Bills and subscriptions paid from checking.
    at(nextBusinessDay(on(1)), 'open', (d) => payFromChecking(state, d, 'BAYVIEW APARTMENTS RENT WEB PMT', grow(RENT_CENTS, yearsIn)));
    at(on(3), 'open', (d) => payFromChecking(state, d, 'NETFLIX.COM 866-579-7172 CA', 1549));
    at(nextBusinessDay(on(5)), 'open', (d) => payFromChecking(state, d, 'COMCAST XFINITY AUTOPAY', 7999));
    at(nextBusinessDay(on(8)), 'open', (d) => payFromChecking(state, d, 'PG&E WEB ONLINE PAYMENT', electricityCents(state.rng, m)));
    at(on(9), 'open', (d) => payFromChecking(state, d, 'SPOTIFY USA 877-778-1161 NY', 1199));
    at(nextBusinessDay(on(12)), 'open', (d) => payFromChecking(state, d, 'VERIZON WIRELESS PAYMENTS', 8542));
    if (m % 2 === 1) {
      at(nextBusinessDay(on(18)), 'open', (d) => payFromChecking(state, d, 'CITY OF SAN MATEO UTIL BILL PAY', state.rng.cents(62, 118)));
    }

    // Subscriptions on the card.
    at(on(11), 'open', (d) => chargeCard(state, d, 'DISNEY PLUS 888-905-7888 CA', 1399));
    at(on(21), 'open', (d) => chargeCard(state, d, 'APPLE.COM/BILL 866-712-7753 CA', 299));

    // Money moves out of checking.
    at(nextBusinessDay(on(15)), 'open', (d) => payCardStatement(state, d));
    at(nextBusinessDay(on(16)), 'open', (d) => transferToSavings(state, d));
    at(nextBusinessDay(on(17)), 'open', (d) => buyFund(state, d));
    at(nextBusinessDay(on(24)), 'open', (d) => sweepToBrokerage(state, d));

    // Quarterly ETF dividends in the brokerage account.
    if (m % 3 === 2) {
      at(nextBusinessDay(on(20)), 'open', (d) => payDividend(state, d, 'DIVIDEND RECEIVED ISHARES CORE S&P 500 ETF (IVV)', 0.0016));
      at(nextBusinessDay(on(26)), 'open', (d) => payDividend(state, d, 'DIVIDEND RECEIVED VANGUARD TOTAL STOCK MKT ETF (VTI)', 0.0019));
    }

    // End of day / end of month.
    at(on(25), 'close', () => closeCardStatement(state));
    at(on(last), 'close', (d) => creditSavingsInterest(state, d));
    at(on(last), 'close', (d) => revalueInvestments(state, d));
  }
  return schedule;
}

function grow(cents: number, years: number): number {
  return Math.round(cents * Math.pow(1 + ANNUAL_RAISE, years));
}

/** Higher bills in winter (heating) and a little in high summer. */
function electricityCents(rng: Rng, month: number): number {
  const winter = (Math.cos(((month + 0.5) / 12) * 2 * Math.PI) + 1) / 2; // ~1 in Jan, ~0 in Jul
  return Math.round((58 + 70 * winter) * 100) + rng.cents(0, 22);
}

function payroll(state: SimState, day: Date, yearsIn: number): void {
  state.ledgers.checking.credit(day, 'ACME CORP PAYROLL PPD ID: 9100234567', grow(PAYCHECK_CENTS, yearsIn));
}

/** A checking debit that never overdraws: skipped if the money is not there. */
function payFromChecking(state: SimState, day: Date, description: string, cents: number): boolean {
  const checking = state.ledgers.checking;
  if (cents > checking.balanceCents) return false;
  checking.debit(day, description, cents);
  return true;
}

/** A card purchase, authorised the day before it posts; declined above the credit line. */
function chargeCard(state: SimState, day: Date, description: string, cents: number): void {
  const card = state.ledgers.card;
  if (card.balanceCents + cents >= (card.creditLineCents ?? 0)) return;
  card.debit(day, description, cents, { transactionDay: addDays(day, -1) });
}

function spendDuringDay(state: SimState, day: Date): void {
  for (const category of DEBIT_CARD_SPENDING) {
    if (state.rng.chance(category.chancePerDay)) {
      const description = state.rng.pick(category.merchants);
      payFromChecking(state, day, description, state.rng.cents(category.minDollars, category.maxDollars));
    }
  }
  for (const category of CARD_SPENDING) {
    if (state.rng.chance(category.chancePerDay)) {
      const description = state.rng.pick(category.merchants);
      chargeCard(state, day, description, state.rng.cents(category.minDollars, category.maxDollars));
    }
  }
}

function closeCardStatement(state: SimState): void {
  state.cardStatementCents = state.ledgers.card.balanceCents;
}

/** Autopay of the last statement in full: one debit on checking, one credit on the card. */
function payCardStatement(state: SimState, day: Date): void {
  const { card, checking } = state.ledgers;
  const cents = Math.min(state.cardStatementCents, card.balanceCents, checking.balanceCents);
  state.cardStatementCents = 0;
  if (cents <= 0) return;
  checking.debit(day, 'MONAMI CARD PAYMENT AUTOPAY PPD ID: 7712040001', cents);
  card.credit(day, 'PAYMENT - THANK YOU', cents);
}

function transferToSavings(state: SimState, day: Date): void {
  if (payFromChecking(state, day, 'ONLINE TRANSFER TO SAV XXXXXX9881', SAVINGS_TRANSFER_CENTS)) {
    state.ledgers.savings.credit(day, 'ONLINE TRANSFER FROM CHK XXXXXX9874', SAVINGS_TRANSFER_CENTS);
  }
}

function buyFund(state: SimState, day: Date): void {
  if (payFromChecking(state, day, 'LASTISH FUNDCO PURCHASE PPD ID: 4369220000', FUND_PURCHASE_CENTS)) {
    state.ledgers.fund.credit(day, 'PURCHASE - AUTOMATIC INVESTMENT PLAN', FUND_PURCHASE_CENTS, {
      transactionType: 'PURCHASED',
    });
  }
}

/** Whatever checking holds above the cushion goes to the brokerage, in round hundreds. */
function sweepToBrokerage(state: SimState, day: Date): void {
  const excess = state.ledgers.checking.balanceCents - CHECKING_CUSHION_CENTS;
  const cents = Math.floor(excess / 10_000) * 10_000;
  if (cents < 10_000) return;
  if (payFromChecking(state, day, 'NORMA SECURITIES ACH TRANSFER PPD ID: 5835394000', cents)) {
    state.ledgers.brokerage.credit(day, 'ACH DEPOSIT FROM BANK OF ASTORIA XXXXXX9874', cents, { transactionType: 'DEPOSIT' });
  }
}

function payDividend(state: SimState, day: Date, description: string, yieldOfValue: number): void {
  const brokerage = state.ledgers.brokerage;
  brokerage.credit(day, description, Math.round(brokerage.balanceCents * yieldOfValue), { transactionType: 'DIVIDEND' });
}

function creditSavingsInterest(state: SimState, day: Date): void {
  const savings = state.ledgers.savings;
  savings.credit(day, 'INTEREST PAYMENT', Math.round((savings.balanceCents * SAVINGS_APY) / 12));
}

/** One market move per month; the fund tracks it, the brokerage adds some stock picking. */
function revalueInvestments(state: SimState, day: Date): void {
  const market = MARKET_DRIFT + state.rng.triangular(MARKET_NOISE);
  revalue(state.ledgers.fund, day, market);
  revalue(state.ledgers.brokerage, day, market + state.rng.triangular(BROKERAGE_EXTRA_NOISE));
}

function revalue(ledger: Ledger, day: Date, monthlyReturn: number): void {
  const change = Math.round(ledger.balanceCents * monthlyReturn);
  if (change > 0) ledger.credit(day, 'Market revaluation', change, { transactionType: 'ADJUSTMENT' });
  if (change < 0) ledger.debit(day, 'Market revaluation', -change, { transactionType: 'ADJUSTMENT' });
}
