import pg from 'pg';

/** PostgreSQL's text types cannot hold U+0000 (SQLite's can); U+FFFD takes its place. */
function scrub(value: unknown): unknown {
  return typeof value === 'string' && value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value;
}

/**
 * The pool's client: a NUL character in a bound value would fail the whole statement on PostgreSQL
 * ("invalid byte sequence for encoding UTF8: 0x00"), so any request carrying one would answer 500.
 * Replaced, a lookup of such a value finds nothing and a write stores the replacement character, as
 * garbage in any case: the same outcome for a caller on both dialects.
 */
export class NulSafeClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [first, second] = args;
    if (Array.isArray(second)) args[1] = second.map(scrub);
    else if (first && typeof first === 'object' && Array.isArray(first.values)) args[0] = { ...first, values: first.values.map(scrub) };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (super.query as (...a: any[]) => any)(...args);
  }
}
