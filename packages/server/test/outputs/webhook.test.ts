import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { DELIVERY_HEADER, SIGNATURE_HEADER, WebhookDeliveryError, WebhookOutput } from '../../src/outputs/webhook.ts';
import { sampleAlert } from './alert-fixture.ts';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

/** A receiver on 127.0.0.1 that answers each request with the next planned status (200 once the plan runs out). */
async function receiver(plan: Array<number | 'hang'>, t: { after(fn: () => unknown): void }) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const step = plan.shift() ?? 200;
      if (step === 'hang') return;
      res.writeHead(step, step === 429 ? { 'retry-after': '0' } : {}).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

function signatureValid(secret: string, r: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`);
  const got = Buffer.from(String(r.headers[SIGNATURE_HEADER] ?? ''));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

test('webhook POSTs the alert as JSON with an HMAC-SHA256 signature of the body', async (t) => {
  const rx = await receiver([], t);
  const out = new WebhookOutput({ url: rx.url, secret: 's3cret' });
  await out.send(sampleAlert());
  assert.equal(rx.received.length, 1);
  const [r] = rx.received;
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers[DELIVERY_HEADER], 'al-1');
  assert.deepEqual(JSON.parse(r.body), sampleAlert());
  assert.ok(signatureValid('s3cret', r));
  assert.ok(!signatureValid('other', r));
});

test('webhook retries 5xx and 429 with the same body and delivery id, then succeeds', async (t) => {
  const rx = await receiver([503, 429, 500], t);
  const out = new WebhookOutput({ url: rx.url, secret: 'k', baseDelayMs: 1 });
  await out.send(sampleAlert({ id: 'al-retry' }));
  assert.equal(rx.received.length, 4);
  assert.equal(new Set(rx.received.map((r) => r.body)).size, 1);
  assert.ok(rx.received.every((r) => r.headers[DELIVERY_HEADER] === 'al-retry' && signatureValid('k', r)));
});

test('webhook does not retry a 4xx other than 408/429', async (t) => {
  const rx = await receiver([400], t);
  const out = new WebhookOutput({ url: rx.url, baseDelayMs: 1 });
  await assert.rejects(out.send(sampleAlert()), (err: unknown) => err instanceof WebhookDeliveryError && err.status === 400);
  assert.equal(rx.received.length, 1);
  assert.equal(rx.received[0].headers[SIGNATURE_HEADER], undefined, 'no secret, no signature');
});

test('webhook gives up after its attempts when the receiver keeps failing or hangs', async (t) => {
  const rx = await receiver([502, 'hang', 502], t);
  const out = new WebhookOutput({ url: rx.url, attempts: 3, timeoutMs: 200, baseDelayMs: 1 });
  await assert.rejects(out.send(sampleAlert()), /502 after 3 attempts/);
  assert.equal(rx.received.length, 3);
});

test('webhook retries a refused connection and reports it', async () => {
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  const out = new WebhookOutput({ url: `http://127.0.0.1:${port}/hook`, attempts: 2, baseDelayMs: 1 });
  await assert.rejects(out.send(sampleAlert()), /ECONNREFUSED.*after 2 attempts/);
});
