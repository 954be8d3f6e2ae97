/**
 * The Store contract (see src/store/store.ts), run against every implementation: SQLite in
 * test/store-sqlite.test.ts, PostgreSQL in the postgres tests. `open` returns a fresh, migrated,
 * empty store; `reopen` (optional) opens the same data again, to check durability.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import type { AlertRecord, FindingRecord, Store } from '../src/store/store.ts';

export interface StoreHarness {
  open(): Promise<Store>;
  /** Closes nothing: the caller closes both stores. */
  reopen?(store: Store): Promise<Store>;
}

const T0 = '2026-01-01T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export function execEvent(hostId: string, time: string, executable = '/bin/sh', pid = 100): VigilEvent {
  return { time, event: { kind: 'process.exec' }, host: { id: hostId }, process: { pid, executable, entity_id: `e${pid}` } };
}

export function sampleAlert(id: string, over: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id,
    dedup_key: `k-${id}`,
    rule_id: 'r1',
    rule_name: 'Shell in container',
    rule_source: 'vigil',
    severity: 'high',
    techniques: ['T1059.004'],
    tactics: ['execution'],
    output: 'shell spawned',
    host_id: 'h1',
    container_id: null,
    first_seen: T0,
    last_seen: T0,
    count: 1,
    event_ids: ['b1:0'],
    status: 'new',
    assignee: null,
    incident_id: null,
    comments: [],
    created_at: T0,
    updated_at: T0,
    ...over,
  };
}

function finding(id: string, over: Partial<FindingRecord> = {}): FindingRecord {
  return {
    id,
    target_kind: 'host',
    target_id: 'h1',
    vuln_id: `CVE-2024-${id}`,
    aliases: [],
    title: 'overflow',
    package_name: 'openssl',
    package_version: '3.0.1',
    ecosystem: 'Debian:12',
    fixed_version: null,
    severity: 'HIGH',
    cvss_score: 7.5,
    known_exploited: false,
    exposure: 'none',
    priority: 1,
    first_seen: T0,
    last_seen: T0,
    ...over,
  };
}

