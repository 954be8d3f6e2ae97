import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isUserError } from '@vigil/schema';
import { readEventLines } from '../src/event-lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-event-lines-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ok = JSON.stringify({ time: '2026-01-01T00:00:00Z', event: { kind: 'process.exec' }, host: { id: 'h' } });

async function collect(text: string): Promise<number> {
  const path = join(dir, 'e.jsonl');
  writeFileSync(path, text);
  let n = 0;
  for await (const _ of readEventLines(path)) n++;
  return n;
}

test('valid lines stream as events; blank lines and CRLF endings are fine', async () => {
  assert.equal(await collect(`${ok}\r\n\n${ok}\n`), 2);
});

test('invalid JSON, invalid events and unreadable files are one-line user errors naming file:line', async () => {
  await assert.rejects(collect(`${ok}\n{nope\n`), (e: unknown) => isUserError(e) && /e\.jsonl:2: invalid JSON/.test(e.message) && !e.message.includes('\n'));
  await assert.rejects(collect(`\n${JSON.stringify({ time: 'now' })}\n`), (e: unknown) => isUserError(e) && /e\.jsonl:2: invalid event: time/.test(e.message));
  await assert.rejects(async () => {
    for await (const _ of readEventLines(join(dir, 'none.jsonl'))) void _;
  }, (e: unknown) => isUserError(e) && /none\.jsonl: cannot read events: ENOENT/.test(e.message));
});
