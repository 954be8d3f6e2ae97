import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { HttpTransport, parseRetryAfter, TransportError } from '../../src/spool/transport.ts';

/** Answers by path: /ok acknowledges, /wrong-ack names another batch, /NNN returns that status. */
let server: Server;
let base: string;
const seen: { headers: Record<string, unknown>; body: unknown }[] = [];
before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { id: string };
      seen.push({ headers: req.headers, body: parsed });
      if (req.url === '/ok') res.end(JSON.stringify({ ack: parsed.id }));
      else if (req.url === '/wrong-ack') res.end(JSON.stringify({ ack: 'other' }));
      else if (req.url === '/busy') {
        res.writeHead(503, { 'retry-after': '7' });
        res.end();
      } else {
        res.statusCode = Number(req.url?.slice(1));
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise((r) => server.close(r)));

const batch = { id: 'b-1', count: 1, body: '[{"x":1}]' };
const failure = (url: string) =>
  new HttpTransport({ url, headers: { authorization: 'Bearer t' } }).send(batch).then(
    () => assert.fail('expected a TransportError'),
    (e: unknown) => (assert.ok(e instanceof TransportError), e),
  );

test('posts the batch with its id as idempotency key and returns the acknowledgement', async () => {
  const ack = await new HttpTransport({ url: `${base}/ok`, headers: { authorization: 'Bearer t' } }).send(batch);
  assert.deepEqual(ack, { id: 'b-1' });
  const last = seen.at(-1)!;
  assert.deepEqual(last.body, { id: 'b-1', events: [{ x: 1 }] });
  assert.equal(last.headers['idempotency-key'], 'b-1');
  assert.equal(last.headers.authorization, 'Bearer t');
});

test('an answer that does not name the batch is not an acknowledgement', async () => {
  assert.equal((await failure(`${base}/wrong-ack`)).retryable, true);
});

test('server errors, auth failures and throttling are retried; malformed-batch refusals are not', async () => {
  for (const s of [500, 503, 401, 429]) assert.equal((await failure(`${base}/${s}`)).retryable, true, String(s));
  for (const s of [400, 413, 422]) assert.equal((await failure(`${base}/${s}`)).retryable, false, String(s));
});

test('a refused connection is a retryable failure naming the cause', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const e = await failure(`http://127.0.0.1:${port}/ok`);
  assert.equal(e.retryable, true);
  assert.match(e.message, /ECONNREFUSED/);
});

test("an overloaded server's Retry-After travels with the failure", async () => {
  const e = await failure(`${base}/busy`);
  assert.equal(e.retryable, true);
  assert.equal(e.status, 503);
  assert.equal(e.retryAfterMs, 7000);
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});
