import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventClock } from '../../src/stateful/event-time.ts';

test('event times read like Date.parse, to the millisecond, through the shared-second shortcut and past it', () => {
  const clock = new EventClock();
  const times = ['2026-01-01T00:00:07.123456789Z', '2026-01-01T00:00:07.5Z', '2026-01-01T00:00:07.999Z', '2026-01-01T00:00:08Z', '2026-01-01T00:00:08.001+08:00', '2026-01-01T00:00:08.25+08:00', '2026-01-01T00:00:08.25Z', '2026-03-01T12:30:00.000000001-05:00'];
  for (const t of times) assert.equal(clock.ms(t), Date.parse(t), t);
});
