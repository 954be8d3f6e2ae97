import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@vigil/schema';
import { JsonlFileOutput } from '../../src/outputs/jsonl-file.ts';
import { createOutput, outputRecords, parseOutputSpec } from '../../src/outputs/registry.ts';
import { SyslogOutput } from '../../src/outputs/syslog.ts';
import { WebhookOutput } from '../../src/outputs/webhook.ts';

test('output specs map onto {type, config}, with default ports and the webhook secret from the environment', () => {
  assert.deepEqual(parseOutputSpec('webhook+https://hooks.example.com/v?x=1', { VIGIL_WEBHOOK_SECRET: 'k' }), {
    type: 'webhook',
    config: { url: 'https://hooks.example.com/v?x=1', secret: 'k' },
  });
  assert.deepEqual(parseOutputSpec('syslog+tls://siem.example:6515?format=cef&ca_file=/etc/ca.pem'), {
    type: 'syslog',
    config: { protocol: 'tls', host: 'siem.example', port: '6515', format: 'cef', ca_file: '/etc/ca.pem' },
  });
  assert.deepEqual(parseOutputSpec('file:///var/log/vigil/a.jsonl?fsync=always&max_bytes=1000'), {
    type: 'file',
    config: { path: '/var/log/vigil/a.jsonl', fsync: 'always', max_bytes: '1000' },
  });
});

test('createOutput builds the output its type names', () => {
  assert.ok(createOutput('webhook', { url: 'https://h.example/x', secret: 's' }) instanceof WebhookOutput);
  const syslog = createOutput('syslog', parseOutputSpec('syslog+udp://[::1]').config);
  assert.ok(syslog instanceof SyslogOutput);
  assert.equal(syslog.name, 'syslog rfc5424 udp://::1:514');
  const spec = parseOutputSpec('syslog+tcp://siem?format=cef');
  assert.equal(createOutput(spec.type, spec.config).name, 'syslog cef tcp://siem:601');
  assert.ok(createOutput('file', { path: '/tmp/x.jsonl' }) instanceof JsonlFileOutput);
});

test('bad output configs and specs are one-line user errors', () => {
  const cases: Array<[() => unknown, RegExp]> = [
    [() => parseOutputSpec('nonsense'), /not a URL/],
    [() => parseOutputSpec('kafka://broker:9092'), /unknown output kind kafka/],
    [() => createOutput('kafka', {}), /unknown output type kafka/],
    [() => createOutput('webhook', { url: 'ftp://x/y' }), /webhook output: url/],
    [() => createOutput('syslog', { protocol: 'udp', host: 'h', format: 'leef' }), /syslog output: format/],
    [() => createOutput('syslog', { protocol: 'udp', host: 'h', port: '70000' }), /syslog output: port/],
    [() => createOutput('syslog', { protocol: 'udp', host: 'h', ca: 'PEM' }), /ca applies to protocol tls only/],
    [() => createOutput('syslog', { protocol: 'tls', host: 'h', ca_file: '/nonexistent/ca.pem' }), /cannot read CA file/],
    [() => createOutput('file', { path: '/x', fsync: 'sometimes' }), /file output: fsync/],
    [() => createOutput('file', { path: '/x', max_bytes: '0' }), /file output: max_bytes/],
    [() => createOutput('file', { path: '/x', colour: 'red' }), /file output: config/],
    [() => createOutput('file', { path: '/x', records: ['metrics'] }), /file output: records\.0/],
    [() => createOutput('file', { path: '/x', records: [] }), /file output: records: choose alerts, inspections or both/],
    [() => createOutput('webhook', { url: 'https://h.example/x', records: 'alerts,bogus' }), /webhook output: records\.1/],
    [() => createOutput('file', { path: '/x', records: 7 }), /file output: records/],
    [() => createOutput('file', ['/x']), /file output: config: expected an object/],
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (err: unknown) => err instanceof UserError && message.test(err.message) && !err.message.includes('\n'), String(message));
  }
});

test('records: every record type by default; a list or a comma-separated spec parameter narrows it', () => {
  assert.deepEqual(outputRecords('file', { path: '/x' }), ['alerts', 'inspections']);
  assert.deepEqual(outputRecords('file', { path: '/x', records: ['inspections'] }), ['inspections']);
  assert.deepEqual(outputRecords('file', { path: '/x', records: 'alerts, inspections,alerts' }), ['alerts', 'inspections']);
  const file = parseOutputSpec('file:///var/log/vigil/reports.jsonl?records=inspections');
  assert.deepEqual(outputRecords(file.type, file.config), ['inspections']);
  assert.ok(createOutput(file.type, file.config) instanceof JsonlFileOutput, 'records is not a file option');
  // On a webhook spec the parameter is Vigil's, not the receiver's: it leaves the URL.
  const hook = parseOutputSpec('webhook+https://hooks.example.com/v?x=1&records=alerts', {});
  assert.deepEqual(hook.config, { url: 'https://hooks.example.com/v?x=1', secret: undefined, records: 'alerts' });
  assert.deepEqual(outputRecords(hook.type, hook.config), ['alerts']);
});