export function storeContract(name: string, h: StoreHarness): void {
  async function withStore(fn: (s: Store) => Promise<void>) {
    const s = await h.open();
    try {
      await fn(s);
    } finally {
      await s.close();
    }
  }

  describe(`${name} store contract`, () => {
    test('migrations are recorded and migrate() again changes nothing', () =>
      withStore(async (s) => {
        const before = await s.migrations();
        assert.ok(before.length >= 1);
        assert.deepEqual(before, [...before].sort((a, b) => a - b));
        await s.migrate();
        assert.deepEqual(await s.migrations(), before);
      }));

    test('event batches: stored once per batch id, readable by id, durable', async () => {
      const s = await h.open();
      let s2: Store | undefined;
      try {
        const batch = { id: 'b1', agent_id: 'a1', host_id: 'h1', received_at: T0, events: [execEvent('h1', at(1)), execEvent('h1', at(2), '/bin/bash', 101)] };
        assert.deepEqual(await s.appendEvents(batch), { duplicate: false });
        assert.deepEqual(await s.appendEvents(batch), { duplicate: true });
        const page = await s.listEvents({ host_id: 'h1', sort: 'time', order: 'asc' });
        assert.equal(page.total, 2);
        assert.deepEqual(page.items.map((e) => e.id), ['b1:0', 'b1:1']);
        assert.equal(page.items[1].event.process?.executable, '/bin/bash');
        const got = await s.getEvents(['b1:1', 'nope:0']);
        assert.deepEqual(got.map((e) => e.id), ['b1:1']);
        assert.equal((await s.listEvents({ since: at(2) })).total, 1);
        if (h.reopen) {
          s2 = await h.reopen(s);
          assert.equal((await s2.listEvents({ batch_id: 'b1' })).total, 2);
        }
      } finally {
        await s2?.close();
        await s.close();
      }
    });

    test('unanalyzed batches are listed oldest first with their events until marked analyzed', () =>
      withStore(async (s) => {
        await s.appendEvents({ id: 'b1', agent_id: 'a1', host_id: 'h1', received_at: at(0), events: [execEvent('h1', at(0))] });
        await s.appendEvents({ id: 'b2', agent_id: 'a1', host_id: 'h1', received_at: at(1), events: [execEvent('h1', at(1)), execEvent('h1', at(1), '/x', 7)] });
        let pending = await s.unanalyzedBatches(10);
        assert.deepEqual(pending.map((b) => [b.id, b.events.length]), [['b1', 1], ['b2', 2]]);
        assert.equal(pending[1].events[1].process?.executable, '/x');
        await s.commitDetections({ incidents: [], incident_updates: [], alerts: [], repeats: [], analyzed_batch: 'b1' });
        pending = await s.unanalyzedBatches(10);
        assert.deepEqual(pending.map((b) => b.id), ['b2']);
        assert.deepEqual([await s.isBatchAnalyzed('b1'), await s.isBatchAnalyzed('b2'), await s.isBatchAnalyzed('nope')], [true, false, false]);
      }));

    test('event retention drops whole days before the cut, then the oldest past the byte cap', () =>
      withStore(async (s) => {
        await s.appendEvents({ id: 'old', agent_id: 'a', host_id: 'h1', received_at: T0, events: [execEvent('h1', '2025-12-30T10:00:00Z')] });
        await s.appendEvents({ id: 'day', agent_id: 'a', host_id: 'h1', received_at: T0, events: [execEvent('h1', '2025-12-31T01:00:00Z'), execEvent('h1', '2026-01-01T01:00:00Z')] });
        // The cut falls inside 2025-12-31: that day is kept whole.
        assert.deepEqual(await s.pruneEvents({ before: '2025-12-31T12:00:00Z' }), { deleted: 1 });
        const stats = await s.eventStats();
        assert.equal(stats.count, 2);
        assert.equal(stats.oldest, '2025-12-31T01:00:00Z');
        assert.deepEqual(await s.pruneEvents({ max_bytes: stats.bytes - 1 }), { deleted: 1 });
        assert.deepEqual((await s.listEvents({})).items.map((e) => e.time), ['2026-01-01T01:00:00Z']);
      }));

    test('hosts and agents: enrollment creates, re-enrollment keeps the agent and replaces the credential', () =>
      withStore(async (s) => {
        await s.upsertHost({ id: 'h1', name: 'web-1', seen: T0 });
        const a = await s.enrollAgent({ new_agent_id: 'a1', host_id: 'h1', name: 'web-1', version: '0.1', credential_hash: 'c1', group_id: null, time: T0 });
        assert.equal(a.id, 'a1');
        assert.equal(a.group_id, 'default');
        const again = await s.enrollAgent({ new_agent_id: 'a2', host_id: 'h1', name: 'web-1', version: '0.2', credential_hash: 'c2', group_id: null, time: at(1) });
        assert.equal(again.id, 'a1');
        assert.equal(again.version, '0.2');
        assert.equal(await s.getAgentByCredentialHash('c1'), undefined);
        assert.equal((await s.getAgentByCredentialHash('c2'))?.id, 'a1');
        await s.touchAgent('a1', at(5), { version: '0.3', health: { drops: 2 } });
        await s.touchAgent('a1', at(3));
        const seen = await s.getAgent('a1');
        assert.equal(seen?.last_seen, at(5), 'last_seen never goes back');
        assert.deepEqual(seen?.health, { drops: 2 });
        assert.equal((await s.listAgents({ seen_since: at(4) })).total, 1);
        assert.equal((await s.listAgents({ not_seen_since: at(4) })).total, 0);
        const host = await s.upsertHost({ id: 'h1', os: 'Debian 12', os_ecosystem: 'Debian:12', addresses: ['10.0.0.1'], seen: at(2) });
        assert.deepEqual([host.name, host.os, host.addresses, host.first_seen, host.last_seen], ['web-1', 'Debian 12', ['10.0.0.1'], T0, at(2)]);
        assert.equal((await s.listHosts({ q: 'web' })).total, 1);
        assert.equal((await s.listHosts({ q: 'db' })).total, 0);
        await assert.rejects(s.listHosts({ sort: 'nonsense' }), /sort must be one of/);
      }));

    test('agent groups: config changes bump config_version; deleting a group ungroups its agents', () =>
      withStore(async (s) => {
        assert.ok((await s.getAgentGroup('default')) !== undefined);
        const g = await s.createAgentGroup({ id: 'g1', name: 'web', description: '', config: { fim_paths: ['/etc'] }, time: T0 });
        assert.equal(g.config_version, 1);
        await assert.rejects(s.createAgentGroup({ id: 'g2', name: 'web', description: '', config: {}, time: T0 }), /exists/);
        const same = await s.updateAgentGroup('g1', { description: 'x', time: at(1) });
        assert.equal(same?.config_version, 1);
        const changed = await s.updateAgentGroup('g1', { config: { fim_paths: ['/etc', '/usr/bin'] }, time: at(2) });
        assert.equal(changed?.config_version, 2);
        assert.deepEqual(changed?.config, { fim_paths: ['/etc', '/usr/bin'] });
        await s.enrollAgent({ new_agent_id: 'a1', host_id: 'h1', name: 'h', version: '1', credential_hash: 'c', group_id: 'g1', time: T0 });
        assert.equal((await s.listAgents({ group_id: 'g1' })).total, 1);
        assert.equal(await s.deleteAgentGroup('g1'), true);
        assert.equal((await s.getAgent('a1'))?.group_id, null);
        await assert.rejects(s.deleteAgentGroup('default'), /cannot be deleted/);
      }));

    test('enrollment tokens are found by hash, counted and deleted', () =>
      withStore(async (s) => {
        await s.createEnrollmentToken({ id: 't1', token_hash: 'th', description: 'lab', group_id: null, expires_at: null, created_at: T0, created_by: 'admin' });
        await s.countEnrollmentTokenUse('t1');
        assert.equal((await s.getEnrollmentTokenByHash('th'))?.uses, 1);
        assert.equal((await s.listEnrollmentTokens()).length, 1);
        assert.equal(await s.deleteEnrollmentToken('t1'), true);
        assert.equal(await s.getEnrollmentTokenByHash('th'), undefined);
      }));

    test('inventory: snapshots idempotent, partial snapshots replace only their tables, changes queryable by time', () =>
      withStore(async (s) => {
        const full = {
          id: 's1', host_id: 'h1', agent_id: 'a1', time: at(0), full: true,
          tables: [
            { table: 'users', rows: [{ username: 'root' }], error: null, warnings: [] },
            { table: 'listening_ports', rows: [{ port: 22 }], error: null, warnings: [] },
          ],
          changes: [],
        };
        assert.deepEqual(await s.saveInventory(full), { duplicate: false });
        assert.deepEqual(await s.saveInventory(full), { duplicate: true });
        await s.saveInventory({
          id: 's2', host_id: 'h1', agent_id: 'a1', time: at(5), full: false,
          tables: [{ table: 'listening_ports', rows: [{ port: 22 }, { port: 4444 }], error: null, warnings: [] }],
          changes: [{ host_id: 'h1', snapshot_id: 's2', time: at(5), table: 'listening_ports', added: [{ port: 4444 }], removed: [], changed: [] }],
        });
        const tables = await s.getInventory('h1');
        assert.deepEqual(tables.map((t) => [t.table, t.rows.length, t.snapshot_id]), [['listening_ports', 2, 's2'], ['users', 1, 's1']]);
        assert.deepEqual((await s.getInventory('h1', 'users'))[0].rows, [{ username: 'root' }]);
        assert.deepEqual((await s.listInventoryRows('listening_ports')).map((r) => r.host_id), ['h1']);
        const changes = await s.listInventoryChanges({ host_id: 'h1', until: at(10) });
        assert.equal(changes.total, 1);
        assert.deepEqual(changes.items[0].added, [{ port: 4444 }]);
        assert.equal((await s.listInventoryChanges({ host_id: 'h1', until: at(4) })).total, 0);
      }));

    test('alerts: filters, dedup lookup of open alerts only, repeats, comments, histogram and ATT&CK counts', () =>
      withStore(async (s) => {
        await s.createAlert(sampleAlert('x1'));
        await s.createAlert(sampleAlert('x2', { severity: 'critical', host_id: 'h2', techniques: ['T1105'], tactics: ['command-and-control'], rule_name: 'Download', first_seen: at(60), last_seen: at(60) }));
        assert.equal((await s.listAlerts({ severity: ['critical'] })).total, 1);
        assert.equal((await s.listAlerts({ technique: 'T1059' })).items[0]?.id, 'x1', 'a parent technique matches its sub-techniques');
        assert.equal((await s.listAlerts({ tactic: 'execution' })).total, 1);
        assert.equal((await s.listAlerts({ q: 'Down' })).items[0]?.id, 'x2');
        assert.deepEqual((await s.listAlerts({ sort: 'severity', order: 'desc' })).items.map((a) => a.id), ['x2', 'x1']);
        assert.deepEqual((await s.listAlerts({ limit: 1, offset: 1, sort: 'last_seen' })), { items: [await s.getAlert('x1')], total: 2 });

        assert.equal((await s.findAlertByDedupKey('k-x1', T0))?.id, 'x1');
        assert.equal(await s.findAlertByDedupKey('k-x1', at(1)), undefined, 'outside the window');
        const repeated = await s.recordAlertRepeat('x1', { time: at(2), event_id: 'b2:0', max_event_ids: 2 });
        assert.deepEqual([repeated?.count, repeated?.last_seen, repeated?.event_ids], [2, at(2), ['b1:0', 'b2:0']]);
        const capped = await s.recordAlertRepeat('x1', { time: at(3), event_id: 'b3:0', max_event_ids: 2 });
        assert.deepEqual([capped?.count, capped?.event_ids.length], [3, 2]);

        const resolved = await s.updateAlert('x1', { status: 'resolved', assignee: 'alice', updated_at: at(4) });
        assert.deepEqual([resolved?.status, resolved?.assignee], ['resolved', 'alice']);
        assert.equal(await s.findAlertByDedupKey('k-x1', T0), undefined, 'a resolved alert is not reopened by dedup');
        await s.addAlertComment('x1', { time: at(5), author: 'alice', text: 'benign cron' });
        await s.addAlertComment('x1', { time: at(6), author: 'bob', text: 'agreed' });
        assert.deepEqual((await s.getAlert('x1'))?.comments.map((c) => c.text), ['benign cron', 'agreed']);
        assert.equal(await s.updateAlert('missing', { status: 'new', updated_at: T0 }), undefined);

        const hist = await s.alertHistogram(T0, 'hour');
        assert.deepEqual(hist, [
          { bucket: '2026-01-01T00', severity: 'high', count: 1 },
          { bucket: '2026-01-01T01', severity: 'critical', count: 1 },
        ]);
        const attack = await s.attackCounts();
        assert.deepEqual(attack.map((a) => [a.technique, a.tactic, a.count]).sort(), [['T1059.004', 'execution', 1], ['T1105', 'command-and-control', 1]]);
      }));

    test('incidents: open incident per host within a window; alerts link to it', () =>
      withStore(async (s) => {
        await s.createIncident({ id: 'i1', host_id: 'h1', title: 'Shell', severity: 'high', status: 'open', first_seen: T0, last_seen: T0, alert_count: 1, created_at: T0, updated_at: T0 });
        assert.equal((await s.findOpenIncident('h1', T0))?.id, 'i1');
        assert.equal(await s.findOpenIncident('h2', T0), undefined);
        const up = await s.updateIncident('i1', { severity: 'critical', last_seen: at(9), alert_count: 2, updated_at: at(9) });
        assert.deepEqual([up?.severity, up?.alert_count, up?.last_seen], ['critical', 2, at(9)]);
        await s.createAlert(sampleAlert('x1', { incident_id: 'i1' }));
        assert.equal((await s.listAlerts({ incident_id: 'i1' })).total, 1);
        await s.updateIncident('i1', { status: 'closed', updated_at: at(10) });
        assert.equal(await s.findOpenIncident('h1', T0), undefined);
        assert.equal((await s.listIncidents({ status: 'closed' })).total, 1);
      }));

    test("detection's writes commit together: new incidents and alerts, updates, repeats after creates, the analyzed mark", () =>
      withStore(async (s) => {
        await s.appendEvents({ id: 'b1', agent_id: 'a1', host_id: 'h1', received_at: T0, events: [execEvent('h1', T0)] });
        await s.createIncident({ id: 'i0', host_id: 'h2', title: 'Old', severity: 'low', status: 'open', first_seen: T0, last_seen: T0, alert_count: 1, created_at: T0, updated_at: T0 });
        await s.createAlert(sampleAlert('x0', { host_id: 'h2', incident_id: 'i0' }));
        await s.commitDetections({
          incidents: [{ id: 'i1', host_id: 'h1', title: 'Shell', severity: 'high', status: 'open', first_seen: T0, last_seen: T0, alert_count: 1, created_at: T0, updated_at: T0 }],
          incident_updates: [{ id: 'i0', patch: { severity: 'critical', last_seen: at(5), alert_count: 2, updated_at: at(5) } }],
          alerts: [sampleAlert('x1', { incident_id: 'i1' })],
          repeats: [
            { id: 'x1', repeat: { time: at(1), event_id: 'b1:0', max_event_ids: 5 } },
            { id: 'x1', repeat: { time: at(2), event_id: 'b2:0', max_event_ids: 5 } },
            { id: 'x0', repeat: { time: at(3), event_id: 'b3:0', max_event_ids: 1 } },
          ],
          analyzed_batch: 'b1',
        });
        const x1 = await s.getAlert('x1');
        assert.deepEqual([x1?.count, x1?.last_seen, x1?.event_ids, x1?.incident_id], [3, at(2), ['b1:0', 'b2:0'], 'i1'], 'a known event id is not listed twice');
        const x0 = await s.getAlert('x0');
        assert.deepEqual([x0?.count, x0?.event_ids], [2, ['b1:0']], 'event ids stop at the cap');
        assert.deepEqual([(await s.getIncident('i0'))?.severity, (await s.getIncident('i0'))?.alert_count, (await s.getIncident('i0'))?.title], ['critical', 2, 'Old']);
        assert.equal((await s.getIncident('i1'))?.title, 'Shell');
        assert.equal(await s.isBatchAnalyzed('b1'), true);

        // One failing write (a duplicate alert id) undoes the whole set, the mark included.
        await s.appendEvents({ id: 'b2', agent_id: 'a1', host_id: 'h1', received_at: T0, events: [execEvent('h1', T0)] });
        await assert.rejects(
          s.commitDetections({
            incidents: [{ id: 'i2', host_id: 'h3', title: 'New', severity: 'low', status: 'open', first_seen: T0, last_seen: T0, alert_count: 1, created_at: T0, updated_at: T0 }],
            incident_updates: [],
            alerts: [sampleAlert('x1')],
            repeats: [],
            analyzed_batch: 'b2',
          }),
        );
        assert.deepEqual([await s.getIncident('i2'), await s.isBatchAnalyzed('b2'), (await s.getAlert('x1'))?.count], [undefined, false, 3]);
      }));

    test('rule states and suppressions', () =>
      withStore(async (s) => {
        await s.setRuleState('r1', false);
        await s.setRuleState('r2', true);
        await s.setRuleState('r1', true);
        assert.deepEqual([...(await s.getRuleStates())].sort(), [['r1', true], ['r2', true]]);
        await s.createSuppression({ id: 'sp1', rule_id: 'r1', host_id: null, process_executable: '/usr/bin/backup', container_image: null, reason: 'backup job', created_by: 'alice', created_at: T0 });
        assert.equal((await s.listSuppressions())[0].process_executable, '/usr/bin/backup');
        assert.equal(await s.deleteSuppression('sp1'), true);
        assert.equal((await s.listSuppressions()).length, 0);
      }));

    test('findings: replaced per target keeping first_seen; host filter includes its images; counts by target', () =>
      withStore(async (s) => {
        await s.replaceFindings('host', 'h1', [finding('1'), finding('2', { severity: 'CRITICAL', fixed_version: '3.0.2', priority: 9 })]);
        await s.replaceFindings('host', 'h1', [finding('2', { severity: 'CRITICAL', fixed_version: '3.0.2', priority: 9, first_seen: at(10), last_seen: at(10) })]);
        const f2 = await s.getFinding('2');
        assert.deepEqual([f2?.first_seen, f2?.last_seen], [T0, at(10)]);
        assert.equal(await s.getFinding('1'), undefined);
        await s.upsertImage({ digest: 'sha256:aa', name: 'nginx:1.25', tags: ['nginx:1.25'], os: 'Debian 12', scanned_at: T0, scan_error: null, last_seen: T0, seen: T0 });
        await s.setHostImages('h1', ['sha256:aa']);
        await s.replaceFindings('image', 'sha256:aa', [finding('3', { target_kind: 'image', target_id: 'sha256:aa', package_name: 'zlib', severity: 'low' })]);
        assert.equal((await s.listFindings({ host_id: 'h1' })).total, 2);
        assert.equal((await s.listFindings({ image: 'nginx:1.25' })).total, 1);
        assert.equal((await s.listFindings({ fixable: true })).items[0]?.id, '2');
        assert.equal((await s.listFindings({ fixable: false })).items[0]?.id, '3');
        assert.equal((await s.listFindings({ severity: ['LOW'] })).total, 1, 'severity filters ignore case');
        assert.equal((await s.listFindings({ q: 'zli' })).total, 1);
        assert.deepEqual((await s.listFindings({ sort: 'priority' })).items.map((f) => f.id), ['2', '3']);
        assert.equal((await s.listFindings({ first_seen_before: at(5) })).total, 2);
        assert.deepEqual(await s.findingCountsByTarget('host', 5), [{ target_kind: 'host', target_id: 'h1', total: 1, critical: 1, high: 0 }]);
        const img = await s.getImage('sha256:aa');
        assert.deepEqual(img?.host_ids, ['h1']);
        assert.equal((await s.listImages({ host_id: 'h1' })).total, 1);
        await s.setHostImages('h1', []);
        assert.equal((await s.listImages({ host_id: 'h1' })).total, 0);
        assert.equal((await s.listImages({})).total, 1);
      }));

    test('compliance: reports idempotent; results are the latest report per host and profile', () =>
      withStore(async (s) => {
        const result = (id: string, status: 'pass' | 'fail') => ({ check_id: id, title: { en: id, zh: id }, status, evidence: 'x' });
        const r1 = { id: 'c1', host_id: 'h1', agent_id: 'a1', profile: 'cis-docker', time: at(0), results: [result('1.1', 'fail'), result('1.2', 'pass')] };
        assert.deepEqual(await s.saveComplianceReport(r1), { duplicate: false });
        assert.deepEqual(await s.saveComplianceReport(r1), { duplicate: true });
        await s.saveComplianceReport({ ...r1, id: 'c2', time: at(10), results: [result('1.1', 'pass'), result('1.2', 'pass')] });
        await s.saveComplianceReport({ ...r1, id: 'c0', time: at(-10), results: [result('1.1', 'fail')] });
        const reports = await s.listComplianceReports({ host_id: 'h1' });
        assert.deepEqual(reports.items.map((r) => [r.id, r.pass, r.fail]), [['c2', 2, 0], ['c1', 1, 1], ['c0', 0, 1]]);
        const results = await s.listComplianceResults({ host_id: 'h1', profile: 'cis-docker' });
        assert.deepEqual(results.items.map((r) => [r.check_id, r.status, r.report_id]).sort(), [['1.1', 'pass', 'c2'], ['1.2', 'pass', 'c2']]);
        assert.deepEqual(results.items[0].title, { en: results.items[0].check_id, zh: results.items[0].check_id });
        assert.equal((await s.listComplianceResults({ status: 'fail' })).total, 0);
      }));

    test('users, sessions, API tokens: lookups by name and hash; deleting a user removes its credentials', () =>
      withStore(async (s) => {
        await s.createUser({ id: 'u1', username: 'alice', role: 'analyst', password_hash: 'ph', failed_logins: 0, locked_until: null, created_at: T0 });
        await assert.rejects(s.createUser({ id: 'u2', username: 'alice', role: 'viewer', password_hash: 'x', failed_logins: 0, locked_until: null, created_at: T0 }), /exists/);
        assert.equal(await s.countUsers(), 1);
        const locked = await s.updateUser('u1', { failed_logins: 5, locked_until: at(15) });
        assert.deepEqual([locked?.failed_logins, locked?.locked_until, locked?.role], [5, at(15), 'analyst']);
        assert.equal((await s.getUserByName('alice'))?.locked_until, at(15));
        await s.createSession({ id_hash: 'sh', user_id: 'u1', created_at: T0, expires_at: at(60) });
        await s.createSession({ id_hash: 'old', user_id: 'u1', created_at: T0, expires_at: at(1) });
        assert.equal(await s.deleteExpiredSessions(at(30)), 1);
        assert.equal((await s.getSession('sh'))?.user_id, 'u1');
        await s.createApiToken({ id: 'tk1', user_id: 'u1', name: 'ci', token_hash: 'tkh', role: 'viewer', created_at: T0, expires_at: null, last_used_at: null });
        await s.touchApiToken('tk1', at(3));
        assert.equal((await s.getApiTokenByHash('tkh'))?.last_used_at, at(3));
        assert.equal((await s.listApiTokens('u1')).length, 1);
        assert.equal(await s.deleteUser('u1'), true);
        assert.equal(await s.getSession('sh'), undefined);
        assert.equal(await s.getApiTokenByHash('tkh'), undefined);
      }));

    test('audit log is appended in order and filtered', () =>
      withStore(async (s) => {
        await s.appendAudit({ time: at(0), actor: 'user:alice', action: 'alert.update', target: 'x1', outcome: 'success', details: { status: 'resolved' }, ip: '127.0.0.1' });
        await s.appendAudit({ time: at(1), actor: 'user:bob', action: 'login', target: null, outcome: 'failure', details: {}, ip: null });
        const all = await s.listAudit({});
        assert.deepEqual(all.items.map((r) => r.action), ['login', 'alert.update']);
        assert.deepEqual((await s.listAudit({ actor: 'user:alice' })).items[0].details, { status: 'resolved' });
      }));

    test('response actions are delivered once, then completed with their result', () =>
      withStore(async (s) => {
        await s.createAction({ id: 'ac1', agent_id: 'a1', alert_id: 'x1', type: 'kill_process', params: { pid: 4242 }, status: 'queued', requested_by: 'user:alice', requested_at: T0, delivered_at: null, result: null, completed_at: null });
        const first = await s.takeQueuedActions('a1', at(1));
        assert.deepEqual(first.map((a) => [a.id, a.status, a.params]), [['ac1', 'delivered', { pid: 4242 }]]);
        assert.deepEqual(await s.takeQueuedActions('a1', at(2)), []);
        const done = await s.completeAction('ac1', { ok: true, message: 'killed' }, at(3));
        assert.deepEqual([done?.status, done?.result?.message], ['succeeded', 'killed']);
        assert.equal((await s.listActions({ alert_id: 'x1' })).length, 1);
      }));

    test('inspections, outputs and settings round-trip', () =>
      withStore(async (s) => {
        await s.saveInspection({ id: 'in1', group_id: 'default', time: T0, report: { agents_offline: [] } });
        assert.deepEqual((await s.listInspections({ group_id: 'default' })).items[0].report, { agents_offline: [] });
        const o = await s.putOutput({ id: 'o1', type: 'webhook', name: 'soc', enabled: true, config: { url: 'http://x' }, min_severity: 'high', created_at: T0, updated_at: T0 });
        assert.equal(o.enabled, true);
        await s.putOutput({ ...o, enabled: false, updated_at: at(1) });
        assert.deepEqual((await s.listOutputs()).map((x) => [x.id, x.enabled, x.created_at]), [['o1', false, T0]]);
        assert.equal(await s.deleteOutput('o1'), true);
        await s.putSettings({ dedup_window_seconds: 300, retention: { days: 30 } });
        await s.putSettings({ dedup_window_seconds: 60 });
        assert.deepEqual(await s.getSettings(), { dedup_window_seconds: 60, retention: { days: 30 } });
      }));
  });
}
