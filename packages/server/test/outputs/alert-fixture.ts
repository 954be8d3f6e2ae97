import type { OutputAlert } from '../../src/outputs/output.ts';

/** A stored alert whose text fields carry every character the formats must escape. */
export function sampleAlert(over: Partial<OutputAlert> = {}): OutputAlert {
  return {
    id: 'al-1',
    dedup_key: 'k',
    rule_id: 'falco:terminal-shell-in-container',
    rule_name: 'Terminal shell | in "container"',
    rule_source: 'falco',
    severity: 'high',
    techniques: ['T1059', 'T1059.004'],
    tactics: ['execution'],
    output: 'shell spawned a=b \\ "x"] line1\nline2',
    host_id: 'host-1',
    container_id: 'c0ffee',
    first_seen: '2026-12-04T02:00:00.123456789Z',
    last_seen: '2026-12-04T02:05:00.987654321Z',
    count: 3,
    event_ids: ['b1:0'],
    status: 'new',
    assignee: null,
    incident_id: null,
    comments: [],
    created_at: '2026-12-04T02:00:01.000Z',
    updated_at: '2026-12-04T02:05:01.000Z',
    ...over,
  };
}
