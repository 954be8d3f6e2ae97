import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapLogsource } from '../../src/sigma/logsource.ts';
import { SigmaRuleError } from '../../src/sigma/modifiers.ts';

test('Linux categories map to the event kinds that observe them', () => {
  assert.deepEqual(mapLogsource({ product: 'linux', category: 'process_creation' }).kinds, ['process.exec']);
  assert.deepEqual(mapLogsource({ product: 'linux', category: 'file_event' }).kinds, ['file.change']);
  assert.deepEqual(mapLogsource({ product: 'linux', category: 'network_connection' }).kinds, ['network.connect', 'network.accept']);
  assert.equal(mapLogsource({ product: 'linux', service: 'auditd' }).table, 'auditd');
  assert.equal(mapLogsource({ product: 'linux' }).keywords, true);
  assert.equal(mapLogsource({ product: 'linux', category: 'process_creation' }).keywords, false);
});

test('logs Vigil does not collect are rule errors naming the logsource', () => {
  assert.throws(() => mapLogsource({ product: 'linux', service: 'sshd' }), /service 'sshd'/);
  assert.throws(() => mapLogsource({ category: 'webserver' }), /category 'webserver'/);
  assert.throws(() => mapLogsource({ product: 'windows', category: 'process_creation' }), SigmaRuleError);
  assert.throws(() => mapLogsource({}), /no product/);
});
