import { BoundedTtlCache } from './bounded-ttl-cache.js';

describe('BoundedTtlCache', () => {
  it('answers only before an entry’s deadline, and forgets it after', () => {
    const c = new BoundedTtlCache<string>(10);
    c.set('token', 'claims', 1_000);
    expect(c.get('token', 999)).toBe('claims');
    expect(c.get('token', 1_000)).toBeUndefined();
    expect(c.get('token', 999)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('keeps at most its bound, making room by dropping the oldest entry', () => {
    const c = new BoundedTtlCache<number>(2);
    c.set('a', 1, Infinity);
    c.set('b', 2, Infinity);
    c.set('c', 3, Infinity);
    expect(c.size).toBe(2);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('b')).toBe(2);
    expect(c.get('c')).toBe(3);
  });
});
