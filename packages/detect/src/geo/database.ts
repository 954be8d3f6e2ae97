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
  /** Where the network was read (`file:line`), for the overlap error. */
  where: string;
}

const NOT_PUBLIC = ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/4', '240.0.0.0/4', '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8'].map((c) => parseCidr(c)!);

/** One family's ranges; `first` ascending, each range ending before the next begins. */
class RangeTable {
  constructor(
    private readonly first: readonly bigint[],
    private readonly last: readonly bigint[],
    private readonly points: readonly GeoPoint[],
  ) {}

  get size(): number {
    return this.first.length;
  }

  find(n: bigint): GeoPoint | undefined {
    let lo = 0;
    let hi = this.first.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.first[mid] <= n) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && n <= this.last[hi] ? this.points[hi] : undefined;
  }

  static build(networks: GeoNetwork[], width: number): RangeTable {
    const sorted = networks.sort((a, b) => (a.network.base < b.network.base ? -1 : a.network.base > b.network.base ? 1 : 0));
    const first: bigint[] = [];
    const last: bigint[] = [];
    const points: GeoPoint[] = [];
    sorted.forEach((g, i) => {
      const end = g.network.base + (1n << BigInt(width - g.network.bits)) - 1n;
      if (i > 0 && g.network.base <= last[i - 1]) throw new UserError(`${g.where}: network overlaps the one at ${sorted[i - 1].where}`, 'BAD_GEOIP');
      first.push(g.network.base);
      last.push(end);
      points.push({ latitude: g.latitude, longitude: g.longitude });
    });
    return new RangeTable(first, last, points);
  }
}

export class GeoDatabase {
  private constructor(
    private readonly v4: RangeTable,
    private readonly v6: RangeTable,
  ) {}

  /** Throws a UserError naming both places when two networks overlap. */
  static of(networks: readonly GeoNetwork[]): GeoDatabase {
    return new GeoDatabase(
      RangeTable.build(networks.filter((g) => !g.network.v6), 32),
      RangeTable.build(networks.filter((g) => g.network.v6), 128),
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
