import { isIP } from 'node:net';

/** Express's `trust proxy`: nothing, a hop count, or the addresses/CIDRs of the proxies whose X-Forwarded-For counts. */
export type TrustProxy = false | number | string[];

/** proxy-addr's named ranges, which Express accepts beside addresses and CIDRs. */
const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: unset or `off` trusts no proxy (req.ip is the peer's address, X-Forwarded-For ignored); a number
 * trusts that many hops in front of the server; a comma list trusts exactly those proxies. `true` (trust every
 * hop) is refused: it would let any client spoof its address for the per-address limits.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === 'off' || text === 'false' || text === '0') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new Error('TRUST_PROXY: a hop count is at most 10');
    return hops;
  }
  if (text === 'true') throw new Error('TRUST_PROXY=true would trust any X-Forwarded-For a client sends: give a hop count or the proxies\' addresses');
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!NAMED.has(item) && !isAddressOrCidr(item)) {
      throw new Error(`TRUST_PROXY must be off, a hop count, or a comma list of addresses, CIDRs or loopback/linklocal/uniquelocal (got "${item}")`);
    }
  }
  return items;
}

function isAddressOrCidr(item: string): boolean {
  const [address, prefix, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
