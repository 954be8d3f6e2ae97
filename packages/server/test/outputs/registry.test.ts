import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@vigil/schema';
import { JsonlFileOutput } from '../../src/outputs/jsonl-file.ts';
import { createOutput, parseOutputSpec } from '../../src/outputs/registry.ts';
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
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (err: unknown) => err instanceof UserError && message.test(err.message) && !err.message.includes('\n'), String(message));
  }
});
