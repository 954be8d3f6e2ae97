import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dnsQuestion } from '../../src/sensors/dns-question.ts';

/** A standard query with one question, as a stub resolver sends it. */
function query(name: string, type: number, flags = 0x0100): Buffer {
  const labels = name === '.' ? [] : name.split('.');
  const qname = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0x1234, 0);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(1, 2);
  return Buffer.concat([header, qname, tail]);
}

describe('dnsQuestion', () => {
  it('reads the name and type of a query', () => {
    assert.deepEqual(dnsQuestion(query('exfil.example.com', 16)), { name: 'exfil.example.com', type: 'TXT' });
    assert.deepEqual(dnsQuestion(query('example.org', 28)), { name: 'example.org', type: 'AAAA' });
    assert.deepEqual(dnsQuestion(query('.', 2)), { name: '.', type: 'NS' });
    assert.deepEqual(dnsQuestion(query('x.test', 4242)), { name: 'x.test', type: 'TYPE4242' });
  });

  it('ignores responses, other opcodes and malformed or truncated datagrams', () => {
    assert.equal(dnsQuestion(query('example.com', 1, 0x8180)), undefined, 'a response');
    assert.equal(dnsQuestion(query('example.com', 1, 0x2800)), undefined, 'an UPDATE');
    const q = query('example.com', 1);
    assert.equal(dnsQuestion(q.subarray(0, q.length - 3)), undefined, 'truncated');
    const pointer = Buffer.from(q);
    pointer[12] = 0xc0;
    assert.equal(dnsQuestion(pointer), undefined);
    assert.equal(dnsQuestion(Buffer.from('GET / HTTP/1.1\r\n')), undefined);
  });
});
