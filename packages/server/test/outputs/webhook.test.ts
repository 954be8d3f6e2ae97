import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { DELIVERY_HEADER, RECORD_HEADER, SIGNATURE_HEADER, WebhookDeliveryError, WebhookOutput } from '../../src/outputs/webhook.ts';
import { sampleAlert, sampleAlertRecord, sampleInspection } from './alert-fixture.ts';
import { inspectionRecord } from '../../src/outputs/output.ts';
import { signatureValid, webhookReceiver } from './receivers.ts';

/** A receiver that answers each request with the next planned status (200 once the plan runs out). */
const receiver = (plan: Array<number | 'hang'>, t: { after(fn: () => unknown): void }) => webhookReceiver(t, () => plan.shift() ?? 200);

test('webhook POSTs the alert as JSON with an HMAC-SHA256 signature of the body', async (t) => {
  const rx = await receiver([], t);
  const out = new WebhookOutput({ url: rx.url, secret: 's3cret' });
  await out.send(sampleAlertRecord());
  assert.equal(rx.received.length, 1);
  const [r] = rx.received;
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers[DELIVERY_HEADER], 'al-1');
  assert.deepEqual(JSON.parse(r.body), { type: 'alert', ...sampleAlert() });
  assert.equal(r.headers[RECORD_HEADER], 'alert');
  assert.ok(signatureValid('s3cret', r));
  assert.ok(!signatureValid('other', r));
});

test('webhook POSTs an inspection report as its own record type, signed the same way', async (t) => {
  const rx = await receiver([], t);
  const out = new WebhookOutput({ url: rx.url, secret: 's3cret' });
  await out.send(inspectionRecord(sampleInspection()));
  const [r] = rx.received;
  assert.equal(r.headers[DELIVERY_HEADER], 'insp-1');
  assert.equal(r.headers[RECORD_HEADER], 'inspection');
  assert.deepEqual(JSON.parse(r.body), { type: 'inspection', ...sampleInspection() });
  assert.ok(signatureValid('s3cret', r));
});

test('webhook retries 5xx and 429 with the same body and delivery id, then succeeds', async (t) => {
  const rx = await receiver([503, 429, 500], t);
  const out = new WebhookOutput({ url: rx.url, secret: 'k', baseDelayMs: 1 });
  await out.send(sampleAlertRecord({ id: 'al-retry' }));
  assert.equal(rx.received.length, 4);
  assert.equal(new Set(rx.received.map((r) => r.body)).size, 1);
  assert.ok(rx.received.every((r) => r.headers[DELIVERY_HEADER] === 'al-retry' && signatureValid('k', r)));
});

test('webhook does not retry a 4xx other than 408/429', async (t) => {
  const rx = await receiver([400], t);
  const out = new WebhookOutput({ url: rx.url, baseDelayMs: 1 });
  await assert.rejects(out.send(sampleAlertRecord()), (err: unknown) => err instanceof WebhookDeliveryError && err.status === 400);
  assert.equal(rx.received.length, 1);
  assert.equal(rx.received[0].headers[SIGNATURE_HEADER], undefined, 'no secret, no signature');
});

test('webhook gives up after its attempts when the receiver keeps failing or hangs', async (t) => {
  const rx = await receiver([502, 'hang', 502], t);
  const out = new WebhookOutput({ url: rx.url, attempts: 3, timeoutMs: 200, baseDelayMs: 1 });
  await assert.rejects(out.send(sampleAlertRecord()), /502 after 3 attempts/);
  assert.equal(rx.received.length, 3);
});

test('webhook retries a refused connection and reports it', async () => {
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  const out = new WebhookOutput({ url: `http://127.0.0.1:${port}/hook`, attempts: 2, baseDelayMs: 1 });
  await assert.rejects(out.send(sampleAlertRecord()), /ECONNREFUSED.*after 2 attempts/);
});
