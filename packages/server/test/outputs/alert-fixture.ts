import { alertRecord, type OutputAlert, type OutputInspection, type OutputRecord } from '../../src/outputs/output.ts';
import { describeReport, type InspectionItems } from '../../src/pipeline/inspection.ts';

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

export const sampleAlertRecord = (over: Partial<OutputAlert> = {}): OutputRecord => alertRecord(sampleAlert(over));

/** A report with one item in every section, its text fields again carrying characters to escape. */
export function sampleInspection(over: Partial<OutputInspection> = {}): OutputInspection {
  const items: InspectionItems = {
    agents_offline: [{ agent_id: 'ag-1', host_id: 'h-1', host_name: 'web-1', last_seen: '2026-12-03T10:00:00.000Z' }],
    sensors_degraded: [{ agent_id: 'ag-2', host_id: 'h-2', host_name: 'web-2', sensors: ['ebpf: failed'] }],
    critical_unpatched: [
      { host_id: 'h-2', host_name: 'web-2', vuln_id: 'CVE-2024-3094', package_name: 'xz-utils', package_version: '5.6.0', fixed_version: '5.6.1', known_exploited: true, first_seen: '2026-10-01T00:00:00.000Z' },
    ],
    new_listening_ports: [],
    new_privileged_accounts: [{ host_id: 'h-2', host_name: 'web-2', time: '2026-12-04T01:00:00.000Z', table: 'users', account: 'evil|admin=1' }],
  };
  const ctx = { group_name: 'prod | "web"', agents_total: 2, unpatched_days: 30 };
  return {
    id: 'insp-1',
    group_id: 'g-1',
    time: '2026-12-04T02:00:00.000Z',
    report: { ...ctx, period: { since: '2026-12-04T01:00:00.000Z', until: '2026-12-04T02:00:00.000Z' }, ...describeReport(items, ctx), ...items },
    ...over,
  };
}
