import { networkInterfaces } from 'node:os';
import type { Collector, Row } from '../collector.ts';
import { isPublicAddress } from '../public-address.ts';

/** osquery `interface_addresses` of the live host, with whether each address is public. */
export const interfaceAddressesCollector: Collector = {
  name: 'interface_addresses',
  description: 'Network addresses / 网络地址',
  async collect() {
    const rows: Row[] = [];
    for (const [name, addrs] of Object.entries(networkInterfaces())) {
      for (const a of addrs ?? []) {
        rows.push({ interface: name, address: a.address, mask: a.netmask, family: a.family, mac: a.mac, is_public: isPublicAddress(a.address) });
      }
    }
    return rows;
  },
};
