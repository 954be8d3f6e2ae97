/** The question of a DNS query datagram (RFC 1035 §4.1): name and type, or undefined if it is not a query. */

/** Type codes by name (RFC 1035, 3596, 2782, 9460, 8659); others are reported as `TYPE<n>` (RFC 3597). */
const TYPES: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 255: 'ANY', 257: 'CAA' };

const HEADER = 12;
const MAX_NAME = 255;

export function dnsQuestion(msg: Buffer): { name: string; type: string } | undefined {
  if (msg.length < HEADER + 5) return undefined;
  const isResponse = (msg[2] & 0x80) !== 0;
  const opcode = (msg[2] >> 3) & 0x0f;
  if (isResponse || opcode !== 0 || msg.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let at = HEADER;
  let length = 0;
  for (;;) {
    const n = msg[at];
    if (n === undefined || n > 63) return undefined; // truncated, or a compression pointer (never in a question we send)
    at += 1;
    if (n === 0) break;
    length += n + 1;
    if (length > MAX_NAME || at + n > msg.length) return undefined;
    labels.push(msg.toString('latin1', at, at + n));
    at += n;
  }
  if (at + 2 > msg.length) return undefined;
  const code = msg.readUInt16BE(at);
  return { name: labels.length ? labels.join('.') : '.', type: TYPES[code] ?? `TYPE${code}` };
}
