/**
 * An IP geolocation table: non-overlapping networks, each with a point, held per address family
 * as ranges sorted by their first address, so a lookup is one binary search. Addresses with no
 * public location (private, loopback, link-local, carrier-grade NAT, multicast, unspecified)
 * are never located, whatever the table says: a login from them says nothing about travel.
 */
import { UserError } from '@vigil/schema';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../ip.ts';
import type { GeoPoint } from './distance.ts';

export interface GeoNetwork extends GeoPoint {
  network: Cidr;
  /** Where the network was read, for the overlap error. */
  file: string;
  line: number;
}

const NOT_PUBLIC = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/4', '240.0.0.0/4', '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8'].map((c) => parseCidr(c)!);

const where = (g: GeoNetwork) => `${g.file}:${g.line}`;

/**
 * One family's ranges in parallel arrays, `first` ascending, each range ending before the next
 * begins. IPv4 bounds are exact in a Float64Array; IPv6 bounds stay bigints. A full GeoLite2
 * City file has millions of networks, so no object is kept per network.
 */
class RangeTable<T extends number | bigint> {
  private constructor(
    private readonly first: ArrayLike<T>,
    private readonly last: ArrayLike<T>,
    private readonly coords: Float64Array,
    private readonly key: (n: bigint) => T,
  ) {}

  get size(): number {
    return this.first.length;
  }

  find(address: bigint): GeoPoint | undefined {
    const n = this.key(address);
    let lo = 0;
    let hi = this.first.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.first[mid] <= n) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && n <= this.last[hi] ? { latitude: this.coords[2 * hi], longitude: this.coords[2 * hi + 1] } : undefined;
  }

  static build<T extends number | bigint>(networks: GeoNetwork[], width: number, key: (n: bigint) => T, store: (size: number) => T[] | Float64Array): RangeTable<T> {
    networks.sort((a, b) => (a.network.base < b.network.base ? -1 : a.network.base > b.network.base ? 1 : 0));
    const first = store(networks.length) as T[];
    const last = store(networks.length) as T[];
    const coords = new Float64Array(2 * networks.length);
    let prevEnd = -1n;
    networks.forEach((g, i) => {
      if (g.network.base <= prevEnd) throw new UserError(`${where(g)}: network overlaps the one at ${where(networks[i - 1])}`, 'BAD_GEOIP');
      prevEnd = g.network.base + (1n << BigInt(width - g.network.bits)) - 1n;
      first[i] = key(g.network.base);
      last[i] = key(prevEnd);
      coords[2 * i] = g.latitude;
      coords[2 * i + 1] = g.longitude;
    });
    return new RangeTable(first, last, coords, key);
  }
}

export class GeoDatabase {
  private constructor(
    private readonly v4: RangeTable<number>,
    private readonly v6: RangeTable<bigint>,
  ) {}

  /** Throws a UserError naming both places when two networks overlap. */
  static of(networks: readonly GeoNetwork[]): GeoDatabase {
    return new GeoDatabase(
      RangeTable.build(networks.filter((g) => !g.network.v6), 32, Number, (size) => new Float64Array(size)),
      RangeTable.build(networks.filter((g) => g.network.v6), 128, (n) => n, (size) => new Array<bigint>(size)),
    );
  }

  /** Networks held. */
  get size(): number {
    return this.v4.size + this.v6.size;
  }

  /** The point of a public address; undefined for anything else or an address the table lacks. */
  locate(ip: string): GeoPoint | undefined {
    const a = parseIp(ip);
    if (a === undefined || NOT_PUBLIC.some((c) => cidrContains(c, a))) return undefined;
    return (a.v6 ? this.v6 : this.v4).find(a.n);
  }
}
