/** Whether an IP address is globally routable (not private, loopback, link-local, reserved, documentation…). */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const nonPublic = new BlockList();
// IANA special-purpose registries (RFC 6890 and successors): addresses not reachable from the internet.
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) nonPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) nonPublic.addSubnet(net, prefix, 'ipv6');

export function isPublicAddress(address: string): boolean {
  const plain = address.replace(/%.*$/, ''); // zone index of a link-local address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return isPublicAddress(mapped[1]);
  if (isIPv4(plain)) return !nonPublic.check(plain, 'ipv4');
  if (isIPv6(plain)) return !nonPublic.check(plain, 'ipv6');
  return false;
}
