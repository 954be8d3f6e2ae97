import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { compileOutput } from '../../src/falco/output.ts';
import { resolveFalcoField } from '../../src/falco/fields.ts';

const ev: VigilEvent = { time: '2026-01-01T00:00:00Z', event: { kind: 'process.exec' }, host: { id: 'h' }, container: { id: 'c1', image: { name: 'nginx', tag: '1' } }, process: { pid: 1, name: 'sh', parent: { name: 'nginx' } } };

test('fields, bracketed and parenthesised fields substitute; missing and unsupported ones print <NA>', () => {
  const out = compileOutput('Shell (%proc.name) by %(proc.aname[1]) buf=%evt.buffer user=%user.name %container.info', resolveFalcoField);
  assert.equal(out(ev, 1), 'Shell (sh) by nginx buf=<NA> user=<NA> container_id=c1 container_image=nginx:1');
});
