import { Column, ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Column types with one meaning on SQLite and PostgreSQL.
 *
 * - Instants are milliseconds since the epoch in a `bigint` (PostgreSQL's `integer` is 32-bit and
 *   overflows at 2^31 ms ≈ 25 days). node-postgres reads int8 as a string; the transformer gives a number
 *   back (exact: ms timestamps are far below 2^53).
 * - Money is `numeric(19,4)`: PostgreSQL keeps the decimal digits exactly and hands them back as a string;
 *   SQLite's NUMERIC affinity keeps them as a double. Either way the value comes back as the JavaScript
 *   number whose shortest decimal form is the stored amount (Number('1234567.8900') === 1234567.89), which is
 *   what FDX's JSON carries (`currentBalance: 1234567.89`). Every amount with up to 15 significant digits
 *   survives that round trip to the cent; Grapher rounds its sums to cents (picture/aggregate.ts).
 */
function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`not a number in a numeric column: ${String(value)}`);
  return n;
}

export const epochMsTransformer: ValueTransformer = { to: (v: number | null | undefined) => v, from: toNumber };

/**
 * Four decimals as a string on the way in, so both dialects store the same value (PostgreSQL would round
 * 0.1 + 0.2 to 0.3000 while SQLite kept 0.30000000000000004), a number on the way out.
 */
export const moneyTransformer: ValueTransformer = {
  to: (v: number | null | undefined) => (v === null || v === undefined ? v : v.toFixed(4)),
  from: toNumber,
};

/** A millisecond instant (`bigint`). */
export function EpochMsColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ ...options, type: 'bigint', transformer: epochMsTransformer });
}

/** `created_at` in ms, filled with the insert's time when the caller leaves it out. */
export function CreatedAtColumn(): PropertyDecorator {
  return Column({ name: 'created_at', type: 'bigint', transformer: { to: (v: number | undefined) => v ?? Date.now(), from: toNumber } });
}

/** An amount of money, exact to the cent (`numeric(19,4)`). */
export function MoneyColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ ...options, type: 'numeric', precision: 19, scale: 4, transformer: moneyTransformer });
}

/** A yes/no stored as integer 0/1: one representation on SQLite and PostgreSQL. */
export const flag: ValueTransformer = { to: (v: boolean | null | undefined) => (v ? 1 : 0), from: (v: unknown) => Number(v) === 1 };
