/**
 * IP addresses and CIDR blocks as comparable numbers, for `fd.sip = 10.0.0.1` and
 * `fd.net in (10.0.0.0/8, fc00::/7)`. IPv4-mapped IPv6 addresses compare as IPv4.
 */

export interface Cidr {
  v6: boolean;
  base: bigint;
  bits: number;
}

export interface Address {
  v6: boolean;
  n: bigint;
}

/** Event streams repeat a few addresses many times; parsing each once keeps network rules cheap. */
const CACHE_MAX = 4096;
const cache = new Map<string, Address | null>();

/** Address as a bigint plus its family, or undefined when `s` is not an address. */
export function parseIp(s: string): Address | undefined {
  let a = cache.get(s);
  if (a === undefined) {
    if (cache.size >= CACHE_MAX) cache.clear();
    a = parseUncached(s) ?? null;
    cache.set(s, a);
  }
  return a ?? undefined;
}

function parseUncached(s: string): Address | undefined {
  if (s.includes(':')) return parseV6(s);
  const n = parseV4(s);
  return n === undefined ? undefined : { v6: false, n };
}

function parseV4(s: string): bigint | undefined {
  const p = s.split('.');
  if (p.length !== 4) return undefined;
  // In a number (exact below 2^53), one BigInt at the end: geo databases parse millions.
  let n = 0;
  for (const x of p) {
    if (!/^\d{1,3}$/.test(x) || Number(x) > 255) return undefined;
    n = n * 256 + Number(x);
  }
  return BigInt(n);
}

function parseV6(s: string): { v6: boolean; n: bigint } | undefined {
  const addr = s.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  if (mapped) {
    const n = parseV4(mapped[1]);
    return n === undefined ? undefined : { v6: false, n };
  }
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  const groups = [...head, ...Array<string>(fill).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return { v6: true, n };
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, len] = s.split('/');
  // Not through the cache: block bases rarely repeat, and a geo database would flush it.
  const ip = parseUncached(addr);
  if (!ip) return undefined;
  const max = ip.v6 ? 128 : 32;
  const bits = len === undefined ? max : Number(len);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
  const shift = BigInt(max - bits);
  return { v6: ip.v6, base: (ip.n >> shift) << shift, bits };
}

export function cidrContains(c: Cidr, a: Address): boolean {
  if (a.v6 !== c.v6) return false;
  const shift = BigInt((c.v6 ? 128 : 32) - c.bits);
  return (a.n >> shift) << shift === c.base;
}
